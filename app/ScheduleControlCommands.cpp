#include "ScheduleCli.h"
#include "definitions/DefinitionSchedules.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "runner/HandlerRegistry.h"
#include "schedule/ScheduleCommands.h"
#include "storage/StoreError.h"

namespace jobdeck::ScheduleCli {

int remove(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove a schedule and its recorded occurrences (its jobs stay)."));
    parser.addPositionalArgument(QStringLiteral("schedule rm"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule (not one of the jobs folder, jobs/NAME: "
                                                                        "remove its \"schedule\" from settings.job)."));
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = nameArgument(parser, QStringLiteral("jobdeck schedule rm NAME"));
    if (!name)
        return ExitBadInput;
    if (DefinitionSchedules::isFolderOwned(*name))
        return fail(ExitBadInput, QStringLiteral("schedule %1 belongs to the jobs folder: remove \"schedule\" from the job's "
                                                 "settings.job, or disable it with jobdeck schedule pause %1")
                                      .arg(*name));
    if (!open(session))
        return ExitFailed;
    const auto result = apply(session, {DeleteSchedule{*name}});
    if (!result)
        return ExitFailed;
    if (!result->results.front().applied)
        return fail(ExitFailed, noSuchSchedule(*name));
    out() << QStringLiteral("schedule %1 removed").arg(*name) << Qt::endl;
    return ExitOk;
}

int pause(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Disable a schedule until it is resumed, or pause it until a time. Occurrences in between are passed over."));
    parser.addPositionalArgument(QStringLiteral("schedule pause"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule."));
    parser.addOption({QStringLiteral("until"), QStringLiteral("Fire again from this ISO 8601 time."), QStringLiteral("TIME")});
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = nameArgument(parser, QStringLiteral("jobdeck schedule pause NAME [--until ISO8601]"));
    if (!name)
        return ExitBadInput;
    const qint64 now = SystemClock::instance().nowMs();
    qint64 until = 0;
    if (parser.isSet(QStringLiteral("until"))) {
        const auto at = parseIsoTime(parser.value(QStringLiteral("until")));
        if (!at)
            return fail(ExitBadInput, QStringLiteral("bad --until \"%1\": write ISO 8601 with an offset, like "
                                                     "2026-03-29T02:30:00+01:00")
                                          .arg(parser.value(QStringLiteral("until"))));
        if (*at <= now)
            return fail(ExitBadInput, QStringLiteral("--until must be in the future"));
        until = *at;
    }
    const auto record = find(session, *name);
    if (!record)
        return ExitFailed;
    if (!apply(session, {ScheduleCommands::pause(*name, until, now)}))
        return ExitFailed;
    if (until > 0)
        out() << QStringLiteral("schedule %1 paused until %2").arg(*name, localTime(*record, until)) << Qt::endl;
    else
        out() << QStringLiteral("schedule %1 disabled until resumed").arg(*name) << Qt::endl;
    return ExitOk;
}

int resume(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enable a disabled or paused schedule, from its next occurrence."));
    parser.addPositionalArgument(QStringLiteral("schedule resume"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule."));
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = nameArgument(parser, QStringLiteral("jobdeck schedule resume NAME"));
    if (!name)
        return ExitBadInput;
    const auto record = find(session, *name);
    if (!record)
        return ExitFailed;
    const SetScheduleState resumed = ScheduleCommands::resume(*record, SystemClock::instance().nowMs());
    if (!apply(session, {resumed}))
        return ExitFailed;
    out() << QStringLiteral("schedule %1 resumed; next %2").arg(*name, localTime(*record, resumed.nextFireAtMs.value_or(0)))
          << Qt::endl;
    return ExitOk;
}

int run(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enqueue a run of a schedule's job now, and print the job's id."));
    parser.addPositionalArgument(QStringLiteral("schedule run"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule."));
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = nameArgument(parser, QStringLiteral("jobdeck schedule run NAME"));
    if (!name)
        return ExitBadInput;
    const auto record = find(session, *name);
    if (!record)
        return ExitFailed;
    // A schedule of a job definition reads it from the jobs folder the database remembers, as a runner would.
    JobDefinitions definitions(handlers.kinds());
    if (!record->spec.definition.isEmpty()) {
        try {
            definitions.setFolder(JobsFolder::remembered(*session.store->openReader()));
        } catch (const StoreError &e) {
            return fail(ExitFailed, e.message());
        }
    }
    QString error;
    const auto job = ScheduleCommands::jobFor(record->spec, definitions.resolver(), &error);
    if (!job)
        return fail(ExitFailed, error);
    const auto result = apply(session, {ScheduleCommands::runNow(*record, *job, SystemClock::instance().nowMs(),
                                                                 QStringLiteral("user (command line)"))});
    if (!result)
        return ExitFailed;
    if (!result->results.front().applied)
        return fail(ExitFailed, QStringLiteral("the run was not recorded; try again"));
    out() << result->results.front().jobId << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck::ScheduleCli
