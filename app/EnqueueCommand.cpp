#include "EnqueueCommand.h"

#include "CommandLine.h"
#include "JobSpecInput.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "model/JobSpec.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace jobdeck {

namespace {

// A parent that does not exist is the user's mistake, like a bad option; anything else is the store's failure.
int exitFor(const BatchResult &result)
{
    return result.errorCode == StoreErrorCode::NotFound ? ExitBadInput : ExitFailed;
}

int enqueueFile(const QString &path, const HandlerRegistry &handlers, const GlobalOptions &globals)
{
    const qint64 now = SystemClock::instance().nowMs();
    std::vector<JobSpec> specs;
    if (const QString error = readJobLines(path, handlers, now, specs); !error.isEmpty())
        return fail(ExitBadInput, error);
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    if (const QString error = callbackHostsProblem(specs, *store); !error.isEmpty())
        return fail(ExitBadInput, error);
    WriteBatch batch;
    for (JobSpec &spec : specs)
        batch.push_back(EnqueueJob{std::move(spec), now});
    const BatchResult result = store->apply(std::move(batch));
    if (!result.ok)
        return fail(exitFor(result), QStringLiteral("nothing was enqueued: %1").arg(result.error));
    for (const MutationResult &r : result.results)
        out() << r.jobId << '\n';
    out().flush();
    return ExitOk;
}

} // namespace

int runEnqueue(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enqueue a job and print its id."));
    CommandLine::addGlobalOptions(parser);
    parser.addPositionalArgument(QStringLiteral("enqueue"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("KIND"), QStringLiteral("The handler that runs the job."));
    parser.addOptions(jobOptions());
    parser.addOptions({
        {QStringLiteral("key"), QStringLiteral("Idempotency key: a second enqueue returns the first job."), QStringLiteral("KEY")},
        {QStringLiteral("in"), QStringLiteral("Run after this delay."), QStringLiteral("DUR")},
        {QStringLiteral("at"), QStringLiteral("Run at this ISO 8601 time."), QStringLiteral("TIME")},
        {QStringLiteral("file"), QStringLiteral("Enqueue JSON lines from a file, or - for stdin."), QStringLiteral("PATH")},
        {QStringLiteral("callback"), QStringLiteral("POST the job's JSON to this http(s) URL when it ends (loopback, or "
                                                    "a host the runners allow)."),
         QStringLiteral("URL")},
        {QStringLiteral("after"), QStringLiteral("Wait until these jobs have ended (ids separated by commas)."),
         QStringLiteral("ID,...")},
        {QStringLiteral("on"), QStringLiteral("With --after: run when the parents all succeeded (success, the default), "
                                              "all ended dead (failure), or ended in any way (any)."),
         QStringLiteral("COND")},
        {QStringLiteral("mutex"), QStringLiteral("Never run at the same time as another job holding this name, on any "
                                                 "runner (repeatable)."),
         QStringLiteral("NAME")},
        {QStringLiteral("order-key"), QStringLiteral("Run one at a time with the other jobs of this key, in sequence "
                                                     "order, on any runner."),
         QStringLiteral("KEY")},
        {QStringLiteral("seq"), QStringLiteral("With --order-key: this job's number in the key's sequence (from 1; "
                                               "default: after the key's last job)."),
         QStringLiteral("N")},
        {QStringLiteral("order-wait"), QStringLiteral("With --order-key: how long to wait for a missing earlier "
                                                      "number before running anyway (default 1m)."),
         QStringLiteral("DUR")},
    });
    if (!CommandLine::parse(parser, arguments, 2))
        return ExitBadInput;
    GlobalOptions globals;
    if (!CommandLine::readGlobals(parser, globals))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("file"))) {
        if (positional.size() > 1)
            return fail(ExitBadInput, QStringLiteral("give either KIND or --file, not both"));
        return enqueueFile(parser.value(QStringLiteral("file")), handlers, globals);
    }
    if (positional.size() != 2)
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck enqueue KIND [--payload JSON] [options]"));

    SpecFields f;
    f.kind = positional[1];
    if (const QString error = readJobOptions(parser, f); !error.isEmpty())
        return fail(ExitBadInput, error);
    f.key = parser.value(QStringLiteral("key"));
    f.in = parser.value(QStringLiteral("in"));
    f.at = parser.value(QStringLiteral("at"));
    f.callback = parser.value(QStringLiteral("callback"));
    if (parser.isSet(QStringLiteral("callback")) && f.callback.trimmed().isEmpty())
        return fail(ExitBadInput, QStringLiteral("--callback needs a URL"));
    f.after = parser.value(QStringLiteral("after"));
    if (parser.isSet(QStringLiteral("after")) && f.after.trimmed().isEmpty())
        return fail(ExitBadInput, QStringLiteral("--after needs job ids"));
    f.on = parser.value(QStringLiteral("on"));
    f.mutexes = parser.values(QStringLiteral("mutex"));
    f.orderKey = parser.value(QStringLiteral("order-key"));
    if (parser.isSet(QStringLiteral("order-key")) && f.orderKey.trimmed().isEmpty())
        return fail(ExitBadInput, QStringLiteral("--order-key needs a key"));
    f.seq = parser.value(QStringLiteral("seq"));
    f.orderWait = parser.value(QStringLiteral("order-wait"));
    const qint64 now = SystemClock::instance().nowMs();
    JobSpec spec;
    const QString error = buildSpec(f, handlers, now, spec);
    if (!error.isEmpty())
        return fail(ExitBadInput, error);
    if (const QString e = callbackFormProblem(spec); !e.isEmpty())
        return fail(ExitBadInput, e);

    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    if (const QString e = callbackHostProblem(spec, *store); !e.isEmpty())
        return fail(ExitBadInput, e);
    const BatchResult result = store->apply({EnqueueJob{spec, now}});
    if (!result.ok)
        return fail(exitFor(result), QStringLiteral("the job was not enqueued: %1").arg(result.error));
    out() << result.results.front().jobId << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck
