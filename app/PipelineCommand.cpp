#include "PipelineCommand.h"

#include "CommandLine.h"
#include "JobSpecInput.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "model/Pipeline.h"
#include "model/PipelineFile.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace jobdeck {

namespace {

constexpr qint64 kMaxFileBytes = 1 << 20;

const QStringList s_valueOptions = {QStringLiteral("--limit")};

const char *const kHelp =
    "Usage: jobdeck pipeline COMMAND [options]\n\n"
    "A pipeline runs its steps one after another; each step is a job, and its result reaches the next step's\n"
    "payload as \"input\". When a step ends dead, the compensations of the steps that succeeded run, last first.\n\n"
    "Commands:\n"
    "  run FILE.json        create the pipeline from its file (- for stdin); prints the pipeline id\n"
    "  list [--limit N] [--json]\n"
    "                       the newest pipelines and where each is\n"
    "  show ID [--json]     a pipeline with its steps and compensations\n\n"
    "The file: {\"name\": \"publish\", \"steps\": [{\"kind\": \"render\", \"payload\": {...},\n"
    "           \"compensate\": {\"kind\": \"unrender\", \"payload\": {...}}}, ...]}\n"
    "Steps and compensations take the fields of a line of jobdeck enqueue --file.\n";

QString stepText(const PipelineStepRecord &s)
{
    return QStringLiteral("%1 (job %2)").arg(s.state ? stateName(*s.state) : QStringLiteral("deleted")).arg(s.jobId);
}

int run(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QString usage = QStringLiteral("jobdeck pipeline run FILE.json");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a pipeline from its file and print its id."));
    parser.addPositionalArgument(QStringLiteral("pipeline run"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The pipeline, a JSON object (- for stdin)."));
    GlobalOptions globals;
    if (!CommandLine::parseCommand(parser, arguments, 3, globals))
        return ExitBadInput;
    const auto path = CommandLine::nameArgument(parser, usage);
    if (!path)
        return ExitBadInput;
    QFile file;
    const bool opened = *path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                    : (file.setFileName(*path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return fail(ExitBadInput, QStringLiteral("cannot read %1: %2").arg(*path, file.errorString()));
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return fail(ExitBadInput, QStringLiteral("%1 is over 1 MiB: a pipeline's file is smaller").arg(*path));
    QJsonDocument doc;
    if (const QString error = CommandLine::parseJson(text, doc); !error.isEmpty())
        return fail(ExitBadInput, QStringLiteral("%1: %2").arg(*path, error));
    if (!doc.isObject())
        return fail(ExitBadInput, QStringLiteral("%1: a pipeline is a JSON object with \"steps\"").arg(*path));
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    // A step may name a job of the database's jobs folder.
    JobDefinitions definitions(handlers.kinds());
    try {
        definitions.setFolder(JobsFolder::remembered(*store->openReader()));
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    StartPipeline pipeline;
    if (const QString error = readPipelineFile(doc.object(), handlers, SystemClock::instance().nowMs(), pipeline,
                                               definitions.stepJobs());
        !error.isEmpty())
        return fail(ExitBadInput, QStringLiteral("%1: %2").arg(*path, error));
    if (pipeline.name.isEmpty())
        pipeline.name = *path == QLatin1String("-") ? QStringLiteral("pipeline") : QFileInfo(*path).completeBaseName();
    return submitPipeline(pipeline, *store);
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the newest pipelines and where each is."));
    parser.addPositionalArgument(QStringLiteral("pipeline list"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("limit"), QStringLiteral("How many pipelines (default 50)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    GlobalOptions globals;
    if (!CommandLine::parseCommand(parser, arguments, 2, globals))
        return ExitBadInput;
    int limit = 50;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return fail(ExitBadInput, QStringLiteral("--limit must be a number of at least 1"));
    }
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    std::vector<PipelineRecord> pipelines;
    try {
        pipelines = store->openReader()->pipelines(limit);
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const PipelineRecord &p : pipelines)
            array.append(PipelineJson::pipeline(p));
        printJson(array);
        return ExitOk;
    }
    if (pipelines.empty()) {
        out() << "no pipelines (start one with jobdeck pipeline run FILE.json)" << Qt::endl;
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("STEP"),
                             QStringLiteral("CREATED"), QStringLiteral("REASON")}};
    for (const PipelineRecord &p : pipelines) {
        rows << QStringList{QString::number(p.id), p.name, pipelineStateName(p.state),
                            QStringLiteral("%1/%2").arg(p.failedStep > 0 ? p.failedStep : p.step).arg(p.stepCount),
                            formatIsoTime(p.createdAtMs),
                            p.reason.left(80)};
    }
    printTable(rows);
    return ExitOk;
}

int show(const QStringList &arguments)
{
    const QString usage = QStringLiteral("jobdeck pipeline show ID [--json]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show a pipeline, its steps and their compensations."));
    parser.addPositionalArgument(QStringLiteral("pipeline show"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The pipeline."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON object.")});
    GlobalOptions globals;
    if (!CommandLine::parseCommand(parser, arguments, 3, globals))
        return ExitBadInput;
    const QStringList p = parser.positionalArguments();
    bool ok = false;
    const qint64 id = p.size() == 3 ? p[2].toLongLong(&ok) : 0;
    if (!ok || id <= 0)
        return fail(ExitBadInput, QStringLiteral("usage: %1").arg(usage));
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    std::optional<PipelineRecord> pipeline;
    try {
        pipeline = store->openReader()->pipeline(id);
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (!pipeline)
        return fail(ExitFailed, QStringLiteral("there is no pipeline %1 (see jobdeck pipeline list)").arg(id));
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(PipelineJson::pipeline(*pipeline));
        return ExitOk;
    }
    const PipelineRecord &r = *pipeline;
    out() << QStringLiteral("pipeline %1 %2 (%3, %4)\n").arg(r.id).arg(r.name, pipelineStateName(r.state), pipelinePosition(r));
    if (!r.reason.isEmpty())
        out() << QStringLiteral("  reason     %1\n").arg(r.reason);
    if (!r.result.isEmpty())
        out() << QStringLiteral("  result     %1\n").arg(QString::fromUtf8(r.result).left(200));
    out() << QStringLiteral("  created    %1\n").arg(formatIsoTime(r.createdAtMs));
    if (r.finishedAtMs > 0)
        out() << QStringLiteral("  finished   %1\n").arg(formatIsoTime(r.finishedAtMs));
    out() << Qt::endl;
    QList<QStringList> rows{{QStringLiteral("STEP"), QStringLiteral("KIND"), QStringLiteral("STATE"), QStringLiteral("COMPENSATION")}};
    for (const PipelineStepRecord &s : r.steps) {
        QString undo = QStringLiteral("-");
        if (!s.compensationKind.isEmpty()) {
            undo = s.compensationJobId > 0
                ? QStringLiteral("%1: %2 (job %3)")
                      .arg(s.compensationKind,
                           s.compensationState ? stateName(*s.compensationState) : QStringLiteral("deleted"))
                      .arg(s.compensationJobId)
                : QStringLiteral("%1 (not needed)").arg(s.compensationKind);
        }
        rows << QStringList{QString::number(s.step), s.kind, stepText(s), undo};
    }
    printTable(rows);
    return ExitOk;
}

} // namespace

int submitPipeline(const StartPipeline &pipeline, JobStore &store)
{
    std::vector<JobSpec> jobs;
    for (const PipelineStep &s : pipeline.steps) {
        jobs.push_back(s.job);
        if (s.compensation)
            jobs.push_back(*s.compensation);
    }
    for (const JobSpec &spec : jobs) {
        if (const QString e = callbackFormProblem(spec); !e.isEmpty())
            return fail(ExitBadInput, e);
    }
    if (const QString error = callbackHostsProblem(jobs, store); !error.isEmpty())
        return fail(ExitBadInput, error);
    const BatchResult result = store.apply({pipeline});
    if (!result.ok)
        return fail(ExitFailed, QStringLiteral("the pipeline was not created: %1").arg(result.error));
    out() << result.results.front().rowId << Qt::endl;
    return ExitOk;
}

int runPipeline(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QString sub = CommandLine::subcommandWords(arguments, QStringLiteral("pipeline"), s_valueOptions).value(0);
    if (sub == QLatin1String("run"))
        return run(arguments, handlers);
    if (sub == QLatin1String("list"))
        return list(arguments);
    if (sub == QLatin1String("show"))
        return show(arguments);
    if (sub.isEmpty() && (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << kHelp;
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput, sub.isEmpty() ? QStringLiteral("usage: jobdeck pipeline COMMAND (see jobdeck pipeline --help)")
                                            : QStringLiteral("unknown pipeline command \"%1\" (see jobdeck pipeline --help)").arg(sub));
}

} // namespace jobdeck
