#include "CalendarCommand.h"

#include "ScheduleCli.h"
#include "model/Clock.h"
#include "schedule/ScheduleJson.h"
#include "storage/StoreError.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck {

namespace {

int add(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Create an exclusion calendar, or add dates to it. Schedules that refer to it (--exclude) do not fire on them."));
    parser.addPositionalArgument(QStringLiteral("calendar add"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The calendar."));
    parser.addOption({QStringLiteral("dates"),
                      QStringLiteral("Dates and ranges, comma-separated: 2026-12-24,2026-12-28..2027-01-01."),
                      QStringLiteral("LIST")});
    ScheduleCli::Session session;
    if (!ScheduleCli::parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = ScheduleCli::nameArgument(parser, QStringLiteral("jobdeck calendar add NAME --dates LIST"));
    if (!name)
        return ExitBadInput;
    if (!parser.isSet(QStringLiteral("dates")))
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck calendar add NAME --dates LIST"));
    QString error;
    const auto ranges = ExclusionCalendar::parseDates(parser.value(QStringLiteral("dates")), &error);
    if (!ranges)
        return fail(ExitBadInput, error);
    if (!ScheduleCli::open(session))
        return ExitFailed;
    if (!ScheduleCli::apply(session, {SaveCalendar{*name, *ranges, SystemClock::instance().nowMs()}}))
        return ExitFailed;
    for (const ExclusionCalendar &c : session.reader->calendars()) {
        if (c.name == *name)
            out() << QStringLiteral("calendar %1: %2").arg(c.name, c.datesText()) << Qt::endl;
    }
    return ExitOk;
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the exclusion calendars and their dates."));
    parser.addPositionalArgument(QStringLiteral("calendar list"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    ScheduleCli::Session session;
    if (!ScheduleCli::parse(parser, arguments, 2, session))
        return ExitBadInput;
    if (!ScheduleCli::open(session))
        return ExitFailed;
    std::vector<ExclusionCalendar> calendars;
    try {
        calendars = session.reader->calendars();
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const ExclusionCalendar &c : calendars)
            array.append(ScheduleJson::calendar(c));
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    if (calendars.empty())
        out() << "no calendars (add one with jobdeck calendar add NAME --dates LIST)" << Qt::endl;
    for (const ExclusionCalendar &c : calendars)
        out() << c.name << ": " << c.datesText() << '\n';
    out().flush();
    return ExitOk;
}

} // namespace

int runCalendar(const QStringList &arguments)
{
    const QStringList words = CommandLine::subcommandWords(arguments, QStringLiteral("calendar"), {QStringLiteral("--dates")});
    const QString sub = words.value(0);
    if (sub == QLatin1String("add"))
        return add(arguments);
    if (sub == QLatin1String("list"))
        return list(arguments);
    if (sub.isEmpty() && (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << "Usage: jobdeck calendar COMMAND [options]\n\n"
                 "Exclusion calendars: dates on which the schedules that refer to them do not fire.\n\n"
                 "Commands:\n"
                 "  add NAME --dates LIST   create a calendar, or add dates to it\n"
                 "  list [--json]           the calendars and their dates\n\n"
                 "jobdeck calendar COMMAND --help shows the options of each command.\n";
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput, sub.isEmpty() ? QStringLiteral("usage: jobdeck calendar add NAME --dates LIST | jobdeck calendar list")
                                            : QStringLiteral("unknown calendar command \"%1\" (see jobdeck calendar --help)").arg(sub));
}

} // namespace jobdeck
