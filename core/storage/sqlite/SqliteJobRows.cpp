#include "SqliteJobRows.h"

#include <QVariant>

namespace jobdeck::SqliteJobRows {

QString selectFrom()
{
    // The current (or last) attempt's row names the worker; attempts are keyed by (job, number).
    return QStringLiteral(
        "SELECT j.id, j.kind, j.queue, j.priority, j.state, j.state_reason, j.payload, j.result, j.error, "
        "j.progress, j.progress_text, j.run_at, j.created_at, j.updated_at, j.started_at, j.finished_at, "
        "j.attempts, j.total_attempts, j.max_attempts, j.timeout_ms, j.backoff_ms, j.idempotency_key, "
        "j.lease_owner, j.lease_until, j.cancel_requested, c.data, a.worker, j.singleton, j.continuous, j.callback_url, "
        "j.continue_on, CASE WHEN j.continue_on IS NOT NULL "
        "THEN (SELECT group_concat(parent_id) FROM job_parents WHERE job_id = j.id) END, j.batch_id, j.completes_batch, "
        "CASE WHEN j.has_mutex = 1 THEN (SELECT group_concat(name) FROM job_mutexes WHERE job_id = j.id) END, "
        "j.order_key, j.order_seq, j.order_wait_ms, "
        // What it waits for: the first of its key's jobs that have not ended, when that is another job.
        "CASE WHEN j.order_key IS NOT NULL AND j.state NOT IN ('succeeded', 'cancelled', 'dead', 'running') "
        "THEN NULLIF((SELECT p.id FROM jobs p INDEXED BY jobs_order_open WHERE p.order_key = j.order_key "
        "AND p.state NOT IN ('succeeded', 'cancelled') ORDER BY p.order_seq, p.id LIMIT 1), j.id) END, j.pipeline_id "
        "FROM jobs j LEFT JOIN checkpoints c ON c.job_id = j.id "
        "LEFT JOIN attempts a ON a.job_id = j.id AND a.number = j.total_attempts");
}

JobRecord read(const QSqlQuery &q)
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
    j.worker = q.value(26).toString();
    j.singleton = q.value(27).toBool();
    j.continuous = q.value(28).toBool();
    j.callbackUrl = q.value(29).toString();
    j.continueOn = continueOnFromName(q.value(30).toString());
    for (const QString &id : q.value(31).toString().split(u',', Qt::SkipEmptyParts))
        j.parents << id.toLongLong();
    j.batchId = q.value(32).toLongLong();
    j.completesBatch = q.value(33).toLongLong();
    j.mutexes = q.value(34).toString().split(u',', Qt::SkipEmptyParts);
    j.mutexes.sort();
    j.orderKey = q.value(35).toString();
    j.orderSeq = q.value(36).toLongLong();
    j.orderWaitMs = q.value(37).toLongLong();
    j.orderBlockedBy = q.value(38).toLongLong();
    j.pipelineId = q.value(39).toLongLong();
    return j;
}

QByteArray idList(const std::vector<qint64> &ids)
{
    QByteArray json = "[";
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i)
            json += ',';
        json += QByteArray::number(ids[i]);
    }
    return json + ']';
}

} // namespace jobdeck::SqliteJobRows
