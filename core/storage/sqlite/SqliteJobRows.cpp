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
