#include "ScheduleCommand.h"

#include "CommandLine.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "schedule/Recurrence.h"

namespace jobdeck {

namespace {

constexpr int kMaxCount = 10'000;

const char *const kUsage = "usage: jobdeck schedule next EXPR [--tz ZONE] [--from ISO8601] [--count N]";

int runNext(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the next occurrences of a cron expression, one per line, as local date-times with their offset."));
    parser.addPositionalArgument(QStringLiteral("schedule next"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("EXPR"),
                                 QStringLiteral("Cron expression: 5 fields, or 6 with seconds first, or a macro (@daily)."));
    parser.addOptions({
        {QStringLiteral("tz"), QStringLiteral("IANA time zone (default: the system's)."), QStringLiteral("ZONE")},
        {QStringLiteral("from"), QStringLiteral("Start after this ISO 8601 time (default: now)."), QStringLiteral("TIME")},
        {QStringLiteral("count"), QStringLiteral("How many occurrences (default 10)."), QStringLiteral("N")},
    });
    CommandLine::addGlobalOptions(parser);
    if (!CommandLine::parse(parser, arguments))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3)
        return fail(ExitBadInput, QString::fromLatin1(kUsage));
    QString error;
    const auto recurrence = Recurrence::parseCron(positional[2], parser.value(QStringLiteral("tz")), &error);
    if (!recurrence)
        return fail(ExitBadInput, error);
    qint64 from = SystemClock::instance().nowMs();
    if (parser.isSet(QStringLiteral("from"))) {
        const auto at = parseIsoTime(parser.value(QStringLiteral("from")));
        if (!at)
            return fail(ExitBadInput, QStringLiteral("bad --from \"%1\": write ISO 8601 with an offset, like "
                                                     "2026-03-29T02:30:00+01:00")
                                          .arg(parser.value(QStringLiteral("from"))));
        from = *at;
    }
    int count = 10;
    if (parser.isSet(QStringLiteral("count"))) {
        bool ok = false;
        count = parser.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || count < 1 || count > kMaxCount)
            return fail(ExitBadInput, QStringLiteral("--count must be a number from 1 to %1").arg(kMaxCount));
    }
    std::optional<qint64> at = from;
    for (int i = 0; i < count; ++i) {
        at = recurrence->next(*at);
        if (!at)
            break;
        out() << formatLocalIso(*at, recurrence->zone()) << '\n';
    }
    out().flush();
    return ExitOk;
}

} // namespace

int runSchedule(const QStringList &arguments, const HandlerRegistry &handlers)
{
    Q_UNUSED(handlers);
    // The subcommand is the first word after "schedule" that is neither an option nor an option's value.
    static const QStringList s_valueOptions = {QStringLiteral("--db"), QStringLiteral("--workers"),
                                               QStringLiteral("--durability"), QStringLiteral("--tz"),
                                               QStringLiteral("--from"), QStringLiteral("--count")};
    const qsizetype at = arguments.indexOf(QStringLiteral("schedule"));
    QString sub;
    for (qsizetype i = at + 1; i < arguments.size(); ++i) {
        if (s_valueOptions.contains(arguments[i])) {
            ++i;
            continue;
        }
        if (!arguments[i].startsWith(u'-')) {
            sub = arguments[i];
            break;
        }
    }
    if (sub == QLatin1String("next"))
        return runNext(arguments);
    if (sub.isEmpty() && (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << "Usage: jobdeck schedule COMMAND [options]\n\n"
                 "Commands:\n"
                 "  next EXPR [--tz ZONE] [--from ISO8601] [--count N]\n"
                 "                 print the next occurrences of a cron expression\n\n"
                 "jobdeck schedule COMMAND --help shows the options of each command.\n";
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput, sub.isEmpty() ? QString::fromLatin1(kUsage)
                                            : QStringLiteral("unknown schedule command \"%1\" (see jobdeck schedule --help)").arg(sub));
}

} // namespace jobdeck
