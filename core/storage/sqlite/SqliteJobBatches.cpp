#include "SqliteJobBatches.h"

#include "model/JobJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

namespace jobdeck {

namespace {

// The batch's column counting jobs that ended in `state`; the names match.
QString counter(JobState state)
{
    return stateName(state);
}

} // namespace

SqliteJobBatches::SqliteJobBatches(SqlStatementCache &statements, Enqueue enqueue, Move move, Cancel cancel)
    : m_statements(statements), m_enqueue(std::move(enqueue)), m_move(std::move(move)), m_cancel(std::move(cancel))
{
}

MutationResult SqliteJobBatches::add(const AddJobBatch &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    auto &insert = statement(QStringLiteral("INSERT INTO job_batches (name, created_at, total) VALUES (?, ?, ?) RETURNING id"));
    insert.bindValue(0, m.name);
    insert.bindValue(1, m.nowMs);
    insert.bindValue(2, qint64(m.jobs.size()));
    insert.exec();
    insert.next();
    result.rowId = insert.value(0).toLongLong();
    insert.finish();
    // The completion job first: a job of the batch can end as it is inserted (a continuation of a job that ended
    // the wrong way), and the batch must already know whom to queue.
    if (m.then) {
        const MutationResult then = m_enqueue(EnqueueJob{*m.then, m.nowMs}, 0, result.rowId, events);
        result.jobId = then.jobId;
        auto &link = statement(QStringLiteral("UPDATE job_batches SET then_job_id = ? WHERE id = ?"));
        link.bindValue(0, then.jobId);
        link.bindValue(1, result.rowId);
        link.exec();
    }
    result.jobIds.reserve(m.jobs.size());
    for (const JobSpec &spec : m.jobs)
        result.jobIds.push_back(m_enqueue(EnqueueJob{spec, m.nowMs}, result.rowId, 0, events).jobId);
    result.affected = int(m.jobs.size());
    return result;
}

MutationResult SqliteJobBatches::cancel(const CancelJobBatch &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    result.rowId = m.batchId;
    auto &mark = statement(QStringLiteral(
        "UPDATE job_batches SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL AND completed_at IS NULL "
        "RETURNING then_job_id"));
    mark.bindValue(0, m.nowMs);
    mark.bindValue(1, m.batchId);
    mark.exec();
    if (!mark.next()) {
        mark.finish();
        result.applied = false;
        return result;
    }
    const qint64 thenJob = mark.value(0).toLongLong();
    mark.finish();
    const QString reason = QStringLiteral("batch %1 was cancelled").arg(m.batchId);
    // The completion job goes first, so the jobs ending below cannot queue it.
    if (thenJob > 0) {
        Transition t;
        t.jobId = thenJob;
        t.from = {JobState::Waiting};
        t.to = JobState::Cancelled;
        t.reason = reason;
        t.atMs = m.nowMs;
        m_move(t, events);
    }
    auto &open = statement(QStringLiteral(
        "SELECT id FROM jobs WHERE batch_id = ? AND state NOT IN ('succeeded', 'dead', 'cancelled') ORDER BY id"));
    open.bindValue(0, m.batchId);
    open.exec();
    std::vector<qint64> ids;
    while (open.next())
        ids.push_back(open.value(0).toLongLong());
    open.finish();
    for (const qint64 id : ids) {
        const MutationResult cancelled = m_cancel(RequestCancel{id, reason, m.nowMs}, events);
        if (cancelled.cancelRequested)
            result.jobIds.push_back(id);
        if (cancelled.applied)
            ++result.affected;
    }
    return result;
}

void SqliteJobBatches::jobMoved(qint64 batchId, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events)
{
    QStringList deltas;
    if (isFinal(to) && !isFinal(from))
        deltas << QStringLiteral("%1 = %1 + 1").arg(counter(to));
    else if (isFinal(from) && !isFinal(to))
        deltas << QStringLiteral("%1 = %1 - 1").arg(counter(from));
    else if (isFinal(from) && isFinal(to) && from != to)
        deltas << QStringLiteral("%1 = %1 - 1").arg(counter(from)) << QStringLiteral("%1 = %1 + 1").arg(counter(to));
    if (!deltas.isEmpty())
        count(batchId, deltas.join(QStringLiteral(", ")), atMs, events);
}

void SqliteJobBatches::jobDeleted(qint64 batchId, JobState state, qint64 atMs, std::vector<JobEvent> &events)
{
    QString deltas = QStringLiteral("total = total - 1");
    if (isFinal(state))
        deltas += QStringLiteral(", %1 = %1 - 1").arg(counter(state));
    count(batchId, deltas, atMs, events);
}

void SqliteJobBatches::count(qint64 batchId, const QString &deltasSql, qint64 atMs, std::vector<JobEvent> &events)
{
    auto &update = statement(QStringLiteral(
        "UPDATE job_batches SET %1 WHERE id = ? RETURNING total - succeeded - dead - cancelled, completed_at IS NULL "
        "AND cancelled_at IS NULL, then_job_id, succeeded, dead, cancelled").arg(deltasSql));
    update.bindValue(0, batchId);
    update.exec();
    if (!update.next()) {
        update.finish();
        return;
    }
    const bool done = update.value(0).toLongLong() <= 0 && update.value(1).toBool();
    const qint64 thenJob = update.value(2).toLongLong();
    const qint64 succeeded = update.value(3).toLongLong();
    const qint64 dead = update.value(4).toLongLong();
    const qint64 cancelled = update.value(5).toLongLong();
    update.finish();
    if (!done)
        return;
    // Set once: a job requeued after the batch completed, and ending again, does not complete it twice.
    auto &complete = statement(QStringLiteral("UPDATE job_batches SET completed_at = ? WHERE id = ?"));
    complete.bindValue(0, atMs);
    complete.bindValue(1, batchId);
    complete.exec();
    if (thenJob <= 0)
        return;
    Transition t;
    t.jobId = thenJob;
    t.from = {JobState::Waiting};
    t.to = JobState::Queued;
    t.runAtMs = atMs;
    t.atMs = atMs;
    t.reason = QStringLiteral("batch %1 ended: %2 succeeded, %3 dead, %4 cancelled").arg(batchId).arg(succeeded).arg(dead).arg(cancelled);
    m_move(t, events);
}

QByteArray SqliteJobBatches::summaryJson(qint64 batchId)
{
    auto &q = statement(QStringLiteral("SELECT name, total, succeeded, dead, cancelled FROM job_batches WHERE id = ?"));
    q.bindValue(0, batchId);
    q.exec();
    QJsonObject o{{QStringLiteral("id"), double(batchId)}};
    if (q.next()) {
        o.insert(QStringLiteral("name"), q.value(0).toString());
        o.insert(QStringLiteral("total"), double(q.value(1).toLongLong()));
        o.insert(QStringLiteral("succeeded"), double(q.value(2).toLongLong()));
        o.insert(QStringLiteral("dead"), double(q.value(3).toLongLong()));
        o.insert(QStringLiteral("cancelled"), double(q.value(4).toLongLong()));
    }
    q.finish();
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray SqliteJobBatches::jobsJson(qint64 batchId)
{
    auto &q = statement(QStringLiteral("SELECT id, state, result FROM jobs WHERE batch_id = ? ORDER BY id"));
    q.bindValue(0, batchId);
    q.exec();
    QJsonArray jobs;
    while (q.next()) {
        jobs.append(QJsonObject{{QStringLiteral("id"), double(q.value(0).toLongLong())},
                                {QStringLiteral("state"), q.value(1).toString()},
                                {QStringLiteral("result"), JobJson::parse(q.value(2).toString().toUtf8())}});
    }
    q.finish();
    return QJsonDocument(jobs).toJson(QJsonDocument::Compact);
}

} // namespace jobdeck
