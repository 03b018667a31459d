#include "DefinitionCommands.h"

#include "CommandLine.h"
#include "PipelineCommand.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "model/PipelineFile.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck {

namespace {

struct FolderSession {
    GlobalOptions globals;
    std::unique_ptr<JobStore> store;
    QString folder;
};

void addFolderOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("jobs-dir"),
                      QStringLiteral("The jobs folder (remembered for the database; default: the one it remembers)."),
                      QStringLiteral("DIR")});
}

// The folder --jobs-dir names (then remembered for the database), or the one the database remembers.
std::optional<int> openFolder(const QCommandLineParser &parser, FolderSession &s)
{
    if (!CommandLine::readGlobals(parser, s.globals))
        return ExitBadInput;
    const QString given = parser.value(QStringLiteral("jobs-dir"));
    if (parser.isSet(QStringLiteral("jobs-dir")) && !QFileInfo(given).isDir())
        return fail(ExitBadInput, QStringLiteral("--jobs-dir %1: no such folder").arg(given));
    s.store = CommandLine::openStore(s.globals);
    if (!s.store)
        return ExitFailed;
    try {
        if (parser.isSet(QStringLiteral("jobs-dir"))) {
            const SetSetting remember = JobsFolder::remember(given);
            const BatchResult r = s.store->apply({remember});
            if (!r.ok)
                return fail(ExitFailed, r.error);
            s.folder = remember.value;
        } else {
            s.folder = JobsFolder::remembered(*s.store->openReader());
        }
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (s.folder.isEmpty())
        return fail(ExitFailed, QStringLiteral("no jobs folder is set for %1: give --jobs-dir DIR once (it is remembered)")
                                    .arg(s.store->location()));
    return std::nullopt;
}

QString settingsSummary(const JobDefinition &d)
{
    if (!d.isValid())
        return QStringLiteral("cannot run: ") + d.error;
    if (d.isPipeline()) {
        QStringList kinds;
        for (const QJsonValue &step : d.steps)
            kinds << step.toObject().value(QLatin1String("kind")).toString();
        return QStringLiteral("pipeline: %1").arg(kinds.join(QStringLiteral(" → ")));
    }
    QStringList parts;
    if (!d.schedule.isEmpty())
        parts << QStringLiteral("schedule \"%1\"").arg(d.schedule);
    if (d.isSingleton)
        parts << QStringLiteral("singleton");
    if (d.timeoutMs > 0)
        parts << QStringLiteral("timeout %1").arg(formatDuration(d.timeoutMs));
    if (!d.isContinuous())
        parts << QStringLiteral("%1 attempts").arg(d.maxAttempts);
    if (d.priority != 0)
        parts << QStringLiteral("priority %1").arg(d.priority);
    parts << QStringLiteral("stopping wait %1").arg(formatDuration(d.stoppingWaitMs));
    return parts.join(QStringLiteral(", "));
}

// A pipeline of the jobs folder: its steps as `pipeline run` reads them, the run's payload reaching the first step as
// "input" (as each later step gets the result before it).
int startPipeline(const JobDefinition &d, const std::optional<QJsonObject> &payload, const HandlerRegistry &handlers,
                  const JobDefinitions &definitions, JobStore &store)
{
    StartPipeline pipeline;
    const QJsonObject file{{QStringLiteral("name"), d.name}, {QStringLiteral("steps"), d.steps}};
    if (const QString error = readPipelineFile(file, handlers, SystemClock::instance().nowMs(), pipeline, definitions.stepJobs()); !error.isEmpty())
        return fail(ExitFailed, QStringLiteral("job definition \"%1\" cannot run: settings.job: %2").arg(d.name, error));
    if (payload) {
        QJsonObject first = QJsonDocument::fromJson(pipeline.steps.front().job.payload).object();
        first.insert(QStringLiteral("input"), *payload);
        pipeline.steps.front().job.payload = QJsonDocument(first).toJson(QJsonDocument::Compact);
    }
    return submitPipeline(pipeline, store);
}

} // namespace

int runDefinitions(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "List the jobs of the jobs folder: DIR/triggered/NAME and DIR/continuous/NAME, each with an entry script "
        "and an optional settings.job. A job whose settings.job is malformed shows why it cannot run."));
    CommandLine::addGlobalOptions(parser);
    parser.addPositionalArgument(QStringLiteral("definitions"), QStringLiteral("The command."));
    addFolderOption(parser);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    if (!CommandLine::parse(parser, arguments, 1))
        return ExitBadInput;
    FolderSession s;
    if (auto code = openFolder(parser, s))
        return *code;
    JobDefinitions definitions(handlers.kinds());
    definitions.setFolder(s.folder);
    if (!definitions.folderError().isEmpty())
        return fail(ExitFailed, definitions.folderError());
    const auto all = definitions.definitions();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const JobDefinition &d : all)
            array.append(d.toJson());
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    out() << QStringLiteral("jobs folder %1: %2 job definitions\n").arg(s.folder).arg(all.size());
    if (all.empty()) {
        out().flush();
        return ExitOk;
    }
    out() << QStringLiteral("%1  %2  %3  %4  %5\n")
                 .arg(QStringLiteral("NAME"), -16)
                 .arg(QStringLiteral("TYPE"), -10)
                 .arg(QStringLiteral("ENTRY"), -6)
                 .arg(QStringLiteral("QUEUE"), -10)
                 .arg(QStringLiteral("SETTINGS"));
    for (const JobDefinition &d : all) {
        out() << QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(d.name, -16)
                     .arg(JobDefinition::typeName(d.type), -10)
                     .arg(d.entryScript.isEmpty() ? QStringLiteral("-") : QFileInfo(d.entryScript).fileName(), -6)
                     .arg(d.queue, -10)
                     .arg(settingsSummary(d));
    }
    out().flush();
    return ExitOk;
}

int runDefinition(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Enqueue a job of a triggered job definition from the jobs folder and print its id. Its settings.job gives "
        "the queue, priority, attempts and timeout; the payload reaches the script as JOBDECK_PAYLOAD. A pipeline "
        "(a settings.job with \"steps\") starts instead, and its id is printed; the payload reaches its first step "
        "as \"input\"."));
    CommandLine::addGlobalOptions(parser);
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The job definition (DIR/triggered/NAME)."));
    addFolderOption(parser);
    parser.addOption({QStringLiteral("payload"), QStringLiteral("Payload, a JSON object."), QStringLiteral("JSON")});
    if (!CommandLine::parse(parser, arguments, 2))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck run NAME [--payload JSON] [--jobs-dir DIR]"));
    std::optional<QJsonObject> payload;
    if (const QString error = CommandLine::readPayload(parser, payload); !error.isEmpty())
        return fail(ExitBadInput, error);
    FolderSession s;
    if (auto code = openFolder(parser, s))
        return *code;
    JobDefinitions definitions(handlers.kinds());
    definitions.setFolder(s.folder);
    if (const auto d = definitions.find(positional[1]); d && d->isValid() && d->isPipeline())
        return startPipeline(*d, payload, handlers, definitions, *s.store);
    QString error;
    const auto spec = definitions.jobFor(positional[1], payload.value_or(QJsonObject()), &error);
    if (!spec) {
        // A definition that exists but cannot run is a failed operation; an unknown or continuous one, bad input.
        const auto found = definitions.find(positional[1]);
        return fail(found && !found->isContinuous() ? ExitFailed : ExitBadInput, error);
    }
    const BatchResult result = s.store->apply({EnqueueJob{*spec, SystemClock::instance().nowMs()}});
    if (!result.ok)
        return fail(ExitFailed, QStringLiteral("the job was not enqueued: %1").arg(result.error));
    out() << result.results.front().jobId << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck
