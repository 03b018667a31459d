#include "SqliteReader.h"

#include "SqliteJobRows.h"
#include "storage/StoreError.h"

#include <QFileInfo>
#include <QStringList>
#include <QVariant>
#include <limits>

namespace jobdeck {

namespace {
// A LIMIT for "the newest N, or all with -1": PostgreSQL refuses a negative LIMIT, where SQLite reads it as none.
qint64 rowLimit(int newest)
{
    return newest < 0 ? std::numeric_limits<qint64>::max() : newest;
}

const QString kRunnerColumns = QStringLiteral("r.id, r.host, r.pid, r.heartbeat_at, r.retired_at IS NOT NULL, r.workers, "
                                              "r.started_at, r.process_start");
}

SqliteReader::SqliteReader(const QString &path)
    : m_path(path), m_connection(path, SqliteConnection::Mode::ReadOnly),
      m_history([this](const QString &sql, const QVariantList &values) { return run(sql, values); },
                m_connection.isPostgres())
{
    if (!m_connection.isOpen())
        throw StoreError(m_connection.openError());
}

std::optional<JobRecord> SqliteReader::job(qint64 id)
{
    auto q = run(SqliteJobRows::selectFrom() + QStringLiteral(" WHERE j.id = ?"), {id});
    if (!q.next())
        return std::nullopt;
    return SqliteJobRows::read(q);
}

std::vector<JobRecord> SqliteReader::jobs(const JobFilter &filter)
{
    QStringList where;
    QVariantList values;
    if (!filter.states.isEmpty()) {
        QStringList marks;
        for (JobState s : filter.states) {
            marks << QStringLiteral("?");
            values << stateName(s);
        }
        where << QStringLiteral("j.state IN (%1)").arg(marks.join(u','));
    }
    if (!filter.kind.isEmpty()) {
        where << QStringLiteral("j.kind = ?");
        values << filter.kind;
    }
    if (!filter.queue.isEmpty()) {
        where << QStringLiteral("j.queue = ?");
        values << filter.queue;
    }
    if (filter.beforeId > 0) {
        where << QStringLiteral("j.id < ?");
        values << filter.beforeId;
    }
    QString sql = SqliteJobRows::selectFrom();
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY j.id DESC LIMIT ?");
    values << filter.limit;
    auto q = run(sql, values);
    std::vector<JobRecord> out;
    while (q.next())
        out.push_back(SqliteJobRows::read(q));
    return out;
}

std::vector<AttemptRecord> SqliteReader::attempts(qint64 jobId, int newest)
{
    auto q = run(QStringLiteral("SELECT * FROM (SELECT number, started_at, finished_at, outcome, error, runner, worker, "
                                "from_checkpoint FROM attempts WHERE job_id = ? ORDER BY number DESC LIMIT ?) AS recent ORDER BY number"),
                 {jobId, rowLimit(newest)});
    std::vector<AttemptRecord> out;
    while (q.next()) {
        AttemptRecord a;
        a.jobId = jobId;
        a.number = q.value(0).toInt();
        a.startedAtMs = q.value(1).toLongLong();
        a.finishedAtMs = q.value(2).toLongLong();
        a.outcome = outcomeFromName(q.value(3).toString());
        a.error = q.value(4).toString();
        a.runner = q.value(5).toString();
        a.worker = q.value(6).toString();
        a.fromCheckpoint = q.value(7).toBool();
        out.push_back(a);
    }
    return out;
}

namespace {

LogLine readLogLine(const QSqlQuery &q)
{
    LogLine l;
    l.id = q.value(0).toLongLong();
    l.timeMs = q.value(1).toLongLong();
    l.level = q.value(2).toString() == QLatin1String("ERROR") ? LogLevel::Error : LogLevel::Info;
    l.attempt = q.value(3).toInt();
    l.text = q.value(4).toString();
    return l;
}

} // namespace

std::vector<LogLine> SqliteReader::logTail(qint64 jobId, int count)
{
    auto q = run(QStringLiteral("SELECT id, at, level, attempt, text FROM job_log WHERE job_id = ? "
                                "ORDER BY id DESC LIMIT ?"),
                 {jobId, count});
    std::vector<LogLine> out;
    while (q.next())
        out.push_back(readLogLine(q));
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<LogLine> SqliteReader::logAfter(qint64 jobId, qint64 afterId, int count)
{
    auto q = run(QStringLiteral("SELECT id, at, level, attempt, text FROM job_log WHERE job_id = ? AND id > ? "
                                "ORDER BY id LIMIT ?"),
                 {jobId, afterId, count});
    std::vector<LogLine> out;
    while (q.next())
        out.push_back(readLogLine(q));
    return out;
}

std::vector<JobEvent> SqliteReader::eventsAfter(qint64 afterId, int limit)
{
    auto q = run(QStringLiteral("SELECT e.id, e.job_id, j.queue, j.kind, e.from_state, e.to_state, e.reason, e.at, j.run_at "
                                "FROM job_events e JOIN jobs j ON j.id = e.job_id WHERE e.id > ? ORDER BY e.id LIMIT ?"),
                 {afterId, limit});
    std::vector<JobEvent> out;
    while (q.next()) {
        JobEvent e;
        e.eventId = q.value(0).toLongLong();
        e.jobId = q.value(1).toLongLong();
        e.queue = q.value(2).toString();
        e.kind = q.value(3).toString();
        e.to = stateFromName(q.value(5).toString()).value_or(JobState::Queued);
        // The first change of a job has no state before it: it came into being in that state.
        e.created = q.value(4).isNull();
        e.from = e.created ? e.to : stateFromName(q.value(4).toString()).value_or(e.to);
        e.reason = q.value(6).toString();
        e.atMs = q.value(7).toLongLong();
        e.runAtMs = q.value(8).toLongLong();
        out.push_back(std::move(e));
    }
    return out;
}

qint64 SqliteReader::lastEventId()
{
    auto q = run(QStringLiteral("SELECT coalesce(max(id), 0) FROM job_events"), {});
    return q.next() ? q.value(0).toLongLong() : 0;
}

std::vector<StateChange> SqliteReader::stateChanges(qint64 jobId, int newest)
{
    auto q = run(QStringLiteral("SELECT at, from_state, to_state, reason FROM (SELECT id, at, from_state, to_state, reason "
                                "FROM job_events WHERE job_id = ? ORDER BY id DESC LIMIT ?) AS recent ORDER BY id"),
                 {jobId, rowLimit(newest)});
    std::vector<StateChange> out;
    while (q.next()) {
        StateChange c;
        c.atMs = q.value(0).toLongLong();
        if (!q.value(1).isNull())
            c.from = stateFromName(q.value(1).toString());
        c.to = stateFromName(q.value(2).toString()).value_or(JobState::Queued);
        c.reason = q.value(3).toString();
        out.push_back(c);
    }
    return out;
}

std::vector<JobCount> SqliteReader::counts()
{
    auto q = run(QStringLiteral("SELECT queue, kind, state, n FROM job_counts WHERE n > 0"));
    std::vector<JobCount> out;
    while (q.next()) {
        const auto state = stateFromName(q.value(2).toString());
        if (state)
            out.push_back({q.value(0).toString(), q.value(1).toString(), *state, q.value(3).toLongLong()});
    }
    return out;
}

StoreStats SqliteReader::stats()
{
    StoreStats s;
    for (const JobCount &c : counts()) {
        s.byState[stateName(c.state)] += c.count;
        s.byQueue[c.queue][stateName(c.state)] += c.count;
    }
    return s;
}

std::vector<QueueInfo> SqliteReader::queues()
{
    auto q = run(QStringLiteral("SELECT name, concurrency, paused, rate_count, rate_window_ms FROM queues ORDER BY name"));
    std::vector<QueueInfo> out;
    while (q.next())
        out.push_back({q.value(0).toString(), q.value(1).toInt(), q.value(2).toBool(), {q.value(3).toInt(), q.value(4).toLongLong()}, 0});
    q.finish();
    for (QueueInfo &queue : out) {
        if (!queue.rate.isLimited())
            continue;
        // A full window has room again once the start N places back from the newest has left it.
        auto nth = run(QStringLiteral("SELECT at FROM queue_starts WHERE queue = ? ORDER BY at DESC LIMIT 1 OFFSET ?"),
                       {queue.name, queue.rate.count - 1});
        if (nth.next())
            queue.nextStartAtMs = nth.value(0).toLongLong() + queue.rate.windowMs;
    }
    return out;
}

qint64 SqliteReader::databaseBytes()
{
    if (m_connection.isPostgres()) {
        auto q = run(QStringLiteral("SELECT pg_database_size(current_database())"));
        return q.next() ? q.value(0).toLongLong() : 0;
    }
    qint64 bytes = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")})
        bytes += QFileInfo(m_path + suffix).size();
    return bytes;
}

QString SqliteReader::setting(const QString &key, const QString &fallback)
{
    auto q = run(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    return q.next() ? q.value(0).toString() : fallback;
}

qint64 SqliteReader::pendingCount()
{
    // Continuous jobs never finish by themselves, so they never count (a small index finds the few there are).
    auto q = run(QStringLiteral(
        "SELECT (SELECT coalesce(sum(n), 0) FROM job_counts WHERE state IN ('queued', 'running', 'failed')) - "
        "(SELECT count(*) FROM jobs WHERE continuous = 1 AND state IN ('queued', 'running', 'failed'))"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

std::vector<qint64> SqliteReader::cancelRequests(const QString &owner)
{
    auto q = run(QStringLiteral("SELECT id FROM jobs WHERE state = 'running' AND lease_owner = ? "
                                "AND cancel_requested = 1"),
                 {owner});
    std::vector<qint64> out;
    while (q.next())
        out.push_back(q.value(0).toLongLong());
    return out;
}

QStringList SqliteReader::ownersWithoutLiveRunner()
{
    // A runner that is merely slow keeps its jobs until their own leases expire; only a runner that retired or
    // never registered is known to be gone. (Each runner sets its own lease length, so no other runner's
    // heartbeat interval can be judged from here.)
    auto q = run(QStringLiteral("SELECT DISTINCT j.lease_owner FROM jobs j LEFT JOIN runners r ON r.id = j.lease_owner "
                                "WHERE j.state = 'running' AND (r.id IS NULL OR r.retired_at IS NOT NULL)"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

std::vector<StoreReader::RunnerRow> SqliteReader::runnersHoldingLeases()
{
    return readRunners(run(QStringLiteral("SELECT %1 FROM runners r WHERE EXISTS (SELECT 1 FROM jobs j "
                                          "WHERE j.state = 'running' AND j.lease_owner = r.id)")
                               .arg(kRunnerColumns)));
}

std::vector<StoreReader::RunnerRow> SqliteReader::activeRunners()
{
    return readRunners(run(QStringLiteral("SELECT %1 FROM runners r WHERE r.retired_at IS NULL "
                                          "ORDER BY r.heartbeat_at DESC").arg(kRunnerColumns)));
}

std::vector<StoreReader::RunnerRow> SqliteReader::readRunners(QSqlQuery q)
{
    std::vector<RunnerRow> out;
    while (q.next()) {
        out.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong(),
                       q.value(4).toBool(), q.value(5).toInt(), q.value(6).toLongLong(),
                       q.value(7).toLongLong()});
    }
    return out;
}

qint64 SqliteReader::earliestDueMs()
{
    auto q = run(QStringLiteral("SELECT min(run_at) FROM jobs WHERE state IN ('scheduled', 'failed')"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

qint64 SqliteReader::oldestQueuedSinceMs()
{
    // Through (state, id): the first enqueued of the queued jobs, without reading the others.
    auto q = run(QStringLiteral("SELECT run_at FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

qint64 SqliteReader::oldestQueuedSinceMs(const QString &queue)
{
    auto q = run(QStringLiteral("SELECT run_at FROM jobs WHERE state = 'queued' AND queue = ? ORDER BY id LIMIT 1"), {queue});
    return q.next() ? q.value(0).toLongLong() : 0;
}

std::vector<MinuteStats> SqliteReader::minutes(qint64 fromMs)
{
    auto q = run(QStringLiteral("SELECT minute, enqueued, succeeded, failed, queued, running FROM job_minutes "
                                "WHERE minute >= ? ORDER BY minute"),
                 {fromMs / 60'000});
    std::vector<MinuteStats> out;
    while (q.next()) {
        MinuteStats m;
        m.minute = q.value(0).toLongLong();
        m.enqueued = q.value(1).toLongLong();
        m.succeeded = q.value(2).toLongLong();
        m.failed = q.value(3).toLongLong();
        m.queued = q.value(4).isNull() ? -1 : q.value(4).toLongLong();
        m.running = q.value(5).isNull() ? -1 : q.value(5).toLongLong();
        out.push_back(m);
    }
    return out;
}

std::vector<qint64> SqliteReader::stalledJobs(qint64 nowMs, int limit)
{
    auto q = run(QStringLiteral("SELECT id FROM jobs WHERE state = 'running' AND lease_until < ? ORDER BY id LIMIT ?"),
                 {nowMs, limit});
    std::vector<qint64> out;
    while (q.next())
        out.push_back(q.value(0).toLongLong());
    return out;
}

std::vector<JobRecord> SqliteReader::scheduledBetween(qint64 fromMs, qint64 toMs, int limit)
{
    // The state IN (...) is the partial jobs_due index's condition, so SQLite reads the range off that index;
    // of its jobs only the scheduled ones wait for their time (failed ones wait for a retry).
    auto q = run(SqliteJobRows::selectFrom()
                     + QStringLiteral(" WHERE j.state IN ('scheduled', 'failed') AND j.run_at >= ? AND j.run_at < ? "
                                      "AND j.state = 'scheduled' ORDER BY j.run_at, j.id LIMIT ?"),
                 {fromMs, toMs, limit});
    std::vector<JobRecord> out;
    while (q.next())
        out.push_back(SqliteJobRows::read(q));
    return out;
}

std::vector<JobRecord> SqliteReader::waitingJobs(const QString &queue, int limit)
{
    std::vector<JobRecord> out;
    const QString inQueue = queue.isEmpty() ? QString() : QStringLiteral(" AND j.queue = ?");
    const auto read = [&](const QString &sql) {
        QVariantList values;
        if (!queue.isEmpty())
            values << queue;
        values << qint64(limit) - qint64(out.size());
        auto q = run(sql, values);
        while (q.next())
            out.push_back(SqliteJobRows::read(q));
    };
    // The claim's own order (see ClaimJobs), through the claim's indexes: plain jobs, jobs holding mutexes and jobs
    // with ordering keys each have theirs, and the three ordered lists are merged.
    {
        QVariantList values;
        for (int arm = 0; arm < 3; ++arm) {
            if (!queue.isEmpty())
                values << queue;
        }
        values << qint64(limit);
        auto q = run(SqliteJobRows::selectFrom()
                         + QStringLiteral(" WHERE j.state = 'queued' AND j.has_mutex = 0 AND j.order_key IS NULL%1 UNION ALL ")
                               .arg(inQueue)
                         + SqliteJobRows::selectFrom()
                         + QStringLiteral(" WHERE j.state = 'queued' AND j.has_mutex = 1 AND j.order_key IS NULL%1 UNION ALL ")
                               .arg(inQueue)
                         + SqliteJobRows::selectFrom()
                         + QStringLiteral(" WHERE j.state = 'queued' AND j.order_key IS NOT NULL%1 ORDER BY 4 DESC, 1 LIMIT ?")
                               .arg(inQueue),
                     values);
        while (q.next())
            out.push_back(SqliteJobRows::read(q));
    }
    if (int(out.size()) < limit) {
        read(SqliteJobRows::selectFrom()
             + QStringLiteral(" WHERE j.state IN ('scheduled', 'failed')%1 ORDER BY j.run_at, j.id LIMIT ?").arg(inQueue));
    }
    // Continuations last: they wait for other jobs, not for a time.
    if (int(out.size()) < limit)
        read(SqliteJobRows::selectFrom() + QStringLiteral(" WHERE j.state = 'waiting'%1 ORDER BY j.id LIMIT ?").arg(inQueue));
    return out;
}

namespace {

const QString kBatchSelect = QStringLiteral(
    "SELECT b.id, b.name, b.created_at, b.completed_at, b.cancelled_at, b.total, b.succeeded, b.dead, b.cancelled, "
    "b.then_job_id, t.kind, t.state FROM job_batches b LEFT JOIN jobs t ON t.id = b.then_job_id");

JobBatchRecord readBatch(const QSqlQuery &q)
{
    JobBatchRecord b;
    b.id = q.value(0).toLongLong();
    b.name = q.value(1).toString();
    b.createdAtMs = q.value(2).toLongLong();
    b.completedAtMs = q.value(3).toLongLong();
    b.cancelledAtMs = q.value(4).toLongLong();
    b.total = q.value(5).toLongLong();
    b.succeeded = q.value(6).toLongLong();
    b.dead = q.value(7).toLongLong();
    b.cancelled = q.value(8).toLongLong();
    b.thenJobId = q.value(9).toLongLong();
    b.thenKind = q.value(10).toString();
    if (!q.value(11).isNull())
        b.thenState = stateFromName(q.value(11).toString());
    return b;
}

} // namespace

std::vector<JobBatchRecord> SqliteReader::jobBatches(int limit, qint64 beforeId)
{
    auto q = beforeId > 0 ? run(kBatchSelect + QStringLiteral(" WHERE b.id < ? ORDER BY b.id DESC LIMIT ?"), {beforeId, limit})
                          : run(kBatchSelect + QStringLiteral(" ORDER BY b.id DESC LIMIT ?"), {limit});
    std::vector<JobBatchRecord> out;
    while (q.next())
        out.push_back(readBatch(q));
    return out;
}

std::optional<JobBatchRecord> SqliteReader::jobBatch(qint64 id)
{
    auto q = run(kBatchSelect + QStringLiteral(" WHERE b.id = ?"), {id});
    if (!q.next())
        return std::nullopt;
    return readBatch(q);
}

std::vector<JobRecord> SqliteReader::batchJobs(qint64 batchId, qint64 afterId, int limit)
{
    auto q = run(SqliteJobRows::selectFrom() + QStringLiteral(" WHERE j.batch_id = ? AND j.id > ? ORDER BY j.id LIMIT ?"),
                 {batchId, afterId, limit});
    std::vector<JobRecord> out;
    while (q.next())
        out.push_back(SqliteJobRows::read(q));
    return out;
}

namespace {

const QString kPipelineSelect = QStringLiteral(
    "SELECT id, name, state, step, step_count, reason, result, created_at, finished_at, failed_step FROM pipelines");

PipelineRecord readPipeline(const QSqlQuery &q)
{
    PipelineRecord p;
    p.id = q.value(0).toLongLong();
    p.name = q.value(1).toString();
    p.state = pipelineStateFromName(q.value(2).toString()).value_or(PipelineState::Running);
    p.step = q.value(3).toInt();
    p.stepCount = q.value(4).toInt();
    p.reason = q.value(5).toString();
    p.result = q.value(6).toString().toUtf8();
    p.createdAtMs = q.value(7).toLongLong();
    p.finishedAtMs = q.value(8).toLongLong();
    p.failedStep = q.value(9).toInt();
    return p;
}

std::optional<JobState> stateOrNone(const QVariant &v)
{
    return v.isNull() ? std::nullopt : stateFromName(v.toString());
}

} // namespace

std::vector<PipelineRecord> SqliteReader::pipelines(int limit, qint64 beforeId)
{
    auto q = beforeId > 0 ? run(kPipelineSelect + QStringLiteral(" WHERE id < ? ORDER BY id DESC LIMIT ?"), {beforeId, limit})
                          : run(kPipelineSelect + QStringLiteral(" ORDER BY id DESC LIMIT ?"), {limit});
    std::vector<PipelineRecord> out;
    while (q.next())
        out.push_back(readPipeline(q));
    return out;
}

std::optional<PipelineRecord> SqliteReader::pipeline(qint64 id)
{
    auto q = run(kPipelineSelect + QStringLiteral(" WHERE id = ?"), {id});
    if (!q.next())
        return std::nullopt;
    PipelineRecord p = readPipeline(q);
    q.finish();
    auto steps = run(QStringLiteral(
        "SELECT s.step, s.job_id, j.kind, j.state, json_extract(s.compensation, '$.kind'), s.compensation_job_id, c.state, "
        "j.total_attempts, j.error, j.finished_at, c.total_attempts, c.error FROM pipeline_steps s LEFT JOIN jobs j ON j.id = s.job_id LEFT JOIN jobs c ON c.id = s.compensation_job_id "
        "WHERE s.pipeline_id = ? ORDER BY s.step"),
                     {id});
    while (steps.next()) {
        PipelineStepRecord s;
        s.step = steps.value(0).toInt();
        s.jobId = steps.value(1).toLongLong();
        s.kind = steps.value(2).toString();
        s.state = stateOrNone(steps.value(3));
        s.compensationKind = steps.value(4).toString();
        s.compensationJobId = steps.value(5).toLongLong();
        s.compensationState = stateOrNone(steps.value(6));
        s.attempts = steps.value(7).toInt();
        s.error = steps.value(8).toString();
        s.finishedAtMs = steps.value(9).toLongLong();
        s.compensationAttempts = steps.value(10).toInt();
        s.compensationError = steps.value(11).toString();
        p.steps.push_back(std::move(s));
    }
    return p;
}

HistoryResult SqliteReader::history(const HistoryQuery &query, const HistoryCursor &from, int limit, int scanBudget)
{
    return m_history.page(query, from, limit, scanBudget);
}

BoundedCount SqliteReader::historyCount(const HistoryQuery &query, qint64 cap, int scanBudget)
{
    if (query.searching() || query.finishedFromMs > 0 || query.finishedToMs > 0)
        return m_history.count(query, cap, scanBudget);
    // Only state, kind and queue: the kept counts answer exactly, without reading any job.
    BoundedCount result;
    for (const JobCount &c : counts()) {
        if (!isFinal(c.state) || (!query.states.isEmpty() && !query.states.contains(c.state)))
            continue;
        if ((!query.kind.isEmpty() && c.kind != query.kind) || (!query.queue.isEmpty() && c.queue != query.queue))
            continue;
        result.count += c.count;
    }
    return result;
}

} // namespace jobdeck

namespace jobdeck {

std::vector<CallbackDelivery> SqliteReader::callbackDeliveries(qint64 jobId, int newest)
{
    auto q = run(QStringLiteral("SELECT * FROM (SELECT id, url, state, created_at, next_try_at, attempts FROM callback_deliveries "
                                "WHERE job_id = ? ORDER BY id DESC LIMIT ?) AS recent ORDER BY id"),
                 {jobId, rowLimit(newest)});
    std::vector<CallbackDelivery> out;
    while (q.next()) {
        CallbackDelivery d;
        d.id = q.value(0).toLongLong();
        d.jobId = jobId;
        d.url = q.value(1).toString();
        d.state = deliveryStateFromName(q.value(2).toString());
        d.createdAtMs = q.value(3).toLongLong();
        d.nextTryAtMs = q.value(4).toLongLong();
        d.attempts = q.value(5).toInt();
        out.push_back(std::move(d));
    }
    q.finish();
    for (CallbackDelivery &d : out) {
        // A delivery retried for a day makes a few dozen attempts at most.
        auto a = run(QStringLiteral("SELECT number, at, http_status, error, next_try_at FROM callback_attempts "
                                    "WHERE delivery_id = ? ORDER BY number"),
                     {d.id});
        while (a.next()) {
            CallbackAttempt t;
            t.number = a.value(0).toInt();
            t.atMs = a.value(1).toLongLong();
            t.httpStatus = a.value(2).toInt();
            t.error = a.value(3).toString();
            t.nextTryAtMs = a.value(4).toLongLong();
            d.tries.push_back(std::move(t));
        }
    }
    return out;
}

qint64 SqliteReader::nextCallbackDueMs()
{
    auto q = run(QStringLiteral("SELECT min(max(next_try_at, coalesce(lease_until, 0))) FROM callback_deliveries "
                                "WHERE state = 'pending'"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace jobdeck
