#include "BatchCommand.h"

#include "CommandLine.h"
#include "JobSpecInput.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "model/JobBatch.h"
#include "model/JobJson.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"

#include <QJsonArray>

namespace jobdeck {

namespace {

constexpr int kShowJobs = 50;
constexpr int kJobsPage = 1000;

const QStringList s_valueOptions = {QStringLiteral("--file"), QStringLiteral("--then"), QStringLiteral("--then-payload"),
                                    QStringLiteral("--limit")};

const char *const kHelp =
    "Usage: jobdeck batch COMMAND [options]\n\n"
    "A batch is a set of jobs created together. Its completion job (--then) runs once, when every job of the\n"
    "batch has ended (succeeded, dead or cancelled), and receives each job's state and result.\n\n"
    "Commands:\n"
    "  add NAME --file JOBS.jsonl [--then KIND [--then-payload JSON]]\n"
    "                                        create the batch and its jobs; prints the batch id\n"
    "  list [--limit N] [--json]             the newest batches and how far they are\n"
    "  show ID [--json]                      a batch with its jobs\n"
    "  cancel ID                             cancel the batch: its completion job and every job not ended\n\n"
    "jobdeck batch COMMAND --help shows the options of each command.\n";

struct Session {
    GlobalOptions globals;
    std::unique_ptr<JobStore> store;
    std::unique_ptr<StoreReader> reader;
};

bool open(Session &s)
{
    s.store = CommandLine::openStore(s.globals);
    if (!s.store)
        return false;
    try {
        s.reader = s.store->openReader();
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
        return false;
    }
    return true;
}

std::optional<qint64> batchIdArgument(const QCommandLineParser &parser, const QString &usage)
{
    const QStringList p = parser.positionalArguments();
    bool ok = false;
    const qint64 id = p.size() == 3 ? p[2].toLongLong(&ok) : 0;
    if (!ok || id <= 0) {
        fail(ExitBadInput, QStringLiteral("usage: %1").arg(usage));
        return std::nullopt;
    }
    return id;
}

std::optional<JobBatchRecord> findBatch(Session &s, qint64 id)
{
    try {
        if (auto batch = s.reader->jobBatch(id))
            return batch;
        fail(ExitFailed, QStringLiteral("there is no batch %1 (see jobdeck batch list)").arg(id));
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
    }
    return std::nullopt;
}

// Parses a command that names a batch by its ID, opens the store and reads the batch; nothing (with `exit` set)
// after saying why.
std::optional<JobBatchRecord> namedBatch(Session &s, QCommandLineParser &parser, const QStringList &arguments,
                                         const QString &usage, int &exit)
{
    exit = ExitBadInput;
    if (!CommandLine::parseCommand(parser, arguments, 3, s.globals))
        return std::nullopt;
    const auto id = batchIdArgument(parser, usage);
    if (!id)
        return std::nullopt;
    exit = ExitFailed;
    if (!open(s))
        return std::nullopt;
    return findBatch(s, *id);
}

QString progressText(const JobBatchRecord &b)
{
    return QStringLiteral("%1/%2").arg(b.ended()).arg(b.total);
}

QString thenText(const JobBatchRecord &b)
{
    if (b.thenJobId <= 0)
        return QStringLiteral("-");
    return QStringLiteral("%1 (job %2, %3)")
        .arg(b.thenKind.isEmpty() ? QStringLiteral("deleted") : b.thenKind)
        .arg(b.thenJobId)
        .arg(b.thenState ? stateName(*b.thenState) : QStringLiteral("deleted"));
}

// What a job left behind: its error when it failed, else its result.
QString outcomeText(const JobRecord &j)
{
    if (!j.error.isEmpty())
        return j.error.left(80);
    return QString::fromUtf8(j.result).left(80);
}

int add(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QString usage = QStringLiteral("jobdeck batch add NAME --file JOBS.jsonl [--then KIND [--then-payload JSON]]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a batch of jobs, and the job that runs once they have all ended."));
    parser.addPositionalArgument(QStringLiteral("batch add"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("What the batch is, for people."));
    parser.addOptions({
        {QStringLiteral("file"), QStringLiteral("The batch's jobs, one JSON object per line as for enqueue --file (- for stdin)."),
         QStringLiteral("PATH")},
        {QStringLiteral("then"), QStringLiteral("The completion job's kind: it runs once every job has ended."), QStringLiteral("KIND")},
        {QStringLiteral("then-payload"), QStringLiteral("The completion job's payload, a JSON object."), QStringLiteral("JSON")},
    });
    GlobalOptions globals;
    if (!CommandLine::parseCommand(parser, arguments, 3, globals))
        return ExitBadInput;
    const auto name = CommandLine::nameArgument(parser, usage);
    if (!name)
        return ExitBadInput;
    if (!parser.isSet(QStringLiteral("file")))
        return fail(ExitBadInput, QStringLiteral("give the batch's jobs with --file JOBS.jsonl"));
    if (parser.isSet(QStringLiteral("then-payload")) && !parser.isSet(QStringLiteral("then")))
        return fail(ExitBadInput, QStringLiteral("--then-payload goes with --then KIND"));
    const qint64 now = SystemClock::instance().nowMs();
    AddJobBatch batch;
    batch.name = *name;
    batch.nowMs = now;
    if (const QString error = readJobLines(parser.value(QStringLiteral("file")), handlers, now, batch.jobs); !error.isEmpty())
        return fail(ExitBadInput, error);
    if (batch.jobs.empty())
        return fail(ExitBadInput, QStringLiteral("%1 holds no jobs: a batch needs at least one").arg(parser.value(QStringLiteral("file"))));
    if (parser.isSet(QStringLiteral("then"))) {
        SpecFields f;
        f.kind = parser.value(QStringLiteral("then"));
        if (parser.isSet(QStringLiteral("then-payload"))) {
            QJsonDocument doc;
            if (const QString error = CommandLine::parseJson(parser.value(QStringLiteral("then-payload")).toUtf8(), doc); !error.isEmpty())
                return fail(ExitBadInput, QStringLiteral("bad --then-payload: %1").arg(error));
            if (!doc.isObject())
                return fail(ExitBadInput, QStringLiteral("--then-payload must be a JSON object"));
            f.payload = doc.object();
        }
        JobSpec then;
        if (const QString error = buildSpec(f, handlers, now, then); !error.isEmpty())
            return fail(ExitBadInput, QStringLiteral("--then: %1").arg(error));
        batch.then = then;
    }
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    if (const QString error = callbackHostsProblem(batch.jobs, *store); !error.isEmpty())
        return fail(ExitBadInput, error);
    const BatchResult result = store->apply({batch});
    if (!result.ok) {
        return fail(result.errorCode == StoreErrorCode::NotFound ? ExitBadInput : ExitFailed,
                    QStringLiteral("nothing was enqueued: %1").arg(result.error));
    }
    out() << result.results.front().rowId << Qt::endl;
    return ExitOk;
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the newest batches and how far each is."));
    parser.addPositionalArgument(QStringLiteral("batch list"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("limit"), QStringLiteral("How many batches (default 50)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    Session s;
    if (!CommandLine::parseCommand(parser, arguments, 2, s.globals))
        return ExitBadInput;
    int limit = 50;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return fail(ExitBadInput, QStringLiteral("--limit must be a number of at least 1"));
    }
    if (!open(s))
        return ExitFailed;
    std::vector<JobBatchRecord> batches;
    try {
        batches = s.reader->jobBatches(limit);
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const JobBatchRecord &b : batches)
            array.append(JobBatchJson::batch(b));
        printJson(array);
        return ExitOk;
    }
    if (batches.empty()) {
        out() << "no batches (create one with jobdeck batch add NAME --file JOBS.jsonl)" << Qt::endl;
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("ENDED"),
                             QStringLiteral("SUCCEEDED"), QStringLiteral("DEAD"), QStringLiteral("CANCELLED"),
                             QStringLiteral("CREATED"), QStringLiteral("THEN")}};
    for (const JobBatchRecord &b : batches) {
        rows << QStringList{QString::number(b.id), b.name, jobBatchStateName(b.state()), progressText(b),
                            QString::number(b.succeeded), QString::number(b.dead), QString::number(b.cancelled),
                            formatIsoTime(b.createdAtMs), thenText(b)};
    }
    printTable(rows);
    return ExitOk;
}

int show(const QStringList &arguments)
{
    const QString usage = QStringLiteral("jobdeck batch show ID [--json]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show a batch, its completion job and its jobs."));
    parser.addPositionalArgument(QStringLiteral("batch show"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The batch."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON object with every job of the batch.")});
    Session s;
    int exit = ExitOk;
    const auto batch = namedBatch(s, parser, arguments, usage, exit);
    if (!batch)
        return exit;
    const qint64 id = batch->id;
    const bool json = parser.isSet(QStringLiteral("json"));
    std::vector<JobRecord> jobs;
    try {
        // JSON lists every job, a page at a time; the table only the first ones.
        for (qint64 after = 0;;) {
            auto page = s.reader->batchJobs(id, after, json ? kJobsPage : kShowJobs);
            const bool more = json && int(page.size()) == kJobsPage;
            if (!page.empty())
                after = page.back().id;
            std::move(page.begin(), page.end(), std::back_inserter(jobs));
            if (!more)
                break;
        }
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (json) {
        QJsonObject o = JobBatchJson::batch(*batch);
        QJsonArray array;
        for (const JobRecord &j : jobs) {
            array.append(QJsonObject{{QStringLiteral("id"), double(j.id)},
                                     {QStringLiteral("kind"), j.kind},
                                     {QStringLiteral("state"), stateName(j.state)},
                                     {QStringLiteral("result"), JobJson::parse(j.result)},
                                     {QStringLiteral("error"), j.error.isEmpty() ? QJsonValue() : QJsonValue(j.error)}});
        }
        o.insert(QStringLiteral("jobs"), array);
        printJson(o);
        return ExitOk;
    }
    const JobBatchRecord &b = *batch;
    out() << QStringLiteral("batch %1 %2 (%3)\n").arg(b.id).arg(b.name, jobBatchStateName(b.state()));
    out() << QStringLiteral("  ended      %1 of %2: %3 succeeded, %4 dead, %5 cancelled\n")
                 .arg(b.ended())
                 .arg(b.total)
                 .arg(b.succeeded)
                 .arg(b.dead)
                 .arg(b.cancelled);
    out() << QStringLiteral("  created    %1\n").arg(formatIsoTime(b.createdAtMs));
    if (b.completedAtMs > 0)
        out() << QStringLiteral("  completed  %1\n").arg(formatIsoTime(b.completedAtMs));
    if (b.cancelledAtMs > 0)
        out() << QStringLiteral("  cancelled  %1\n").arg(formatIsoTime(b.cancelledAtMs));
    out() << QStringLiteral("  then       %1\n\n").arg(thenText(b));
    QList<QStringList> rows{{QStringLiteral("JOB"), QStringLiteral("KIND"), QStringLiteral("STATE"), QStringLiteral("RESULT")}};
    for (const JobRecord &j : jobs)
        rows << QStringList{QString::number(j.id), j.kind, stateName(j.state), outcomeText(j)};
    printTable(rows);
    if (b.total > qint64(jobs.size()))
        out() << QStringLiteral("… and %1 more (jobdeck batch show %2 --json lists them all)\n").arg(b.total - qint64(jobs.size())).arg(b.id);
    out().flush();
    return ExitOk;
}

int cancel(const QStringList &arguments)
{
    const QString usage = QStringLiteral("jobdeck batch cancel ID");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Cancel a batch: its completion job, and every job of it that has not ended (running ones are asked to stop)."));
    parser.addPositionalArgument(QStringLiteral("batch cancel"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The batch."));
    Session s;
    int exit = ExitOk;
    const auto batch = namedBatch(s, parser, arguments, usage, exit);
    if (!batch)
        return exit;
    const qint64 id = batch->id;
    const BatchResult result = s.store->apply({CancelJobBatch{id, SystemClock::instance().nowMs()}});
    if (!result.ok)
        return fail(ExitFailed, QStringLiteral("the batch was not cancelled: %1").arg(result.error));
    if (!result.results.front().applied) {
        return fail(ExitFailed, QStringLiteral("batch %1 has already %2").arg(id).arg(batch->state() == JobBatchState::Cancelled
                                                                                          ? QStringLiteral("been cancelled")
                                                                                          : QStringLiteral("completed")));
    }
    out() << QStringLiteral("batch %1 cancelled: %2 of its jobs cancelled or asked to stop\n").arg(id).arg(result.results.front().affected);
    out().flush();
    return ExitOk;
}

} // namespace

int runBatch(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QString sub = CommandLine::subcommandWords(arguments, QStringLiteral("batch"), s_valueOptions).value(0);
    if (sub == QLatin1String("add"))
        return add(arguments, handlers);
    if (sub == QLatin1String("list"))
        return list(arguments);
    if (sub == QLatin1String("show"))
        return show(arguments);
    if (sub == QLatin1String("cancel"))
        return cancel(arguments);
    if (sub.isEmpty() && (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << kHelp;
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput, sub.isEmpty() ? QStringLiteral("usage: jobdeck batch COMMAND (see jobdeck batch --help)")
                                            : QStringLiteral("unknown batch command \"%1\" (see jobdeck batch --help)").arg(sub));
}

} // namespace jobdeck
