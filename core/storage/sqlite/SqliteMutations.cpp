#include "SqliteMutations.h"

#include "SqliteJobRows.h"
#include "SqliteStatementCache.h"

#include "storage/StoreError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHash>
#include <QSet>
#include <QVariant>
#include <algorithm>

namespace jobdeck {

namespace {

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

template<typename T>
QVariant optionalValue(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(u',');
}

template<class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
// Clang before 17 deduces no aggregate's template arguments without it.
template<class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;


} // namespace

SqliteMutations::SqliteMutations(sqlite3 *db) : SqliteMutations(std::make_unique<SqliteStatementCache>(db), db) {}

SqliteMutations::SqliteMutations(std::unique_ptr<SqlStatementCache> statements)
    : SqliteMutations(std::move(statements), nullptr)
{
}

SqliteMutations::SqliteMutations(std::unique_ptr<SqlStatementCache> statements, sqlite3 *db)
    : m_statements(std::move(statements)), m_tally([this](const QString &sql) -> SqlStatement & { return statement(sql); }),
      m_transitions(*m_statements, db),
      m_schedules(*m_statements, [this](const EnqueueJob &m, std::vector<JobEvent> &events) { return enqueue(m, events); }),
      m_callbacks(*m_statements),
      m_watches(*m_statements, [this](const EnqueueJob &m, std::vector<JobEvent> &events) { return enqueue(m, events); }),
      m_continuations(*m_statements, [this](const Transition &t, std::vector<JobEvent> &events) { return transition(t, events); }),
      m_batches(
          *m_statements,
          [this](const EnqueueJob &m, qint64 batchId, qint64 completesBatch, std::vector<JobEvent> &events) {
              return enqueue(m, events, {batchId, completesBatch, 0, {}});
          },
          [this](const Transition &t, std::vector<JobEvent> &events) { return transition(t, events); },
          [this](const RequestCancel &m, std::vector<JobEvent> &events) { return requestCancel(m, events); }),
      m_pipelines(
          *m_statements,
          [this](const EnqueueJob &m, qint64 pipelineId, const QString &waitReason, std::vector<JobEvent> &events) {
              return enqueue(m, events, {0, 0, pipelineId, waitReason});
          },
          [this](const Transition &t, std::vector<JobEvent> &events) { return transition(t, events); }),
      m_orderKeys(*m_statements), m_rates(*m_statements)
{
}

void SqliteMutations::beforeCommit()
{
    m_tally.write();
}

void SqliteMutations::rolledBack()
{
    m_tally.discard();
    m_continuations.rolledBack();
}

MutationResult SqliteMutations::apply(const Mutation &mutation, std::vector<JobEvent> &events)
{
    return std::visit(
        Overloaded{
            [&](const EnqueueJob &m) { return enqueue(m, events); },
            [&](const ClaimJobs &m) { return claim(m, events); },
            [&](const Transition &m) { return transition(m, events); },
            [&](const StartAttempt &m) { return startAttempt(m); },
            [&](const FinishAttempt &m) { return finishAttempt(m, events); },
            [&](const SaveProgress &m) { return saveProgress(m); },
            [&](const AppendLog &m) { return appendLog(m); },
            [&](const SaveCheckpoint &m) { return saveCheckpoint(m); },
            [&](const RegisterRunner &m) { return registerRunner(m); },
            [&](const Heartbeat &m) { return heartbeat(m); },
            [&](const RetireRunner &m) { return retireRunner(m); },
            [&](const RecoverLeases &m) { return recoverLeases(m, events); },
            [&](const RequestCancel &m) { return requestCancel(m, events); },
            [&](const RequeueAllDead &m) { return requeueAllDead(m, events); },
            [&](const DeleteJob &m) { return deleteJob(m, events); },
            [&](const AddJobBatch &m) { return m_batches.add(m, events); },
            [&](const CancelJobBatch &m) { return m_batches.cancel(m, events); },
            [&](const StartPipeline &m) { return m_pipelines.start(m, events); },
            [&](const SetPriority &m) { return setPriority(m, events); },
            [&](const PruneOld &m) { return pruneOld(m, events); },
            [&](const ConfigureQueue &m) { return configureQueue(m); },
            [&](const SetSetting &m) { return setSetting(m); },
            [&](const RescheduleJob &m) { return rescheduleJob(m, events); },
            [&](const ClaimCallbacks &m) { return m_callbacks.apply(m); },
            [&](const RecordCallbackAttempt &m) { return m_callbacks.apply(m); },
            [&](const auto &m) {
                if constexpr (requires { m_watches.apply(m, events); })
                    return m_watches.apply(m, events);
                else
                    return m_schedules.apply(m, events);
            },
        },
        mutation);
}

void SqliteMutations::recordEvent(const JobEvent &event, std::vector<JobEvent> &events)
{
    // The job_events row is written by the schema's triggers; this reports the change to the engine and
    // moves the counts along.
    m_tally.record(event);
    events.push_back(event);
}

MutationResult SqliteMutations::enqueue(const EnqueueJob &m, std::vector<JobEvent> &events, const JobPlacement &placement)
{
    const qint64 batchId = placement.batchId;
    const qint64 completesBatch = placement.completesBatch;
    const JobSpec &s = m.spec;
    MutationResult result;
    if (!s.idempotencyKey.isEmpty()) {
        auto &find = statement(QStringLiteral("SELECT id FROM jobs WHERE idempotency_key = ?"));
        find.bindValue(0, s.idempotencyKey);
        find.exec();
        if (find.next()) {
            result.jobId = find.value(0).toLongLong();
            result.created = false;
            find.finish();
            return result;
        }
    }
    const qint64 runAt = s.runAtMs > 0 ? s.runAtMs : m.nowMs;
    const bool continuation = !s.after.empty();
    const JobState state = continuation || completesBatch > 0 || !placement.waitReason.isEmpty() ? JobState::Waiting
        : runAt > m.nowMs               ? JobState::Scheduled
                                        : JobState::Queued;
    QString reason = QStringLiteral("enqueued");
    if (!placement.waitReason.isEmpty()) {
        reason = placement.waitReason;
    } else if (completesBatch > 0) {
        reason = QStringLiteral("waiting for batch %1 to end").arg(completesBatch);
    } else if (state == JobState::Scheduled) {
        reason = QStringLiteral("enqueued for later");
    } else if (continuation) {
        QStringList ids;
        for (const qint64 id : s.after)
            ids << QString::number(id);
        reason = QStringLiteral("waiting for %1 %2 (on %3)")
                     .arg(s.after.size() == 1 ? QStringLiteral("job") : QStringLiteral("jobs"), ids.join(QStringLiteral(", ")),
                          continueOnName(s.on));
    }
    auto &q = statement(QStringLiteral(
        "INSERT INTO jobs (kind, queue, priority, state, state_reason, payload, run_at, created_at, updated_at, "
        "max_attempts, timeout_ms, backoff_ms, idempotency_key, singleton, continuous, callback_url, continue_on, batch_id, "
        "completes_batch, has_mutex, order_key, order_seq, order_wait_ms, pipeline_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    q.bindValue(0, s.kind);
    q.bindValue(1, s.queue);
    q.bindValue(2, s.priority);
    q.bindValue(3, stateName(state));
    q.bindValue(4, reason);
    q.bindValue(5, QString::fromUtf8(s.payload));
    q.bindValue(6, runAt);
    q.bindValue(7, m.nowMs);
    q.bindValue(8, m.nowMs);
    q.bindValue(9, s.maxAttempts);
    q.bindValue(10, s.timeoutMs);
    q.bindValue(11, s.backoffMs);
    q.bindValue(12, textOrNull(s.idempotencyKey));
    q.bindValue(13, s.singleton);
    q.bindValue(14, s.continuous);
    q.bindValue(15, textOrNull(s.callbackUrl));
    q.bindValue(16, continuation ? QVariant(continueOnName(s.on)) : QVariant());
    q.bindValue(17, batchId > 0 ? QVariant(batchId) : QVariant());
    q.bindValue(18, completesBatch > 0 ? QVariant(completesBatch) : QVariant());
    q.bindValue(19, !s.mutexes.isEmpty());
    const bool ordered = !s.orderKey.isEmpty();
    q.bindValue(20, textOrNull(s.orderKey));
    q.bindValue(21, ordered ? QVariant(m_orderKeys.sequenceFor(s)) : QVariant());
    q.bindValue(22, ordered ? QVariant(s.orderWaitMs) : QVariant());
    q.bindValue(23, placement.pipelineId > 0 ? QVariant(placement.pipelineId) : QVariant());
    q.exec();
    q.next();
    result.jobId = q.value(0).toLongLong();
    q.finish();
    result.created = true;
    if (!s.mutexes.isEmpty()) {
        auto &mutex = statement(QStringLiteral("INSERT OR IGNORE INTO job_mutexes (name, job_id) VALUES (?, ?)"));
        for (const QString &name : s.mutexes) {
            mutex.bindValue(0, name);
            mutex.bindValue(1, result.jobId);
            mutex.exec();
        }
    }
    recordEvent({result.jobId, s.kind, s.queue, state, state, true, reason, m.nowMs, runAt}, events);
    if (continuation)
        m_continuations.addParents(result.jobId, s, m.nowMs, events);
    if (m.returnJob) {
        // Read here rather than after the commit: the caller answers at once, with the row as this transaction
        // wrote it, and without another thread's read.
        auto &row = statement(SqliteJobRows::selectFrom() + QStringLiteral(" WHERE j.id = ?"));
        row.bindValue(0, result.jobId);
        row.exec();
        if (row.next())
            result.job = SqliteJobRows::read(row);
        row.finish();
    }
    return result;
}

void SqliteMutations::promoteDue(qint64 nowMs, std::vector<JobEvent> &events)
{
    auto &due = statement(QStringLiteral(
        "SELECT id, state FROM jobs WHERE state IN ('scheduled', 'failed') AND run_at <= ? ORDER BY run_at LIMIT 5000"));
    due.bindValue(0, nowMs);
    due.exec();
    std::vector<Transition> promotions;
    while (due.next()) {
        Transition t;
        t.jobId = due.value(0).toLongLong();
        const JobState from = stateFromName(due.value(1).toString()).value_or(JobState::Scheduled);
        t.from = {from};
        t.to = JobState::Queued;
        t.reason = from == JobState::Failed ? QStringLiteral("retry due") : QStringLiteral("due");
        t.atMs = nowMs;
        promotions.push_back(t);
    }
    due.finish();
    for (const Transition &t : promotions)
        transition(t, events);
}

namespace {

// Queued jobs that a claim picks apart, as the `FROM` of a query: holders of mutexes, and jobs with ordering keys.
constexpr QLatin1String kMutexHoldersQueued(
    "jobs INDEXED BY jobs_mutex_ready WHERE has_mutex = 1 AND order_key IS NULL AND state = 'queued'");
constexpr QLatin1String kKeyedQueued("jobs INDEXED BY jobs_order_ready WHERE order_key IS NOT NULL AND state = 'queued'");

} // namespace

MutationResult SqliteMutations::claim(const ClaimJobs &m, std::vector<JobEvent> &events)
{
    // What this claim has to look at, in one statement (on PostgreSQL each is a round trip): jobs come due, a pause
    // of the runners (read inside the claim's transaction, so a pause by any process holds for every runner at
    // once), paused and rate-limited queues, queued jobs holding mutexes or ordering keys.
    auto &outlook = statement(QStringLiteral(
        "SELECT EXISTS (SELECT 1 FROM jobs WHERE state IN ('scheduled', 'failed') AND run_at <= ?), "
        "EXISTS (SELECT 1 FROM settings WHERE key = 'paused' AND value = '1'), "
        "EXISTS (SELECT 1 FROM queues WHERE paused = 1), "
        "EXISTS (SELECT 1 FROM queues WHERE rate_count > 0 AND rate_window_ms > 0 AND paused = 0), "
        "EXISTS (SELECT 1 FROM %1), EXISTS (SELECT 1 FROM %2)")
                                  .arg(kMutexHoldersQueued, kKeyedQueued));
    outlook.bindValue(0, m.nowMs);
    outlook.exec();
    outlook.next();
    const bool due = outlook.value(0).toBool();
    const bool runnersPaused = outlook.value(1).toBool();
    const bool queuesPaused = outlook.value(2).toBool();
    const bool rateLimits = outlook.value(3).toBool();
    bool mutexes = outlook.value(4).toBool();
    bool keyed = outlook.value(5).toBool();
    outlook.finish();
    if (due) {
        promoteDue(m.nowMs, events);
        // What came due may hold a mutex or an ordering key.
        mutexes = anyQueued(kMutexHoldersQueued);
        keyed = anyQueued(kKeyedQueued);
    }
    MutationResult result;
    if (runnersPaused)
        return result;
    ClaimJobs c = m;
    // Continuous jobs and queues' concurrency limits are decided for every runner at once.
    if (!c.continuousKinds.isEmpty() || !c.queueLimits.isEmpty())
        serialize();
    qint64 nextClaimAtMs = 0;
    if (queuesPaused) {
        auto &pausedQueues = statement(QStringLiteral("SELECT name FROM queues WHERE paused = 1"));
        pausedQueues.exec();
        while (pausedQueues.next()) {
            const QString name = pausedQueues.value(0).toString();
            c.queueLimits.remove(name);
            if (!c.blockedQueues.contains(name))
                c.blockedQueues << name;
        }
        pausedQueues.finish();
    }
    if (c.continuousKinds.isEmpty())
        m_rates.limit(c, nextClaimAtMs, rateLimits, [this] { serialize(); });
    Transition t;
    t.from = {JobState::Queued};
    t.to = JobState::Running;
    t.reason = QStringLiteral("claimed by %1").arg(c.owner);
    t.atMs = c.nowMs;
    t.requireOwner = c.owner;
    auto take = [&](const QString &ids, const SqliteTransitions::BindIds &bind) {
        for (ClaimedJob &j : m_transitions.change(t, JobState::Queued, ids, bind, c.leaseUntilMs))
            result.claimed.push_back(std::move(j));
    };
    if (!c.continuousKinds.isEmpty()) {
        const QString notPaused = c.blockedQueues.isEmpty()
            ? QString()
            : QStringLiteral(" AND queue NOT IN (%1)").arg(placeholders(c.blockedQueues.size()));
        take(QStringLiteral("SELECT id FROM jobs WHERE state = 'queued' AND continuous = 1 AND kind IN (%1)%2 LIMIT ?")
                 .arg(placeholders(c.continuousKinds.size()), notPaused),
             [&](SqlStatement &q, int i) {
                 for (const QString &kind : c.continuousKinds)
                     q.bindValue(i++, kind);
                 for (const QString &queue : c.blockedQueues)
                     q.bindValue(i++, queue);
                 q.bindValue(i, c.limit);
             });
    }
    // Jobs for workers: not continuous ones, and no singleton whose kind already runs somewhere. Jobs holding
    // mutexes or ordering keys are picked apart, before the others so their priority counts.
    const QString forWorkers = QStringLiteral(
        "has_mutex = 0 AND order_key IS NULL AND continuous = 0 AND (singleton = 0 OR kind NOT IN "
        "(SELECT kind FROM jobs WHERE state = 'running' AND singleton = 1))");
    int remaining = c.continuousKinds.isEmpty() ? c.limit : 0;
    const auto takeIds = [&](const std::vector<qint64> &ids) {
        const QByteArray list = SqliteJobRows::idList(ids);
        take(QStringLiteral("SELECT CAST(value AS BIGINT) FROM json_each(?)"), [&](SqlStatement &q, int i) { q.bindValue(i, list); });
        remaining -= int(ids.size());
    };
    std::vector<SqliteOrderKeys::Pick> ordered;
    mutexes = mutexes && remaining > 0;
    keyed = keyed && remaining > 0;
    if (mutexes || keyed) {
        // Which names are held, and which key's turn it is, must not change until this claim commits.
        serialize();
        ClaimRoom room(c, heldMutexNames());
        if (mutexes) {
            if (const std::vector<qint64> ids = mutexHoldersToClaim(room, remaining); !ids.empty())
                takeIds(ids);
        }
        if (keyed)
            ordered = m_orderKeys.toClaim(room, c.nowMs, remaining, nextClaimAtMs);
        std::vector<qint64> ids;
        for (const SqliteOrderKeys::Pick &p : ordered)
            ids.push_back(p.jobId);
        if (!ids.empty())
            takeIds(ids);
    }
    // On PostgreSQL runners claim at the same time: each passes over the jobs another's claim is taking. The ids are
    // gathered once, into an array: as a plain subquery the UPDATE could run it again for each row, and every run
    // would skip the rows the last one took and lock others.
    const auto unlocked = [this](const QString &select) {
        return m_statements->dialect() == SqlDialect::Postgres
            ? QStringLiteral("SELECT unnest(ARRAY(%1 FOR UPDATE SKIP LOCKED))").arg(select)
            : select;
    };
    for (auto it = c.queueLimits.begin(); it != c.queueLimits.end() && remaining > 0; ++it) {
        if (c.blockedQueues.contains(it.key()) || it.value() <= 0)
            continue;
        const size_t before = result.claimed.size();
        take(unlocked(QStringLiteral("SELECT id FROM jobs WHERE state = 'queued' AND queue = ? AND %1 "
                                     "ORDER BY priority DESC, id LIMIT ?").arg(forWorkers)),
             [&](SqlStatement &q, int i) {
                 q.bindValue(i, it.key());
                 q.bindValue(i + 1, std::min(remaining, it.value()));
             });
        remaining -= int(result.claimed.size() - before);
    }
    if (remaining > 0) {
        QStringList excluded = c.blockedQueues;
        for (auto it = c.queueLimits.begin(); it != c.queueLimits.end(); ++it)
            excluded << it.key();
        // INDEXED BY: without statistics the planner prefers jobs_by_state and sorts every queued job on
        // each claim; jobs_ready is already in claim order, so a claim reads only the rows it takes.
        const QString where = excluded.isEmpty()
            ? QStringLiteral("SELECT id FROM jobs INDEXED BY jobs_ready WHERE state = 'queued' AND %1 "
                             "ORDER BY priority DESC, id LIMIT ?").arg(forWorkers)
            : QStringLiteral("SELECT id FROM jobs INDEXED BY jobs_ready WHERE state = 'queued' AND queue NOT IN (%1) "
                             "AND %2 ORDER BY priority DESC, id LIMIT ?")
                  .arg(placeholders(excluded.size()), forWorkers);
        take(unlocked(where), [&](SqlStatement &q, int i) {
            for (const QString &queue : excluded)
                q.bindValue(i++, queue);
            q.bindValue(i, remaining);
        });
    }
    std::sort(result.claimed.begin(), result.claimed.end(), [](const ClaimedJob &a, const ClaimedJob &b) {
        return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
    });
    if (c.continuousKinds.isEmpty())
        m_rates.started(result.claimed, c.nowMs, nextClaimAtMs);
    result.nextClaimAtMs = nextClaimAtMs;
    for (const SqliteOrderKeys::Pick &p : ordered) {
        if (p.late.isEmpty())
            continue;
        const auto job = std::find_if(result.claimed.begin(), result.claimed.end(),
                                      [&](const ClaimedJob &j) { return j.id == p.jobId; });
        if (job == result.claimed.end())
            continue;
        appendLog({p.jobId, {0, c.nowMs, LogLevel::Info, job->attemptNumber, p.late}});
        ++job->logCount;
    }
    auto &checkpoint = statement(QStringLiteral("SELECT data FROM checkpoints WHERE job_id = ?"));
    for (ClaimedJob &j : result.claimed) {
        if (!j.checkpoint.isEmpty()) {
            checkpoint.bindValue(0, j.id);
            checkpoint.exec();
            j.checkpoint = checkpoint.next() ? checkpoint.value(0).toUtf8() : QByteArray();
            checkpoint.finish();
        }
        if (j.completesBatch > 0) {
            j.parents = m_batches.jobsJson(j.completesBatch);
            j.batch = m_batches.summaryJson(j.completesBatch);
        } else if (j.continuation) {
            j.parents = m_continuations.parentsJson(j.id);
        }
        recordEvent({j.id, j.kind, j.queue, JobState::Queued, JobState::Running, false, t.reason, c.nowMs}, events);
    }
    return result;
}

QSet<QString> SqliteMutations::heldMutexNames()
{
    // Few, as few jobs run.
    QSet<QString> taken;
    auto &running = statement(QStringLiteral(
        "SELECT m.name FROM jobs r JOIN job_mutexes m ON m.job_id = r.id WHERE r.state = 'running' AND r.has_mutex = 1"));
    running.exec();
    while (running.next())
        taken.insert(running.value(0).toString());
    running.finish();
    return taken;
}

bool SqliteMutations::anyQueued(QLatin1String indexedWhere)
{
    auto &any = statement(QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(indexedWhere));
    any.exec();
    const bool some = any.next();
    any.finish();
    return some;
}

std::vector<qint64> SqliteMutations::mutexHoldersToClaim(ClaimRoom &room, int limit)
{
    std::vector<qint64> picked;
    QJsonArray held;
    for (const QString &name : room.taken())
        held.append(name);
    // Queued holders in claim order whose names no running job holds; of those, one per name for this claim. The
    // scan stops after a while, so a long run of one name's jobs costs a claim little: they wait for that name anyway.
    constexpr int kMaxScanned = 1000;
    auto &free = statement(QStringLiteral(
        "SELECT j.id, j.queue, (SELECT group_concat(name, char(10)) FROM job_mutexes WHERE job_id = j.id) "
        "FROM jobs j INDEXED BY jobs_mutex_ready WHERE j.has_mutex = 1 AND j.order_key IS NULL AND j.state = 'queued' "
        "AND j.continuous = 0 "
        "AND (j.singleton = 0 OR j.kind NOT IN (SELECT kind FROM jobs WHERE state = 'running' AND singleton = 1)) "
        "AND NOT EXISTS (SELECT 1 FROM job_mutexes m WHERE m.job_id = j.id AND m.name IN (SELECT value FROM json_each(?))) "
        "ORDER BY j.priority DESC, j.id LIMIT ?"));
    free.bindValue(0, QString::fromUtf8(QJsonDocument(held).toJson(QJsonDocument::Compact)));
    free.bindValue(1, kMaxScanned);
    free.exec();
    while (int(picked.size()) < limit && free.next()) {
        const QString queue = free.value(1).toString();
        const QStringList names = free.value(2).toString().split(u'\n', Qt::SkipEmptyParts);
        if (!room.fits(queue, names))
            continue;
        room.take(queue, names);
        picked.push_back(free.value(0).toLongLong());
    }
    free.finish();
    return picked;
}

MutationResult SqliteMutations::transition(const Transition &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    result.jobId = m.jobId;
    result.applied = false;
    // With one expected state the guarded UPDATE is the whole compare-and-set; otherwise read which one it is
    // first, so the event can say where the job came from.
    JobState from = m.from.isEmpty() ? JobState::Queued : m.from.front();
    if (m.from.size() != 1) {
        auto &current = statement(QStringLiteral("SELECT state FROM jobs WHERE id = ?"));
        current.bindValue(0, m.jobId);
        current.exec();
        const bool found = current.next();
        if (found)
            from = stateFromName(current.value(0).toString()).value_or(JobState::Queued);
        current.finish();
        if (!found || !m.from.contains(from))
            return result;
    }
    // A claim is the only way into Running: it takes a lease, which a single transition has no time for.
    if (m.to == JobState::Running)
        return result;
    const auto changed = m_transitions.change(m, from, QStringLiteral("?"),
                                              [&](SqlStatement &q, int i) { q.bindValue(i, m.jobId); });
    if (changed.empty())
        return result;
    const ClaimedJob &row = changed.front();
    recordEvent({m.jobId, row.kind, row.queue, from, m.to, false, m.reason, m.atMs, m.runAtMs.value_or(0)}, events);
    result.applied = true;
    result.affected = 1;
    jobMoved(row, from, m.to, m.atMs, events);
    return result;
}

void SqliteMutations::jobMoved(const ClaimedJob &row, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events,
                               bool mayHaveChildren)
{
    const bool children = mayHaveChildren && (isFinal(to) || isFinal(from));
    if (children || !row.orderKey.isEmpty() || row.pipelineId > 0 || row.batchId > 0)
        serialize(); // each of these counts or orders jobs that other writers may be moving too
    if (children)
        m_continuations.jobMoved(row.id, from, to, atMs, events);
    m_orderKeys.jobMoved(row, to, atMs);
    if (row.pipelineId > 0)
        m_pipelines.jobMoved(row, from, to, atMs, events);
    if (row.batchId > 0)
        m_batches.jobMoved(row.batchId, from, to, atMs, events);
}

MutationResult SqliteMutations::startAttempt(const StartAttempt &m)
{
    // A job whose lease lapsed may be another runner's by now: its attempt is not this runner's to open.
    auto &q = statement(QStringLiteral(
        "INSERT INTO attempts (job_id, number, started_at, outcome, runner, worker, from_checkpoint) "
        "SELECT id, CAST(? AS BIGINT), CAST(? AS BIGINT), 'running', CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) "
        "FROM jobs WHERE id = ? AND state = 'running' AND lease_owner = ? "
        "ON CONFLICT (job_id, number) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, "
        "outcome = excluded.outcome, error = NULL, runner = excluded.runner, worker = excluded.worker, duration_ms = NULL, "
        "from_checkpoint = excluded.from_checkpoint"));
    q.bindValue(0, m.number);
    q.bindValue(1, m.startedAtMs);
    q.bindValue(2, m.runner);
    q.bindValue(3, m.worker);
    q.bindValue(4, m.fromCheckpoint);
    q.bindValue(5, m.jobId);
    q.bindValue(6, m.runner);
    q.exec();
    MutationResult r;
    r.jobId = m.jobId;
    r.applied = q.numRowsAffected() > 0;
    return r;
}

MutationResult SqliteMutations::finishAttempt(const FinishAttempt &m, std::vector<JobEvent> &events)
{
    // An attempt whose job has moved on (lease lost, recovered elsewhere) must not rewrite its row.
    MutationResult result = transition(m.transition, events);
    if (!result.applied)
        return result;
    auto &q = statement(QStringLiteral(
        "UPDATE attempts SET finished_at = ?, outcome = ?, error = ?, duration_ms = ? - started_at "
        "WHERE job_id = ? AND number = ?"));
    q.bindValue(0, m.finishedAtMs);
    q.bindValue(1, outcomeName(m.outcome));
    q.bindValue(2, textOrNull(m.error));
    q.bindValue(3, m.finishedAtMs);
    q.bindValue(4, m.jobId);
    q.bindValue(5, m.number);
    q.exec();
    return result;
}

namespace {

bool opensOrClosesAttempt(const WriteBatch &batch)
{
    return batch.size() == 1
        && (std::holds_alternative<StartAttempt>(batch.front()) || std::holds_alternative<FinishAttempt>(batch.front()));
}

// Whether two attempts end with the same writes but for the job: one transition can then move both.
bool endAlike(const FinishAttempt &a, const FinishAttempt &b)
{
    const Transition &s = a.transition;
    const Transition &t = b.transition;
    return a.outcome == b.outcome && a.error == b.error && a.finishedAtMs == b.finishedAtMs && s.from == t.from
        && s.to == t.to && s.reason == t.reason && s.atMs == t.atMs && s.runAtMs == t.runAtMs && s.result == t.result
        && s.error == t.error && s.payload == t.payload && s.requireOwner == t.requireOwner
        && s.resetAttempts == t.resetAttempts && s.refundAttempt == t.refundAttempt;
}

// A one-state transition that is not a claim: what transition() does in one guarded UPDATE.
bool settable(const FinishAttempt &f)
{
    return f.transition.from.size() == 1 && f.transition.to != JobState::Running;
}

} // namespace

std::vector<BatchResult> SqliteMutations::applyGroup(const std::vector<const WriteBatch *> &batches)
{
    std::vector<BatchResult> results(batches.size());
    for (size_t i = 0; i < batches.size();) {
        size_t end = i;
        while (end < batches.size() && opensOrClosesAttempt(*batches[end]))
            ++end;
        if (end - i >= 2) {
            applyAttempts(batches, i, end, results);
            i = end;
            continue;
        }
        BatchResult &r = results[i];
        r.results.reserve(batches[i]->size());
        for (const Mutation &m : *batches[i])
            r.results.push_back(apply(m, r.events));
        ++i;
    }
    return results;
}

void SqliteMutations::applyAttempts(const std::vector<const WriteBatch *> &batches, size_t first, size_t last,
                                    std::vector<BatchResult> &results)
{
    // Every attempt opened in the run is opened first, then every one closed. That keeps each job's own order as
    // long as no job's attempt is closed before one of its attempts is opened, and each job appears once per kind;
    // a run that breaks this (never in practice: a job is claimed again between two attempts) goes one by one.
    std::vector<size_t> starts;
    std::vector<std::vector<size_t>> alike; // the finishes, in sets that end alike
    std::vector<size_t> alone;
    QSet<qint64> started;
    QSet<qint64> finished;
    bool ordered = true;
    for (size_t i = first; i < last && ordered; ++i) {
        if (const auto *s = std::get_if<StartAttempt>(&batches[i]->front())) {
            ordered = !started.contains(s->jobId) && !finished.contains(s->jobId);
            started.insert(s->jobId);
            starts.push_back(i);
            continue;
        }
        const auto &f = std::get<FinishAttempt>(batches[i]->front());
        ordered = !finished.contains(f.jobId) && f.jobId == f.transition.jobId;
        finished.insert(f.jobId);
        if (!settable(f)) {
            alone.push_back(i);
            continue;
        }
        const auto set = std::find_if(alike.begin(), alike.end(), [&](const std::vector<size_t> &s) {
            return endAlike(std::get<FinishAttempt>(batches[s.front()]->front()), f);
        });
        if (set == alike.end())
            alike.push_back({i});
        else
            set->push_back(i);
    }
    if (!ordered) {
        for (size_t i = first; i < last; ++i)
            results[i].results = {apply(batches[i]->front(), results[i].events)};
        return;
    }
    if (!starts.empty())
        startAttempts(batches, starts, results);
    for (const std::vector<size_t> &set : alike)
        finishAttempts(batches, set, results);
    for (const size_t i : alone)
        results[i].results = {finishAttempt(std::get<FinishAttempt>(batches[i]->front()), results[i].events)};
}

void SqliteMutations::startAttempts(const std::vector<const WriteBatch *> &batches, const std::vector<size_t> &indexes,
                                    std::vector<BatchResult> &results)
{
    QJsonArray rows;
    for (const size_t i : indexes) {
        const auto &s = std::get<StartAttempt>(batches[i]->front());
        rows.append(QJsonObject{{QStringLiteral("j"), s.jobId}, {QStringLiteral("n"), s.number},
                                {QStringLiteral("at"), s.startedAtMs}, {QStringLiteral("r"), s.runner},
                                {QStringLiteral("w"), s.worker}, {QStringLiteral("c"), s.fromCheckpoint ? 1 : 0}});
    }
    // As startAttempt, for each: only while the runner still holds the job's lease.
    auto &q = statement(QStringLiteral(
        "INSERT INTO attempts (job_id, number, started_at, outcome, runner, worker, from_checkpoint) "
        "SELECT j.id, CAST(json_extract(s.value, '$.n') AS BIGINT), CAST(json_extract(s.value, '$.at') AS BIGINT), "
        "'running', CAST(json_extract(s.value, '$.r') AS TEXT), CAST(json_extract(s.value, '$.w') AS TEXT), "
        "CAST(json_extract(s.value, '$.c') AS BIGINT) "
        "FROM json_each(?) s CROSS JOIN jobs j " // CROSS: SQLite then looks each job up instead of scanning them
        "WHERE j.id = CAST(json_extract(s.value, '$.j') AS BIGINT) AND j.state = 'running' "
        "AND j.lease_owner = CAST(json_extract(s.value, '$.r') AS TEXT) "
        "ON CONFLICT (job_id, number) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, "
        "outcome = excluded.outcome, error = NULL, runner = excluded.runner, worker = excluded.worker, duration_ms = NULL, "
        "from_checkpoint = excluded.from_checkpoint RETURNING job_id"));
    q.bindValue(0, QJsonDocument(rows).toJson(QJsonDocument::Compact));
    q.exec();
    QSet<qint64> opened;
    while (q.next())
        opened.insert(q.value(0).toLongLong());
    q.finish();
    for (const size_t i : indexes) {
        MutationResult r;
        r.jobId = std::get<StartAttempt>(batches[i]->front()).jobId;
        r.applied = opened.contains(r.jobId);
        results[i].results = {r};
    }
}

void SqliteMutations::finishAttempts(const std::vector<const WriteBatch *> &batches, const std::vector<size_t> &indexes,
                                     std::vector<BatchResult> &results)
{
    const FinishAttempt &end = std::get<FinishAttempt>(batches[indexes.front()]->front());
    const Transition &t = end.transition;
    const JobState from = t.from.front();
    QHash<qint64, size_t> batchOf;
    std::vector<qint64> ids;
    for (const size_t i : indexes) {
        const qint64 id = std::get<FinishAttempt>(batches[i]->front()).jobId;
        batchOf.insert(id, i);
        ids.push_back(id);
        MutationResult r;
        r.jobId = id;
        r.applied = false;
        results[i].results = {r};
    }
    const QString fromList = QStringLiteral("SELECT CAST(value AS BIGINT) FROM json_each(?)");
    const auto changed = m_transitions.change(t, from, fromList, [&](SqlStatement &q, int i) {
        q.bindValue(i, SqliteJobRows::idList(ids));
    });
    if (changed.empty())
        return;
    std::vector<qint64> moved;
    for (const ClaimedJob &row : changed)
        moved.push_back(row.id);
    const QByteArray movedList = SqliteJobRows::idList(moved);
    // Continuations move only when a job becomes final or leaves a final state; most jobs have none waiting.
    QSet<qint64> parents;
    if (isFinal(t.to) || isFinal(from)) {
        auto &q = statement(QStringLiteral(
            "SELECT DISTINCT parent_id FROM job_parents WHERE parent_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))"));
        q.bindValue(0, movedList);
        q.exec();
        while (q.next())
            parents.insert(q.value(0).toLongLong());
        q.finish();
    }
    for (const ClaimedJob &row : changed) {
        BatchResult &batch = results[batchOf.value(row.id)];
        MutationResult &r = batch.results.front();
        r.applied = true;
        r.affected = 1;
        recordEvent({row.id, row.kind, row.queue, from, t.to, false, t.reason, t.atMs, t.runAtMs.value_or(0)}, batch.events);
        jobMoved(row, from, t.to, t.atMs, batch.events, parents.contains(row.id));
    }
    QJsonArray attempts;
    for (const ClaimedJob &row : changed) {
        const auto &f = std::get<FinishAttempt>(batches[batchOf.value(row.id)]->front());
        attempts.append(QJsonObject{{QStringLiteral("j"), f.jobId}, {QStringLiteral("n"), f.number}});
    }
    auto &q = statement(QStringLiteral(
        "UPDATE attempts SET finished_at = ?, outcome = ?, error = ?, duration_ms = ? - started_at "
        "WHERE (job_id, number) IN (SELECT CAST(json_extract(value, '$.j') AS BIGINT), "
        "CAST(json_extract(value, '$.n') AS BIGINT) FROM json_each(?))"));
    q.bindValue(0, end.finishedAtMs);
    q.bindValue(1, outcomeName(end.outcome));
    q.bindValue(2, textOrNull(end.error));
    q.bindValue(3, end.finishedAtMs);
    q.bindValue(4, QJsonDocument(attempts).toJson(QJsonDocument::Compact));
    q.exec();
}

MutationResult SqliteMutations::saveProgress(const SaveProgress &m)
{
    auto &q = statement(QStringLiteral(
        "UPDATE jobs SET progress = ?, progress_text = ? WHERE id = ? AND state = 'running'"));
    q.bindValue(0, m.fraction);
    q.bindValue(1, m.text);
    q.bindValue(2, m.jobId);
    q.exec();
    return {};
}

MutationResult SqliteMutations::appendLog(const AppendLog &m)
{
    // seq numbers the job's lines; the search index finds a line by it (see the schema).
    auto &q = statement(QStringLiteral(
        "INSERT INTO job_log (job_id, attempt, at, level, text, seq) SELECT id, ?, ?, ?, ?, log_count + 1 "
        "FROM jobs WHERE id = ?"));
    q.bindValue(0, m.line.attempt);
    q.bindValue(1, m.line.timeMs);
    q.bindValue(2, m.line.level == LogLevel::Error ? QStringLiteral("ERROR") : QStringLiteral("INFO"));
    q.bindValue(3, m.line.text);
    q.bindValue(4, m.jobId);
    q.exec();
    auto &count = statement(QStringLiteral("UPDATE jobs SET log_count = log_count + 1 WHERE id = ?"));
    count.bindValue(0, m.jobId);
    count.exec();
    return {};
}

MutationResult SqliteMutations::saveCheckpoint(const SaveCheckpoint &m)
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO checkpoints (job_id, data, saved_at) SELECT id, ?, ? FROM jobs WHERE id = ? "
        "ON CONFLICT (job_id) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at"));
    q.bindValue(0, QString::fromUtf8(m.json));
    q.bindValue(1, m.atMs);
    q.bindValue(2, m.jobId);
    q.exec();
    auto &mark = statement(QStringLiteral("UPDATE jobs SET checkpoint_at = ? WHERE id = ?"));
    mark.bindValue(0, m.atMs);
    mark.bindValue(1, m.jobId);
    mark.exec();
    MutationResult r;
    r.applied = mark.numRowsAffected() > 0;
    return r;
}

MutationResult SqliteMutations::registerRunner(const RegisterRunner &m)
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO runners (id, host, pid, workers, started_at, heartbeat_at, process_start) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, workers = excluded.workers, "
        "retired_at = NULL"));
    q.bindValue(0, m.runnerId);
    q.bindValue(1, m.host);
    q.bindValue(2, m.pid);
    q.bindValue(3, m.workers);
    q.bindValue(4, m.nowMs);
    q.bindValue(5, m.nowMs);
    q.bindValue(6, m.processStart);
    q.exec();
    return {};
}

MutationResult SqliteMutations::heartbeat(const Heartbeat &m)
{
    auto &runner = statement(QStringLiteral("UPDATE runners SET heartbeat_at = ? WHERE id = ?"));
    runner.bindValue(0, m.nowMs);
    runner.bindValue(1, m.runnerId);
    runner.exec();
    const QByteArray ids = SqliteJobRows::idList(m.jobIds);
    auto &leases = statement(QStringLiteral(
        "UPDATE jobs SET lease_until = ? WHERE state = 'running' AND lease_owner = ? "
        "AND id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) RETURNING id"));
    leases.bindValue(0, m.leaseUntilMs);
    leases.bindValue(1, m.runnerId);
    leases.bindValue(2, ids);
    leases.exec();
    MutationResult r;
    while (leases.next())
        r.jobIds.push_back(leases.value(0).toLongLong());
    r.affected = int(r.jobIds.size());
    return r;
}

MutationResult SqliteMutations::retireRunner(const RetireRunner &m)
{
    auto &q = statement(QStringLiteral("UPDATE runners SET retired_at = ?, heartbeat_at = ? WHERE id = ?"));
    q.bindValue(0, m.nowMs);
    q.bindValue(1, m.nowMs);
    q.bindValue(2, m.runnerId);
    q.exec();
    return {};
}

MutationResult SqliteMutations::recoverLeases(const RecoverLeases &m, std::vector<JobEvent> &events)
{
    QString sql = QStringLiteral(
        "SELECT id, lease_owner, attempts, max_attempts, total_attempts, started_at, lease_until, continuous FROM jobs "
        "WHERE state = 'running' AND (lease_until < ?");
    if (!m.goneOwners.isEmpty())
        sql += QStringLiteral(" OR (lease_owner IN (%1) AND lease_owner <> ?)").arg(placeholders(m.goneOwners.size()));
    sql += u')';
    auto &q = statement(sql);
    q.bindValue(0, m.nowMs);
    int i = 1;
    for (const QString &owner : m.goneOwners)
        q.bindValue(i++, owner);
    if (!m.goneOwners.isEmpty())
        q.bindValue(i, m.excludeOwner); // '' when none: no runner has that id
    q.exec();
    struct Lost {
        qint64 id;
        QString owner;
        int attempts, maxAttempts, number;
        qint64 startedAt, leaseUntil;
        bool continuous;
    };
    std::vector<Lost> lost;
    while (q.next()) {
        lost.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt(),
                        q.value(4).toInt(), q.value(5).toLongLong(), q.value(6).toLongLong(), q.value(7).toBool()});
    }
    q.finish();

    MutationResult result;
    auto &started = statement(QStringLiteral("SELECT 1 FROM attempts WHERE job_id = ? AND number = ?"));
    for (const Lost &l : lost) {
        const bool expired = l.leaseUntil < m.nowMs;
        const QString why = expired ? QStringLiteral("lease of runner %1 expired").arg(l.owner)
                                    : QStringLiteral("runner %1 is gone").arg(l.owner);
        started.bindValue(0, l.id);
        started.bindValue(1, l.number);
        started.exec();
        const bool wasStarted = started.next();
        started.finish();
        Transition t;
        t.jobId = l.id;
        t.from = {JobState::Running};
        t.atMs = m.nowMs;
        if (!wasStarted) {
            // Claimed ahead but never started: no work was lost, so no attempt is counted.
            t.to = JobState::Queued;
            t.refundAttempt = true;
            t.reason = QStringLiteral("%1 before starting it; back in the queue").arg(why);
            result.affected += transition(t, events).affected;
            continue;
        }
        FinishAttempt finish;
        finish.jobId = l.id;
        finish.number = l.number;
        finish.outcome = AttemptOutcome::Abandoned;
        finish.error = why;
        finish.finishedAtMs = m.nowMs;
        t.error = why;
        if (l.continuous) {
            // Kept running, not retried: it starts again on the next runner that has it.
            t.to = JobState::Queued;
            t.reason = QStringLiteral("%1; the continuous job starts again on a runner that has it").arg(why);
        } else if (l.attempts >= l.maxAttempts) {
            t.to = JobState::Dead;
            t.reason = QStringLiteral("%1; no attempts left (%2/%3)").arg(why).arg(l.attempts).arg(l.maxAttempts);
        } else {
            t.to = JobState::Queued;
            t.reason = QStringLiteral("%1; attempt %2/%3 counted, back in the queue")
                           .arg(why)
                           .arg(l.attempts)
                           .arg(l.maxAttempts);
        }
        finish.transition = t;
        result.affected += finishAttempt(finish, events).affected;
    }
    return result;
}

MutationResult SqliteMutations::requestCancel(const RequestCancel &m, std::vector<JobEvent> &events)
{
    Transition t;
    t.jobId = m.jobId;
    t.from = {JobState::Scheduled, JobState::Queued, JobState::Failed, JobState::Waiting};
    t.to = JobState::Cancelled;
    t.reason = m.reason;
    t.atMs = m.nowMs;
    MutationResult result = transition(t, events);
    if (result.applied)
        return result;
    auto &flag = statement(QStringLiteral(
        "UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND state = 'running'"));
    flag.bindValue(0, m.nowMs);
    flag.bindValue(1, m.jobId);
    flag.exec();
    result.cancelRequested = flag.numRowsAffected() > 0;
    result.applied = result.cancelRequested;
    return result;
}

MutationResult SqliteMutations::requeueAllDead(const RequeueAllDead &m, std::vector<JobEvent> &events)
{
    Transition t;
    t.from = {JobState::Dead};
    t.to = JobState::Queued;
    t.reason = m.reason;
    t.atMs = m.atMs;
    t.runAtMs = m.atMs;
    t.resetAttempts = true;
    MutationResult result;
    for (const ClaimedJob &j : m_transitions.change(t, JobState::Dead, QStringLiteral("SELECT id FROM jobs WHERE state = 'dead'"),
                                                    [](SqlStatement &, int) {})) {
        recordEvent({j.id, j.kind, j.queue, JobState::Dead, JobState::Queued, false, m.reason, m.atMs, m.atMs}, events);
        jobMoved(j, JobState::Dead, JobState::Queued, m.atMs, events);
        ++result.affected;
    }
    result.applied = result.affected > 0;
    return result;
}

int SqliteMutations::recordRemovals(SqlStatement &query, qint64 atMs, std::vector<JobEvent> &events)
{
    int n = 0;
    while (query.next()) {
        JobEvent e;
        e.jobId = query.value(0).toLongLong();
        e.queue = query.value(1).toString();
        e.kind = query.value(2).toString();
        const QString state = query.value(3).toString();
        e.from = e.to = stateFromName(state).value_or(JobState::Queued);
        e.removed = true;
        e.atMs = atMs;
        m_tally.removed(e.queue, e.kind, state);
        events.push_back(e);
        ++n;
    }
    return n;
}

MutationResult SqliteMutations::deleteJob(const DeleteJob &m, std::vector<JobEvent> &events)
{
    // Running jobs are cancelled first: deleting one would leave its worker writing to nothing.
    auto &member = statement(QStringLiteral("SELECT batch_id, state FROM jobs WHERE id = ? AND batch_id IS NOT NULL"));
    member.bindValue(0, m.jobId);
    member.exec();
    const qint64 batchId = member.next() ? member.value(0).toLongLong() : 0;
    const JobState batchJobState = batchId > 0 ? stateFromName(member.value(1).toString()).value_or(JobState::Queued) : JobState::Queued;
    member.finish();
    const auto place = m_orderKeys.placeOf(m.jobId);
    auto &q = statement(QStringLiteral(
        "DELETE FROM jobs WHERE id = ? AND state <> 'running' RETURNING id, queue, kind, state"));
    q.bindValue(0, m.jobId);
    q.exec();
    MutationResult r;
    r.jobId = m.jobId;
    r.affected = recordRemovals(q, m.atMs, events);
    r.applied = r.affected > 0;
    if (r.applied) {
        m_continuations.jobDeleted(m.jobId, m.atMs, events);
        if (place)
            m_orderKeys.passed(*place, m.atMs);
        if (batchId > 0)
            m_batches.jobDeleted(batchId, batchJobState, m.atMs, events);
    }
    return r;
}

MutationResult SqliteMutations::setPriority(const SetPriority &m, std::vector<JobEvent> &events)
{
    auto &q = statement(QStringLiteral(
        "UPDATE jobs SET priority = ?, updated_at = ? WHERE id = ? AND state IN ('scheduled', 'queued', 'failed', 'waiting') "
        "RETURNING kind, queue, state"));
    q.bindValue(0, m.priority);
    q.bindValue(1, m.atMs);
    q.bindValue(2, m.jobId);
    q.exec();
    MutationResult r;
    r.jobId = m.jobId;
    if (q.next()) {
        // Not a change of state, but views of the waiting order must hear of it: an event from and to the same
        // state (the counts see -1 and +1).
        const JobState state = stateFromName(q.value(2).toString()).value_or(JobState::Queued);
        const JobEvent e{m.jobId, q.value(0).toString(), q.value(1).toString(), state, state, false,
                         QStringLiteral("priority set to %1").arg(m.priority), m.atMs};
        q.finish();
        recordEvent(e, events);
        r.affected = 1;
    }
    r.applied = r.affected > 0;
    return r;
}

MutationResult SqliteMutations::pruneOld(const PruneOld &m, std::vector<JobEvent> &events)
{
    MutationResult r;
    if (m.jobsBeforeMs > 0) {
        // Through the history index, a range of each finished state; attempts, log lines, checkpoints and history
        // rows go with their job (foreign keys), and the search index with them (triggers).
        auto &jobs = statement(QStringLiteral(
            "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_history "
            "WHERE state IN ('succeeded', 'dead', 'cancelled') AND finished_at < ? LIMIT ?) "
            "RETURNING id, queue, kind, state"));
        jobs.bindValue(0, m.jobsBeforeMs);
        jobs.bindValue(1, m.limit);
        jobs.exec();
        r.affected = recordRemovals(jobs, m.atMs, events);
        // Jobs that live long (requeued, or still retrying) keep their recent lines only. Lines are numbered in
        // the order they were written, so the oldest are the first few: looking further would read them all.
        auto &lines = statement(QStringLiteral(
            "DELETE FROM job_log WHERE id IN (SELECT id FROM (SELECT id, at FROM job_log ORDER BY id LIMIT ?) AS oldest "
            "WHERE at < ?)"));
        lines.bindValue(0, m.limit);
        lines.bindValue(1, m.jobsBeforeMs);
        lines.exec();
        r.affected += lines.numRowsAffected();
        // Pipelines that finished as long ago go too (their steps with them); their jobs went above.
        auto &pipelines = statement(QStringLiteral(
            "DELETE FROM pipelines WHERE id IN (SELECT id FROM pipelines WHERE finished_at < ? LIMIT ?)"));
        pipelines.bindValue(0, m.jobsBeforeMs);
        pipelines.bindValue(1, m.limit);
        pipelines.exec();
    }
    if (m.minutesBeforeMs > 0) {
        auto &minutes = statement(QStringLiteral("DELETE FROM job_minutes WHERE minute < ?"));
        minutes.bindValue(0, m.minutesBeforeMs / 60'000);
        minutes.exec();
    }
    return r;
}

MutationResult SqliteMutations::configureQueue(const ConfigureQueue &m)
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO queues (name, concurrency, paused, rate_count, rate_window_ms) "
        "VALUES (?1, COALESCE(?2, 0), COALESCE(?3, 0), COALESCE(?4, 0), COALESCE(?5, 0)) "
        "ON CONFLICT (name) DO UPDATE SET concurrency = COALESCE(?2, queues.concurrency), "
        "paused = COALESCE(?3, queues.paused), rate_count = COALESCE(?4, queues.rate_count), "
        "rate_window_ms = COALESCE(?5, queues.rate_window_ms)"));
    q.bindValue(0, m.name);
    q.bindValue(1, optionalValue(m.concurrency));
    q.bindValue(2, optionalValue(m.paused));
    q.bindValue(3, m.rate ? QVariant(m.rate->isLimited() ? m.rate->count : 0) : QVariant());
    q.bindValue(4, m.rate ? QVariant(m.rate->isLimited() ? m.rate->windowMs : 0) : QVariant());
    q.exec();
    if (m.rate)
        m_rates.configured(m.name, *m.rate);
    return {};
}

MutationResult SqliteMutations::rescheduleJob(const RescheduleJob &m, std::vector<JobEvent> &events)
{
    // Only a job still waiting for its time moves; one that started or finished keeps its history.
    auto &q = statement(QStringLiteral(
        "UPDATE jobs SET run_at = ?, updated_at = ?, state_reason = ? WHERE id = ? AND state = 'scheduled' "
        "RETURNING kind, queue"));
    q.bindValue(0, m.runAtMs);
    q.bindValue(1, m.nowMs);
    q.bindValue(2, m.reason);
    q.bindValue(3, m.jobId);
    q.exec();
    MutationResult result;
    result.jobId = m.jobId;
    result.applied = q.next();
    if (!result.applied)
        return result;
    const QString kind = q.value(0).toString();
    const QString queue = q.value(1).toString();
    q.finish();
    result.affected = 1;
    recordEvent({m.jobId, kind, queue, JobState::Scheduled, JobState::Scheduled, false, m.reason, m.nowMs, m.runAtMs},
                events);
    return result;
}

MutationResult SqliteMutations::setSetting(const SetSetting &m)
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bindValue(0, m.key);
    q.bindValue(1, m.value);
    q.exec();
    return {};
}

} // namespace jobdeck
