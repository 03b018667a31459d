#include "InspectCommands.h"

#include "CommandLine.h"
#include "callbacks/CallbackUrl.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "model/JobDocument.h"
#include "model/JobJson.h"
#include "model/StatsJson.h"
#include "storage/StoreError.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace jobdeck {

namespace {

struct Session {
    GlobalOptions globals;
    std::unique_ptr<JobStore> store;
    std::unique_ptr<StoreReader> reader;
};

// Parses the arguments; returns an exit code on bad input.
std::optional<int> parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords, Session &s)
{
    CommandLine::addGlobalOptions(parser);
    if (!CommandLine::parse(parser, arguments, maxWords) || !CommandLine::readGlobals(parser, s.globals))
        return ExitBadInput;
    return std::nullopt;
}

// Opens the database and a reader, once the input has been checked.
std::optional<int> open(Session &s)
{
    s.store = CommandLine::openStore(s.globals);
    if (!s.store)
        return ExitFailed;
    s.reader = s.store->openReader();
    return std::nullopt;
}

std::optional<qint64> jobIdArgument(const QCommandLineParser &parser, const QString &usage)
{
    const QStringList p = parser.positionalArguments();
    bool ok = false;
    const qint64 id = p.size() == 2 ? p[1].toLongLong(&ok) : 0;
    if (!ok || id <= 0) {
        fail(ExitBadInput, QStringLiteral("usage: %1").arg(usage));
        return std::nullopt;
    }
    return id;
}

// Continuous jobs have no limit (0): they are restarted for as long as their runner runs.
QString attemptLimit(const JobRecord &job)
{
    return job.maxAttempts > 0 ? QString::number(job.maxAttempts) : QStringLiteral("∞");
}

QString oneLine(QString text, int width)
{
    text.replace(u'\n', u' ');
    return text.size() > width ? text.left(width - 1) + QChar(0x2026) : text;
}

} // namespace

int runList(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("list"), QStringLiteral("The command."));
    parser.addOptions({
        {QStringLiteral("state"), QStringLiteral("Only jobs in this state (comma-separated)."), QStringLiteral("S")},
        {QStringLiteral("kind"), QStringLiteral("Only jobs of this kind."), QStringLiteral("K")},
        {QStringLiteral("queue"), QStringLiteral("Only jobs of this queue."), QStringLiteral("Q")},
        {QStringLiteral("limit"), QStringLiteral("At most N jobs, newest first (default 50)."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("Print a JSON array.")},
    });
    JobFilter filter;
    filter.limit = 50;
    Session s;
    if (auto code = parse(parser, arguments, 1, s))
        return *code;
    for (const QString &name : parser.value(QStringLiteral("state")).split(u',', Qt::SkipEmptyParts)) {
        const auto state = stateFromName(name.trimmed());
        if (!state)
            return fail(ExitBadInput, QStringLiteral("unknown state \"%1\" (states: scheduled, queued, running, "
                                                     "succeeded, failed, dead, cancelled)").arg(name));
        filter.states << *state;
    }
    filter.kind = parser.value(QStringLiteral("kind"));
    filter.queue = parser.value(QStringLiteral("queue"));
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        filter.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit < 1)
            return fail(ExitBadInput, QStringLiteral("--limit must be a positive number"));
    }
    if (auto code = open(s))
        return *code;
    const auto jobs = s.reader->jobs(filter);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const JobRecord &j : jobs)
            array.append(JobJson::job(j, s.reader->attempts(j.id)));
        printJson(array);
        return ExitOk;
    }
    out() << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                 .arg(QStringLiteral("ID"), 8)
                 .arg(QStringLiteral("STATE"), -9)
                 .arg(QStringLiteral("KIND"), -16)
                 .arg(QStringLiteral("QUEUE"), -10)
                 .arg(QStringLiteral("TRIES"), 5)
                 .arg(QStringLiteral("PROGRESS"), 8)
                 .arg(QStringLiteral("REASON"));
    for (const JobRecord &j : jobs) {
        out() << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                     .arg(j.id, 8)
                     .arg(stateName(j.state), -9)
                     .arg(oneLine(j.kind, 16), -16)
                     .arg(oneLine(j.queue, 10), -10)
                     .arg(QStringLiteral("%1/%2").arg(j.attempts).arg(attemptLimit(j)), 5)
                     .arg(QStringLiteral("%1%").arg(qRound(j.progress * 100)), 8)
                     .arg(oneLine(j.stateReason, 60));
    }
    out().flush();
    return ExitOk;
}

int runShow(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("show"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The job."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    Session s;
    if (auto code = parse(parser, arguments, 2, s))
        return *code;
    const auto id = jobIdArgument(parser, QStringLiteral("jobdeck show ID [--json]"));
    if (!id)
        return ExitBadInput;
    if (auto code = open(s))
        return *code;
    const auto job = s.reader->job(*id);
    if (!job)
        return fail(ExitFailed, QStringLiteral("no job %1").arg(*id));
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(JobDocument::read(*s.reader, *job));
        return ExitOk;
    }
    const auto attempts = s.reader->attempts(*id);
    const auto log = s.reader->logTail(*id, JobDocument::kLogLines);
    const auto field = [](const QString &name, const QString &value) {
        out() << QStringLiteral("%1 %2\n").arg(name + u':', -14).arg(value);
    };
    field(QStringLiteral("Job"), QStringLiteral("%1 (%2%3)")
                                     .arg(job->id)
                                     .arg(job->kind, job->continuous ? QStringLiteral(", continuous")
                                                     : job->singleton ? QStringLiteral(", singleton")
                                                                      : QString()));
    field(QStringLiteral("State"), QStringLiteral("%1 — %2").arg(stateName(job->state), job->stateReason));
    field(QStringLiteral("Queue"), QStringLiteral("%1, priority %2").arg(job->queue).arg(job->priority));
    field(QStringLiteral("Attempts"), QStringLiteral("%1 of %2").arg(job->attempts).arg(attemptLimit(*job)));
    field(QStringLiteral("Payload"), QString::fromUtf8(job->payload));
    if (job->state == JobState::Running || job->progress > 0)
        field(QStringLiteral("Progress"), QStringLiteral("%1% %2").arg(qRound(job->progress * 100)).arg(job->progressText));
    if (!job->result.isEmpty())
        field(QStringLiteral("Result"), QString::fromUtf8(job->result));
    if (!job->error.isEmpty())
        field(QStringLiteral("Last error"), job->error);
    if (!job->checkpoint.isEmpty())
        field(QStringLiteral("Checkpoint"), QString::fromUtf8(job->checkpoint));
    field(QStringLiteral("Created"), formatIsoTime(job->createdAtMs));
    if (job->state == JobState::Scheduled || job->state == JobState::Failed)
        field(QStringLiteral("Runs at"), formatIsoTime(job->runAtMs));
    if (!job->parents.isEmpty()) {
        QStringList ids;
        for (const qint64 parent : job->parents)
            ids << QString::number(parent);
        field(QStringLiteral("After"), QStringLiteral("%1 (on %2)")
                                           .arg(ids.join(QStringLiteral(", ")),
                                                continueOnName(job->continueOn.value_or(ContinueOn::Success))));
    }
    if (job->batchId > 0)
        field(QStringLiteral("Batch"), QString::number(job->batchId));
    if (job->completesBatch > 0)
        field(QStringLiteral("Completes"), QStringLiteral("batch %1").arg(job->completesBatch));
    if (!job->mutexes.isEmpty())
        field(QStringLiteral("Mutex"), job->mutexes.join(QStringLiteral(", ")));
    if (!job->orderKey.isEmpty()) {
        field(QStringLiteral("Order"), QStringLiteral("%1 #%2 (waits up to %3 for a missing number)")
                                           .arg(job->orderKey)
                                           .arg(job->orderSeq)
                                           .arg(formatDuration(job->orderWaitMs)));
    }
    if (job->pipelineId > 0)
        field(QStringLiteral("Pipeline"), QString::number(job->pipelineId));
    if (job->orderBlockedBy > 0)
        field(QStringLiteral("Blocked by"), QStringLiteral("job %1").arg(job->orderBlockedBy));
    for (const AttemptRecord &a : attempts) {
        out() << QStringLiteral("  attempt %1: %2, %3%4%5\n")
                     .arg(a.number)
                     .arg(outcomeName(a.outcome))
                     .arg(a.finishedAtMs ? formatDuration(a.durationMs()) : QStringLiteral("running"))
                     .arg(a.fromCheckpoint ? QStringLiteral(", resumed from checkpoint") : QString())
                     .arg(a.error.isEmpty() ? QString() : QStringLiteral(" — ") + a.error);
    }
    if (!job->callbackUrl.isEmpty())
        field(QStringLiteral("Callback"), CallbackUrl::masked(job->callbackUrl));
    for (const CallbackDelivery &d : s.reader->callbackDeliveries(*id)) {
        out() << QStringLiteral("  delivery %1: %2%3\n")
                     .arg(d.id)
                     .arg(deliveryStateName(d.state))
                     .arg(d.state == DeliveryState::Pending && d.nextTryAtMs > 0
                              ? QStringLiteral(", next try %1").arg(formatIsoTime(d.nextTryAtMs))
                              : QString());
        for (const CallbackAttempt &a : d.tries) {
            out() << QStringLiteral("    try %1 at %2: %3%4\n")
                         .arg(a.number)
                         .arg(formatIsoTime(a.atMs))
                         .arg(a.httpStatus > 0 ? QStringLiteral("HTTP %1").arg(a.httpStatus) : QStringLiteral("no answer"))
                         .arg(a.error.isEmpty() ? QString() : QStringLiteral(" — ") + a.error);
        }
    }
    for (const LogLine &l : log) {
        out() << QStringLiteral("  %1 %2 %3\n")
                     .arg(formatIsoTime(l.timeMs))
                     .arg(l.level == LogLevel::Error ? QStringLiteral("ERROR") : QStringLiteral("INFO "))
                     .arg(l.text);
    }
    out().flush();
    return ExitOk;
}

int runStats(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("stats"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    Session s;
    if (auto code = parse(parser, arguments, 1, s))
        return *code;
    if (auto code = open(s))
        return *code;
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(StatsJson::read(*s.reader, SystemClock::instance().nowMs()));
        return ExitOk;
    }
    const StoreStats stats = s.reader->stats();
    const QStringList states = {QStringLiteral("scheduled"), QStringLiteral("queued"), QStringLiteral("running"),
                                QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("dead"),
                                QStringLiteral("cancelled")};
    out() << QStringLiteral("%1").arg(QStringLiteral("QUEUE"), -14);
    for (const QString &st : states)
        out() << QStringLiteral("%1").arg(st, 11);
    out() << '\n';
    auto row = [&](const QString &name, const QHash<QString, qint64> &byState) {
        out() << QStringLiteral("%1").arg(oneLine(name, 14), -14);
        for (const QString &st : states)
            out() << QStringLiteral("%1").arg(byState.value(st), 11);
        out() << '\n';
    };
    QStringList names = stats.byQueue.keys();
    names.sort();
    for (const QString &q : names)
        row(q, stats.byQueue.value(q));
    row(QStringLiteral("(all)"), stats.byState);
    out().flush();
    return ExitOk;
}

int runWait(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("wait"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The job."));
    parser.addOption({QStringLiteral("timeout"), QStringLiteral("Give up after this long."), QStringLiteral("DUR")});
    Session s;
    if (auto code = parse(parser, arguments, 2, s))
        return *code;
    const auto id = jobIdArgument(parser, QStringLiteral("jobdeck wait ID [--timeout DUR]"));
    if (!id)
        return ExitBadInput;
    std::optional<qint64> timeout;
    if (parser.isSet(QStringLiteral("timeout"))) {
        timeout = parseDuration(parser.value(QStringLiteral("timeout")));
        if (!timeout)
            return fail(ExitBadInput, QStringLiteral("bad --timeout \"%1\"").arg(parser.value(QStringLiteral("timeout"))));
    }
    if (auto code = open(s))
        return *code;
    QElapsedTimer elapsed;
    elapsed.start();
    int code = ExitFailed;
    QTimer poll;
    const auto check = [&] {
        try {
            const auto job = s.reader->job(*id);
            if (!job) {
                code = fail(ExitFailed, QStringLiteral("no job %1").arg(*id));
            } else if (isFinal(job->state)) {
                out() << stateName(job->state) << Qt::endl;
                code = job->state == JobState::Succeeded ? ExitOk : ExitFailed;
            } else if (timeout && elapsed.elapsed() >= *timeout) {
                code = fail(ExitTimedOut, QStringLiteral("job %1 is still %2 after %3")
                                              .arg(*id)
                                              .arg(stateName(job->state), formatDuration(*timeout)));
            } else {
                return;
            }
        } catch (const StoreError &e) {
            code = fail(ExitFailed, e.message());
        }
        poll.stop();
        QCoreApplication::exit(code);
    };
    QObject::connect(&poll, &QTimer::timeout, check);
    poll.start(50);
    QTimer::singleShot(0, check);
    return QCoreApplication::exec();
}

} // namespace jobdeck
