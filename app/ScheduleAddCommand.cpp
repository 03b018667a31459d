#include "JobSpecInput.h"
#include "ScheduleCli.h"
#include "definitions/DefinitionSchedules.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "schedule/ScheduleCommands.h"
#include "storage/StoreError.h"

namespace jobdeck::ScheduleCli {

namespace {

const char *const kUsage =
    "jobdeck schedule add NAME (--cron EXPR | --every DUR | --at ISO8601) (--kind K [--payload JSON] | --job DEFINITION) "
    "[--tz ZONE] [--misfire fire-once|skip|catch-up] [--overlap allow|skip|queue-one|replace] [--exclude CALENDAR]";

// Fills the schedule's when, what and policies from the options; returns an error message or empty.
QString readSpec(const QCommandLineParser &parser, const HandlerRegistry &handlers, qint64 now, ScheduleSpec &spec)
{
    const bool cron = parser.isSet(QStringLiteral("cron"));
    const bool every = parser.isSet(QStringLiteral("every"));
    const bool at = parser.isSet(QStringLiteral("at"));
    if (int(cron) + int(every) + int(at) != 1)
        return QStringLiteral("give one of --cron, --every or --at");
    spec.zone = parser.value(QStringLiteral("tz"));
    if (cron) {
        spec.kind = ScheduleKind::Cron;
        spec.cron = parser.value(QStringLiteral("cron"));
    } else if (every) {
        spec.kind = ScheduleKind::Interval;
        const QString text = parser.value(QStringLiteral("every"));
        const auto ms = parseDuration(text);
        if (!ms || *ms < 1000 || *ms % 1000 != 0)
            return QStringLiteral("bad --every \"%1\": write whole seconds or more, like 30s, 15m or 2h").arg(text);
        spec.everyMs = *ms;
        spec.atMs = now / 1000 * 1000; // occurrences on whole seconds

        if (parser.isSet(QStringLiteral("anchor"))) {
            const auto anchor = parseIsoTime(parser.value(QStringLiteral("anchor")));
            if (!anchor)
                return QStringLiteral("bad --anchor \"%1\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00")
                    .arg(parser.value(QStringLiteral("anchor")));
            spec.atMs = *anchor;
        }
    } else {
        spec.kind = ScheduleKind::Once;
        const auto when = parseIsoTime(parser.value(QStringLiteral("at")));
        if (!when)
            return QStringLiteral("bad --at \"%1\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00")
                .arg(parser.value(QStringLiteral("at")));
        spec.atMs = *when;
    }
    if (parser.isSet(QStringLiteral("anchor")) && !every)
        return QStringLiteral("--anchor goes with --every");

    const bool kind = parser.isSet(QStringLiteral("kind"));
    const bool job = parser.isSet(QStringLiteral("job"));
    if (kind == job)
        return QStringLiteral("give either --kind (with --payload) or --job DEFINITION");
    SpecFields fields;
    if (const QString error = readJobOptions(parser, fields); !error.isEmpty())
        return error;
    if (kind) {
        fields.kind = parser.value(QStringLiteral("kind"));
        if (const QString error = buildSpec(fields, handlers, now, spec.job); !error.isEmpty())
            return error;
    } else {
        spec.definition = parser.value(QStringLiteral("job"));
        if (parser.isSet(QStringLiteral("payload")))
            return QStringLiteral("--payload goes with --kind; a job definition brings its own");
        spec.job = JobSpec{};
    }

    if (parser.isSet(QStringLiteral("misfire"))) {
        const auto policy = misfireFromName(parser.value(QStringLiteral("misfire")));
        if (!policy)
            return QStringLiteral("--misfire must be fire-once, skip or catch-up, not \"%1\"").arg(parser.value(QStringLiteral("misfire")));
        spec.misfire = *policy;
    }
    if (parser.isSet(QStringLiteral("catch-up-limit"))) {
        bool ok = false;
        spec.catchUpLimit = parser.value(QStringLiteral("catch-up-limit")).toInt(&ok);
        if (!ok || spec.catchUpLimit < 1)
            return QStringLiteral("--catch-up-limit must be a number of at least 1");
    }
    if (parser.isSet(QStringLiteral("overlap"))) {
        const auto policy = overlapFromName(parser.value(QStringLiteral("overlap")));
        if (!policy)
            return QStringLiteral("--overlap must be allow, skip, queue-one or replace, not \"%1\"").arg(parser.value(QStringLiteral("overlap")));
        spec.overlap = *policy;
    }
    for (const QString &list : parser.values(QStringLiteral("exclude"))) {
        for (const QString &name : list.split(u',', Qt::SkipEmptyParts)) {
            if (!spec.exclusions.contains(name.trimmed()))
                spec.exclusions << name.trimmed();
        }
    }
    return {};
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
