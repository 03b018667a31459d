#include "JobSpecInput.h"
#include "ScheduleCli.h"
#include "definitions/DefinitionSchedules.h"
#include "model/Clock.h"
#include "schedule/ScheduleCommands.h"
#include "schedule/ScheduleFields.h"
#include "storage/StoreError.h"

namespace jobdeck::ScheduleCli {

namespace {

const char *const kUsage =
    "jobdeck schedule add NAME (--cron EXPR | --every DUR | --at ISO8601) (--kind K [--payload JSON] | --job DEFINITION) "
    "[--tz ZONE] [--misfire fire-once|skip|catch-up] [--overlap allow|skip|queue-one|replace] [--exclude CALENDAR]";

// Fills the schedule's when, what and policies from the options; returns an error message or empty.
QString readSpec(const QCommandLineParser &parser, const HandlerRegistry &handlers, qint64 now, ScheduleSpec &spec)
{
    ScheduleFields f;
    f.name = spec.name;
    f.cron = parser.value(QStringLiteral("cron"));
    f.every = parser.value(QStringLiteral("every"));
    f.anchor = parser.value(QStringLiteral("anchor"));
    f.at = parser.value(QStringLiteral("at"));
    f.zone = parser.value(QStringLiteral("tz"));
    f.definition = parser.value(QStringLiteral("job"));
    f.misfire = parser.value(QStringLiteral("misfire"));
    f.catchUpLimit = parser.value(QStringLiteral("catch-up-limit"));
    f.overlap = parser.value(QStringLiteral("overlap"));
    for (const QString &list : parser.values(QStringLiteral("exclude"))) {
        for (const QString &name : list.split(u',', Qt::SkipEmptyParts))
            f.exclusions << name.trimmed();
    }
    const bool kind = parser.isSet(QStringLiteral("kind"));
    if (kind == parser.isSet(QStringLiteral("job")))
        return QStringLiteral("give either --kind (with --payload) or --job DEFINITION");
    if (!kind && parser.isSet(QStringLiteral("payload")))
        return QStringLiteral("--payload goes with --kind; a job definition brings its own");
    if (kind) {
        SpecFields job;
        if (const QString error = readJobOptions(parser, job); !error.isEmpty())
            return error;
        job.kind = parser.value(QStringLiteral("kind"));
        f.job = job;
    }
    return ScheduleInput::build(f, handlers, now, spec, ScheduleInput::Spelling::Options);
}

} // namespace

int add(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Add a schedule: when it fires, and the job each occurrence enqueues."));
    parser.addPositionalArgument(QStringLiteral("schedule add"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule's name (names starting with jobs/ belong "
                                                                        "to the jobs folder's settings.job)."));
    parser.addOptions({
        {QStringLiteral("cron"), QStringLiteral("Fire at the times of a cron expression (5 or 6 fields, or a macro)."),
         QStringLiteral("EXPR")},
        {QStringLiteral("every"), QStringLiteral("Fire every DUR (30s, 15m, 2h ...) from --anchor."), QStringLiteral("DUR")},
        {QStringLiteral("anchor"), QStringLiteral("With --every: the first occurrence (default: now)."), QStringLiteral("TIME")},
        {QStringLiteral("at"), QStringLiteral("Fire once, at this ISO 8601 time."), QStringLiteral("TIME")},
        {QStringLiteral("kind"), QStringLiteral("The kind of job each occurrence enqueues."), QStringLiteral("K")},
        {QStringLiteral("job"), QStringLiteral("Enqueue this job definition of the jobs folder instead."),
         QStringLiteral("DEFINITION")},
        {QStringLiteral("tz"), QStringLiteral("IANA time zone of the schedule (default: the system's)."), QStringLiteral("ZONE")},
        {QStringLiteral("misfire"), QStringLiteral("Missed occurrences: fire-once (default), skip or catch-up."),
         QStringLiteral("POLICY")},
        {QStringLiteral("catch-up-limit"), QStringLiteral("With --misfire catch-up: at most N runs (default 10)."),
         QStringLiteral("N")},
        {QStringLiteral("overlap"), QStringLiteral("While the previous run is unfinished: allow (default), skip, "
                                                   "queue-one or replace."),
         QStringLiteral("POLICY")},
        {QStringLiteral("exclude"), QStringLiteral("Do not fire on the dates of this calendar (repeatable)."),
         QStringLiteral("CALENDAR")},
        {QStringLiteral("replace"), QStringLiteral("Replace the schedule of that name, keeping its history.")},
    });
    parser.addOptions(jobOptions());
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = nameArgument(parser, QString::fromLatin1(kUsage));
    if (!name)
        return ExitBadInput;
    if (DefinitionSchedules::isFolderOwned(*name))
        return fail(ExitBadInput, QStringLiteral("schedule names starting with \"%1\" belong to the jobs folder: give the "
                                                 "job a \"schedule\" in its settings.job instead")
                                      .arg(DefinitionSchedules::namePrefix()));
    const qint64 now = SystemClock::instance().nowMs();
    ScheduleSpec spec;
    spec.name = *name;
    if (const QString error = readSpec(parser, handlers, now, spec); !error.isEmpty())
        return fail(ExitBadInput, error);
    QString error;
    const auto save = ScheduleCommands::save(spec, now, parser.isSet(QStringLiteral("replace")), &error);
    if (!save)
        return fail(ExitBadInput, error);
    if (!open(session))
        return ExitFailed;
    try {
        const auto calendars = session.reader->calendars();
        for (const QString &wanted : spec.exclusions) {
            if (std::none_of(calendars.begin(), calendars.end(), [&](const ExclusionCalendar &c) { return c.name == wanted; }))
                return fail(ExitBadInput, QStringLiteral("unknown calendar \"%1\" (create it with jobdeck calendar add %1 "
                                                         "--dates ...)")
                                              .arg(wanted));
        }
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    const auto result = apply(session, {*save});
    if (!result)
        return ExitFailed;
    if (!result->results.front().applied)
        return fail(ExitFailed, QStringLiteral("a schedule named \"%1\" exists already (remove it, or add with --replace)")
                                    .arg(*name));
    const ScheduleRecord &added = save->schedule;
    out() << QStringLiteral("schedule %1: %2 (%3); next %4")
                 .arg(added.spec.name, added.spec.recurrence()->describe(), added.spec.zone,
                      localTime(added, added.nextFireAtMs))
          << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck::ScheduleCli
