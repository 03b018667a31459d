#include "SqliteTransitions.h"

#include <QVariant>
#include <sqlite3.h>

namespace jobdeck {

namespace {

template<typename T>
QVariant optionalValue(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}

QVariant optionalJson(const std::optional<QByteArray> &v)
{
    return v ? QVariant(QString::fromUtf8(*v)) : QVariant();
}

// Numbered parameters, so that one value serves several places. The ids follow as plain `?`, which SQLite numbers
// after the highest numbered one.
//  ?1 to   ?2 reason   ?3 at   ?4 run_at   ?5 result   ?6 error   ?7 payload   ?8 reset attempts   ?9 refund
//  ?10 claim   ?11 final   ?12 succeeded   ?13 from   ?14 any owner   ?15 owner or claimer   ?16 lease until
constexpr int kFirstIdIndex = 16;

// OR IGNORE: of two singleton jobs of one kind claimed together, the second is skipped by the unique index
// instead of failing the claim.
const char *const kChangeSql =
    "UPDATE OR IGNORE jobs SET state = ?1, state_reason = ?2, updated_at = ?3, run_at = COALESCE(?4, run_at), "
    "result = COALESCE(?5, result), error = COALESCE(?6, error), payload = COALESCE(?7, payload), "
    "attempts = CASE WHEN ?8 THEN 0 WHEN ?9 THEN max(attempts - 1, 0) WHEN ?10 THEN attempts + 1 ELSE attempts END, "
    "total_attempts = total_attempts + CASE WHEN ?10 THEN 1 ELSE 0 END, "
    "lease_owner = CASE WHEN ?10 THEN ?15 ELSE NULL END, "
    "lease_until = CASE WHEN ?10 THEN CAST(?16 AS BIGINT) ELSE NULL END, "
    "started_at = CASE WHEN ?10 THEN ?3 ELSE started_at END, "
    "finished_at = CASE WHEN ?11 THEN ?3 ELSE finished_at END, "
    "cancel_requested = 0, cancelled_by_parent = NULL, "
    "progress = CASE WHEN ?12 THEN 1 WHEN ?10 THEN 0 ELSE progress END, "
    "progress_text = CASE WHEN ?12 OR ?10 THEN '' ELSE progress_text END "
    "WHERE id IN (%1) AND state = ?13 AND CASE WHEN ?10 "
    "THEN EXISTS (SELECT 1 FROM runners WHERE id = ?15 AND retired_at IS NULL) ELSE (?14 OR lease_owner = ?15) END "
    "RETURNING id, kind, queue, priority, payload, attempts, total_attempts, max_attempts, timeout_ms, backoff_ms, "
    "created_at, checkpoint_at, log_count, continuous, continue_on IS NOT NULL, batch_id, completes_batch, order_key, order_seq, pipeline_id";

} // namespace

SqliteTransitions::SqliteTransitions(SqlStatementCache &statements, sqlite3 *db)
    : m_db(db), m_statements(statements)
{
    if (m_db)
        sqlite3_set_authorizer(m_db, &SqliteTransitions::authorize, this);
}

SqliteTransitions::~SqliteTransitions()
{
    if (m_db)
        sqlite3_set_authorizer(m_db, nullptr, nullptr);
}

int SqliteTransitions::authorize(void *self, int action, const char *table, const char *column, const char *,
                                 const char *)
{
    // SQLite asks while it prepares a statement, and again when it prepares one anew after a schema change: both
    // happen inside change(), which alone may write the column.
    if (action == SQLITE_UPDATE && table && column && qstrcmp(table, "jobs") == 0 && qstrcmp(column, "state") == 0
        && !static_cast<SqliteTransitions *>(self)->m_writingState)
        return SQLITE_DENY;
    return SQLITE_OK;
}

std::vector<ClaimedJob> SqliteTransitions::change(const Transition &t, JobState from, const QString &idsSql,
                                                  const BindIds &bindIds, qint64 leaseUntilMs)
{
    std::vector<ClaimedJob> changed;
    if (!isTransitionAllowed(from, t.to))
        return changed;
    const bool claim = t.to == JobState::Running;
    Q_ASSERT(!claim || !t.requireOwner.isEmpty());
    m_writingState = true;
    struct Reset {
        bool &flag;
        ~Reset() { flag = false; }
    } reset{m_writingState};

    auto &q = m_statements.get(QString::fromLatin1(kChangeSql).arg(idsSql));
    q.bindValue(0, stateName(t.to));
    q.bindValue(1, t.reason);
    q.bindValue(2, t.atMs);
    q.bindValue(3, optionalValue(t.runAtMs));
    q.bindValue(4, optionalJson(t.result));
    q.bindValue(5, optionalValue(t.error));
    q.bindValue(6, optionalJson(t.payload));
    q.bindValue(7, t.resetAttempts);
    q.bindValue(8, t.refundAttempt);
    q.bindValue(9, claim);
    q.bindValue(10, isFinal(t.to));
    q.bindValue(11, t.to == JobState::Succeeded);
    q.bindValue(12, stateName(from));
    q.bindValue(13, t.requireOwner.isEmpty());
    q.bindValue(14, t.requireOwner);
    q.bindValue(15, leaseUntilMs);
    bindIds(q, kFirstIdIndex);
    q.exec();
    while (q.next()) {
        ClaimedJob j;
        j.id = q.value(0).toLongLong();
        j.kind = q.value(1).toString();
        j.queue = q.value(2).toString();
        j.priority = q.value(3).toInt();
        j.payload = q.value(4).toUtf8();
        j.attempt = q.value(5).toInt();
        j.attemptNumber = q.value(6).toInt();
        j.maxAttempts = q.value(7).toInt();
        j.timeoutMs = q.value(8).toLongLong();
        j.backoffMs = q.value(9).toLongLong();
        j.createdAtMs = q.value(10).toLongLong();
        if (q.value(11).toLongLong() > 0)
            j.checkpoint = QByteArrayLiteral("?");
        j.logCount = q.value(12).toInt();
        j.continuous = q.value(13).toBool();
        j.continuation = q.value(14).toBool();
        j.batchId = q.value(15).toLongLong();
        j.completesBatch = q.value(16).toLongLong();
        j.orderKey = q.value(17).toString();
        j.orderSeq = q.value(18).toLongLong();
        j.pipelineId = q.value(19).toLongLong();
        j.leaseUntilMs = claim ? leaseUntilMs : 0;
        changed.push_back(std::move(j));
    }
    q.finish();
    return changed;
}

} // namespace jobdeck
