#include "SqliteReader.h"

#include "storage/StoreError.h"

#include <QStringList>
#include <QVariant>

namespace jobdeck {

namespace {

const QString kJobColumns = QStringLiteral(
    "j.id, j.kind, j.queue, j.priority, j.state, j.state_reason, j.payload, j.result, j.error, j.progress, "
    "j.progress_text, j.run_at, j.created_at, j.updated_at, j.started_at, j.finished_at, j.attempts, "
    "j.total_attempts, j.max_attempts, j.timeout_ms, j.backoff_ms, j.idempotency_key, j.lease_owner, "
    "j.lease_until, j.cancel_requested, c.data");

JobRecord readJob(const QSqlQuery &q)
{
    JobRecord j;
    j.id = q.value(0).toLongLong();
    j.kind = q.value(1).toString();
    j.queue = q.value(2).toString();
    j.priority = q.value(3).toInt();
    j.state = stateFromName(q.value(4).toString()).value_or(JobState::Queued);
    j.stateReason = q.value(5).toString();
    j.payload = q.value(6).toString().toUtf8();
    j.result = q.value(7).toString().toUtf8();
    j.error = q.value(8).toString();
    j.progress = q.value(9).toDouble();
    j.progressText = q.value(10).toString();
    j.runAtMs = q.value(11).toLongLong();
    j.createdAtMs = q.value(12).toLongLong();
    j.updatedAtMs = q.value(13).toLongLong();
    j.startedAtMs = q.value(14).toLongLong();
    j.finishedAtMs = q.value(15).toLongLong();
    j.attempts = q.value(16).toInt();
    j.totalAttempts = q.value(17).toInt();
    j.maxAttempts = q.value(18).toInt();
    j.timeoutMs = q.value(19).toLongLong();
    j.backoffMs = q.value(20).toLongLong();
    j.idempotencyKey = q.value(21).toString();
    j.leaseOwner = q.value(22).toString();
    j.leaseUntilMs = q.value(23).toLongLong();
    j.cancelRequested = q.value(24).toBool();
    j.checkpoint = q.value(25).toString().toUtf8();
    return j;
}

} // namespace

SqliteReader::SqliteReader(const QString &path) : m_connection(path, SqliteConnection::Mode::ReadOnly)
{
    if (!m_connection.isOpen())
        throw StoreError(m_connection.openError());
}

std::optional<JobRecord> SqliteReader::job(qint64 id)
{
    auto q = run(QStringLiteral("SELECT %1 FROM jobs j LEFT JOIN checkpoints c ON c.job_id = j.id WHERE j.id = ?")
                     .arg(kJobColumns),
                 {id});
    if (!q.next())
        return std::nullopt;
    return readJob(q);
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
    QString sql = QStringLiteral("SELECT %1 FROM jobs j LEFT JOIN checkpoints c ON c.job_id = j.id").arg(kJobColumns);
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY j.id DESC LIMIT ?");
    values << filter.limit;
    auto q = run(sql, values);
    std::vector<JobRecord> out;
    while (q.next())
        out.push_back(readJob(q));
    return out;
}

std::vector<AttemptRecord> SqliteReader::attempts(qint64 jobId)
{
    auto q = run(QStringLiteral("SELECT number, started_at, finished_at, outcome, error, runner, worker, "
                                "from_checkpoint FROM attempts WHERE job_id = ? ORDER BY number"),
                 {jobId});
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

std::vector<LogLine> SqliteReader::logTail(qint64 jobId, int count)
{
    auto q = run(QStringLiteral("SELECT at, level, attempt, text FROM job_log WHERE job_id = ? "
                                "ORDER BY id DESC LIMIT ?"),
                 {jobId, count});
    std::vector<LogLine> out;
    while (q.next()) {
        LogLine l;
        l.timeMs = q.value(0).toLongLong();
        l.level = q.value(1).toString() == QLatin1String("ERROR") ? LogLevel::Error : LogLevel::Info;
        l.attempt = q.value(2).toInt();
        l.text = q.value(3).toString();
        out.push_back(l);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

StoreStats SqliteReader::stats()
{
    auto q = run(QStringLiteral("SELECT queue, state, count(*) FROM jobs GROUP BY queue, state"));
    StoreStats s;
    while (q.next()) {
        const QString queue = q.value(0).toString();
        const QString state = q.value(1).toString();
        const qint64 n = q.value(2).toLongLong();
        s.byState[state] += n;
        s.byQueue[queue][state] += n;
    }
    return s;
}

std::vector<QueueInfo> SqliteReader::queues()
{
    auto q = run(QStringLiteral("SELECT name, concurrency, paused FROM queues ORDER BY name"));
    std::vector<QueueInfo> out;
    while (q.next())
        out.push_back({q.value(0).toString(), q.value(1).toInt(), q.value(2).toBool()});
    return out;
}

QString SqliteReader::setting(const QString &key, const QString &fallback)
{
    auto q = run(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    return q.next() ? q.value(0).toString() : fallback;
}

qint64 SqliteReader::pendingCount()
{
    auto q = run(QStringLiteral("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running', 'failed')"));
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
    auto q = run(QStringLiteral("SELECT r.id, r.host, r.pid, r.heartbeat_at, r.retired_at IS NOT NULL FROM runners r "
                                "WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.state = 'running' "
                                "AND j.lease_owner = r.id)"));
    std::vector<RunnerRow> out;
    while (q.next()) {
        out.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(),
                       q.value(3).toLongLong(), q.value(4).toBool()});
    }
    return out;
}

qint64 SqliteReader::earliestDueMs()
{
    auto q = run(QStringLiteral("SELECT min(run_at) FROM jobs WHERE state IN ('scheduled', 'failed')"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace jobdeck
