#include "ControlCommands.h"

#include "CommandLine.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "runner/JobCommands.h"
#include "runner/Pruner.h"
#include "storage/QueueSummary.h"
#include "model/StatsJson.h"
#include "storage/StoreError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace jobdeck {

namespace {

struct Parsed {
    GlobalOptions globals;
    QStringList positional;
};

std::optional<Parsed> parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords)
{
    CommandLine::addGlobalOptions(parser);
    Parsed p;
    if (!CommandLine::parse(parser, arguments, maxWords) || !CommandLine::readGlobals(parser, p.globals))
        return std::nullopt;
    p.positional = parser.positionalArguments();
    return p;
}

std::optional<qint64> jobId(const Parsed &p, const QString &usage)
{
    bool ok = false;
    const qint64 id = p.positional.size() == 2 ? p.positional[1].toLongLong(&ok) : 0;
    if (!ok || id <= 0) {
        fail(ExitBadInput, QStringLiteral("usage: %1").arg(usage));
        return std::nullopt;
    }
    return id;
}

// Applies one batch; prints the reason and returns null when it fails.
std::optional<BatchResult> apply(const GlobalOptions &globals, WriteBatch batch)
{
    auto store = CommandLine::openStore(globals);
    if (!store)
        return std::nullopt;
    BatchResult r = store->apply(std::move(batch));
    if (!r.ok) {
        fail(ExitFailed, r.error);
        return std::nullopt;
    }
    return r;
}

QString describeState(const GlobalOptions &globals, qint64 id)
{
    auto store = CommandLine::openStore(globals);
    if (!store)
        return {};
    const auto job = store->openReader()->job(id);
    return job ? QStringLiteral("job %1 is %2").arg(id).arg(stateName(job->state)) : QStringLiteral("no job %1").arg(id);
}

} // namespace

int runCancel(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("cancel"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The job."));
    const auto p = parse(parser, arguments, 2);
    if (!p)
        return ExitBadInput;
    const auto id = jobId(*p, QStringLiteral("jobdeck cancel ID"));
    if (!id)
        return ExitBadInput;
    const auto r = apply(p->globals, {RequestCancel{*id, QStringLiteral("cancelled by user (command line)"),
                                                    SystemClock::instance().nowMs()}});
    if (!r)
        return ExitFailed;
    const MutationResult &m = r->results.front();
    if (m.cancelRequested) {
        out() << QStringLiteral("job %1 is running; its runner was asked to cancel it").arg(*id) << Qt::endl;
        return ExitOk;
    }
    if (!m.applied)
        return fail(ExitFailed, QStringLiteral("cannot cancel: %1").arg(describeState(p->globals, *id)));
    out() << QStringLiteral("job %1 cancelled").arg(*id) << Qt::endl;
    return ExitOk;
}

int runRequeue(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("requeue"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The job."));
    parser.addOptions({
        {QStringLiteral("payload"), QStringLiteral("Replace the payload (a JSON object)."), QStringLiteral("JSON")},
        {QStringLiteral("all-dead"), QStringLiteral("Requeue every dead job.")},
    });
    const auto p = parse(parser, arguments, 2);
    if (!p)
        return ExitBadInput;
    const qint64 now = SystemClock::instance().nowMs();
    if (parser.isSet(QStringLiteral("all-dead"))) {
        if (p->positional.size() > 1 || parser.isSet(QStringLiteral("payload")))
            return fail(ExitBadInput, QStringLiteral("usage: jobdeck requeue --all-dead"));
        auto store = CommandLine::openStore(p->globals);
        if (!store)
            return ExitFailed;
        const BatchResult r = store->apply({JobCommands::requeueAllDead(now, QStringLiteral("user (command line)"))});
        if (!r.ok)
            return fail(ExitFailed, r.error);
        out() << QStringLiteral("%1 dead jobs requeued").arg(r.results.front().affected) << Qt::endl;
        return ExitOk;
    }
    const auto id = jobId(*p, QStringLiteral("jobdeck requeue ID [--payload JSON] | jobdeck requeue --all-dead"));
    if (!id)
        return ExitBadInput;
    std::optional<QJsonObject> edited;
    if (const QString error = CommandLine::readPayload(parser, edited); !error.isEmpty())
        return fail(ExitBadInput, error);
    std::optional<QByteArray> payload;
    if (edited)
        payload = QJsonDocument(*edited).toJson(QJsonDocument::Compact);
    const auto r = apply(p->globals, {JobCommands::requeue(*id, payload, now, QStringLiteral("user (command line)"))});
    if (!r)
        return ExitFailed;
    if (!r->results.front().applied)
        return fail(ExitFailed, QStringLiteral("cannot requeue: %1 (only dead, cancelled, failed or succeeded jobs)")
                                    .arg(describeState(p->globals, *id)));
    out() << QStringLiteral("job %1 requeued").arg(*id) << Qt::endl;
    return ExitOk;
}

int runDelete(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("delete"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The job."));
    const auto p = parse(parser, arguments, 2);
    if (!p)
        return ExitBadInput;
    const auto id = jobId(*p, QStringLiteral("jobdeck delete ID"));
    if (!id)
        return ExitBadInput;
    const auto r = apply(p->globals, {DeleteJob{*id, SystemClock::instance().nowMs()}});
    if (!r)
        return ExitFailed;
    if (!r->results.front().applied)
        return fail(ExitFailed, QStringLiteral("cannot delete: %1 (cancel a running job first)")
                                    .arg(describeState(p->globals, *id)));
    out() << QStringLiteral("job %1 deleted").arg(*id) << Qt::endl;
    return ExitOk;
}

// Every queue that has jobs or settings, like the window's Queue page: its jobs by state, limit and state.
int listQueues(const GlobalOptions &globals, bool json)
{
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    std::vector<QueueSummary> queues;
    try {
        queues = QueueSummary::read(*store->openReader());
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    const QList<std::pair<QString, JobState>> columns = {
        {QStringLiteral("queued"), JobState::Queued},       {QStringLiteral("running"), JobState::Running},
        {QStringLiteral("scheduled"), JobState::Scheduled}, {QStringLiteral("retrying"), JobState::Failed},
        {QStringLiteral("dead"), JobState::Dead}};
    if (json) {
        const QJsonArray array = StatsJson::queues(queues);
        out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        out().flush();
        return ExitOk;
    }
    out() << QStringLiteral("%1").arg(QStringLiteral("QUEUE"), -16);
    for (const auto &column : columns)
        out() << QStringLiteral("%1").arg(column.first.toUpper(), 10);
    out() << QStringLiteral(" %1 %2 %3\n").arg(QStringLiteral("LIMIT"), 6).arg(QStringLiteral("RATE"), -10).arg(QStringLiteral("STATE"));
    const qint64 now = SystemClock::instance().nowMs();
    for (const QueueSummary &q : queues) {
        out() << QStringLiteral("%1").arg(q.name, -16);
        for (const auto &column : columns)
            out() << QStringLiteral("%1").arg(q.count(column.second), 10);
        QString state = q.paused ? QStringLiteral("paused") : QStringLiteral("active");
        if (!q.paused && q.rate.isLimited() && q.nextStartAtMs > now)
            state += QStringLiteral(" (next start in %1)").arg(formatDuration(q.nextStartAtMs - now));
        out() << QStringLiteral(" %1 %2 %3\n")
                     .arg(q.limit ? QString::number(q.limit) : QStringLiteral("-"), 6)
                     .arg(q.rate.isLimited() ? q.rate.toString() : QStringLiteral("-"), -10)
                     .arg(state);
    }
    out().flush();
    return ExitOk;
}

int runQueue(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("queue"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("ACTION"),
                                 QStringLiteral("list | pause Q | resume Q | limit Q N | rate Q N/DUR|off"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("With list: print a JSON array.")});
    const auto p = parse(parser, arguments, 4);
    if (!p)
        return ExitBadInput;
    const QStringList &a = p->positional;
    const QString usage = QStringLiteral("usage: jobdeck queue list | pause Q | resume Q | limit Q N (0: no limit) | "
                                         "rate Q N/DUR (such as 100/1m) | rate Q off");
    const QString action = a.value(1);
    if (action == QLatin1String("list") && a.size() == 2)
        return listQueues(p->globals, parser.isSet(QStringLiteral("json")));
    ConfigureQueue c;
    c.name = a.value(2);
    if ((action == QLatin1String("pause") || action == QLatin1String("resume")) && a.size() == 3) {
        c.paused = action == QLatin1String("pause");
    } else if (action == QLatin1String("limit") && a.size() == 4) {
        bool ok = false;
        const int n = a[3].toInt(&ok);
        if (!ok || n < 0)
            return fail(ExitBadInput, usage);
        c.concurrency = n;
    } else if (action == QLatin1String("rate") && a.size() == 4) {
        c.rate = QueueRate::parse(a[3]);
        if (!c.rate)
            return fail(ExitBadInput, QStringLiteral("bad rate \"%1\": write N/DUR, such as 100/1m or 10/1s (N from 1, "
                                                     "DUR up to 7d), or off").arg(a[3]));
    } else {
        return fail(ExitBadInput, usage);
    }
    if (!apply(p->globals, {c}))
        return ExitFailed;
    QString done = action + u'd';
    if (action == QLatin1String("limit"))
        done = QStringLiteral("limit %1").arg(a[3]);
    else if (c.rate)
        done = c.rate->isLimited() ? QStringLiteral("at most %1 starts in any %2").arg(c.rate->count).arg(formatDuration(c.rate->windowMs))
                                   : QStringLiteral("no rate limit");
    out() << QStringLiteral("queue %1: %2").arg(c.name, done) << Qt::endl;
    return ExitOk;
}

int runPauseResume(const QStringList &arguments, bool pause)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(pause ? QStringLiteral("pause") : QStringLiteral("resume"), QStringLiteral("The command."));
    const auto p = parse(parser, arguments, 1);
    if (!p)
        return ExitBadInput;
    if (!apply(p->globals, {SetSetting{QStringLiteral("paused"), pause ? QStringLiteral("1") : QStringLiteral("0")}}))
        return ExitFailed;
    out() << (pause ? "runners paused: running jobs finish, no new job starts" : "runners resumed") << Qt::endl;
    return ExitOk;
}

int runRetention(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("retention"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("AGE"), QStringLiteral("A duration such as 30d, or \"off\"; none: print it."));
    const auto p = parse(parser, arguments, 2);
    if (!p)
        return ExitBadInput;
    const QString usage = QStringLiteral("usage: jobdeck retention [AGE | off]  (AGE: a duration such as 30d)");
    if (p->positional.size() == 1) {
        auto store = CommandLine::openStore(p->globals);
        if (!store)
            return ExitFailed;
        const qint64 ms = store->openReader()->setting(Pruner::kSetting, QStringLiteral("0")).toLongLong();
        out() << (ms > 0 ? formatDuration(ms) : QStringLiteral("off")) << Qt::endl;
        return ExitOk;
    }
    const QString value = p->positional[1];
    qint64 ms = 0;
    if (value != QLatin1String("off")) {
        const auto parsed = parseDuration(value);
        if (!parsed || *parsed < 60'000)
            return fail(ExitBadInput, QStringLiteral("bad retention \"%1\": write a duration of at least 1m, like 30d, "
                                                     "or off").arg(value));
        ms = *parsed;
    }
    if (!apply(p->globals, {SetSetting{Pruner::kSetting, QString::number(ms)}}))
        return ExitFailed;
    out() << (ms > 0 ? QStringLiteral("finished jobs and log lines older than %1 are pruned by the runners")
                           .arg(formatDuration(ms))
                     : QStringLiteral("retention off: finished jobs are kept"))
          << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck
