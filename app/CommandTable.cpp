#include "CommandTable.h"

#include "ApiCommand.h"
#include "BatchCommand.h"
#include "PipelineCommand.h"
#include "CalendarCommand.h"
#include "ControlCommands.h"
#include "DbCommand.h"
#include "DefinitionCommands.h"
#include "EnqueueCommand.h"
#include "HealthCommand.h"
#include "InspectCommands.h"
#include "ScheduleCommand.h"
#include "WatchCommand.h"

namespace jobdeck {

namespace {

using Run = std::function<int(const QStringList &, const HandlerRegistry &)>;

// For the commands that need no handlers.
Run plain(int (*run)(const QStringList &))
{
    return [run](const QStringList &arguments, const HandlerRegistry &) { return run(arguments); };
}

std::vector<CommandEntry> makeTable()
{
    return {
        {QStringLiteral("enqueue"), QStringLiteral("Enqueue a job, or JSON lines of jobs, and print the ids."), {}, runEnqueue},
        {QStringLiteral("run"), QStringLiteral("Enqueue a job of the jobs folder."), {}, runDefinition},
        {QStringLiteral("definitions"), QStringLiteral("List the job definitions of the jobs folder."), {}, runDefinitions},
        {QStringLiteral("list"), QStringLiteral("List jobs, newest first."), {}, plain(runList)},
        {QStringLiteral("show"), QStringLiteral("Show a job with its attempts, history and log."), {}, plain(runShow)},
        {QStringLiteral("cancel"), QStringLiteral("Cancel a job (a running one cooperatively)."), {}, plain(runCancel)},
        {QStringLiteral("requeue"), QStringLiteral("Queue a finished job again with a fresh round of attempts."), {},
         plain(runRequeue)},
        {QStringLiteral("delete"), QStringLiteral("Delete a job that is not running."), {}, plain(runDelete)},
        {QStringLiteral("stats"), QStringLiteral("Count the jobs by state."), {}, plain(runStats)},
        {QStringLiteral("health"), QStringLiteral("Judge the runner serving the database (exit 0, 1 or 2)."), {},
         plain(runHealth)},
        {QStringLiteral("wait"), QStringLiteral("Wait until a job ends; exit 0 if it succeeded."), {}, plain(runWait)},
        {QStringLiteral("queue"), QStringLiteral("List queues, pause or resume one, or limit how many of its jobs run."), {},
         plain(runQueue)},
        {QStringLiteral("pause"), QStringLiteral("Hold all jobs, for every runner on the database."), {},
         [](const QStringList &arguments, const HandlerRegistry &) { return runPauseResume(arguments, true); }},
        {QStringLiteral("resume"), QStringLiteral("Let the runners claim jobs again after pause."), {},
         [](const QStringList &arguments, const HandlerRegistry &) { return runPauseResume(arguments, false); }},
        {QStringLiteral("retention"), QStringLiteral("Print or set how long finished jobs and log lines are kept."), {},
         plain(runRetention)},
        {QStringLiteral("schedule"), QStringLiteral("Schedules: jobs enqueued at cron times, every interval, or once."),
         {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("rm"), QStringLiteral("pause"),
          QStringLiteral("resume"), QStringLiteral("run"), QStringLiteral("next")},
         runSchedule},
        {QStringLiteral("calendar"), QStringLiteral("Exclusion calendars: dates on which schedules do not fire."),
         {QStringLiteral("add"), QStringLiteral("list")}, plain(runCalendar)},
        {QStringLiteral("watch"), QStringLiteral("Watched folders: a job for each complete file that arrives in a folder."),
         {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("rm"), QStringLiteral("pause"),
          QStringLiteral("resume")},
         runWatch},
        {QStringLiteral("batch"), QStringLiteral("Batches: jobs created together, and a job that runs once they have all ended."),
         {QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("show"), QStringLiteral("cancel")}, runBatch},
        {QStringLiteral("pipeline"), QStringLiteral("Pipelines: steps that run one after another, undone in reverse when one fails."),
         {QStringLiteral("run"), QStringLiteral("list"), QStringLiteral("show")}, runPipeline},
        {QStringLiteral("files"), QStringLiteral("Show which jobs a watched file started and what they produced."), {},
         plain(runFiles)},
        {QStringLiteral("api"), QStringLiteral("Print the HTTP API's bearer token (jobdeck api token)."), {}, plain(runApi)},
        {QStringLiteral("db"), QStringLiteral("Copy the database into an empty PostgreSQL database (db migrate --to URL)."),
         {QStringLiteral("migrate")}, plain(runDb)},
    };
}

} // namespace

const std::vector<CommandEntry> &commandTable()
{
    static const std::vector<CommandEntry> s_table = makeTable();
    return s_table;
}

const CommandEntry *findCommand(const QString &name)
{
    for (const CommandEntry &c : commandTable()) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

} // namespace jobdeck
