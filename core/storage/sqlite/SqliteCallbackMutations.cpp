#include "SqliteCallbackMutations.h"

#include <QVariant>

namespace jobdeck {

MutationResult SqliteCallbackMutations::apply(const ClaimCallbacks &m)
{
    MutationResult result;
    // A lease that ran out belongs to a runner that stopped or hung mid-delivery: the delivery is due again.
    auto &q = m_statements.get(QStringLiteral(
        "UPDATE callback_deliveries SET lease_owner = ?1, lease_until = ?2 WHERE id IN (SELECT id FROM "
        "callback_deliveries "
        "WHERE state = 'pending' AND next_try_at <= ?3 AND (lease_until IS NULL OR lease_until <= ?3) "
        "ORDER BY next_try_at LIMIT ?4) RETURNING id, job_id, url, created_at, attempts, next_try_at"));
    q.bindValue(0, m.owner);
    q.bindValue(1, m.leaseUntilMs);
    q.bindValue(2, m.nowMs);
    q.bindValue(3, m.limit);
    q.exec();
    while (q.next()) {
        CallbackDelivery d;
        d.id = q.value(0).toLongLong();
        d.jobId = q.value(1).toLongLong();
        d.url = q.value(2).toString();
        d.createdAtMs = q.value(3).toLongLong();
        d.attempts = q.value(4).toInt();
        d.nextTryAtMs = q.value(5).toLongLong();
        result.deliveries.push_back(std::move(d));
    }
    q.finish();
    result.affected = int(result.deliveries.size());
    return result;
}

MutationResult SqliteCallbackMutations::apply(const RecordCallbackAttempt &m)
{
    MutationResult result;
    // The attempt row first: it numbers itself from the delivery's count before the count moves on.
    auto &attempt = m_statements.get(QStringLiteral(
        "INSERT INTO callback_attempts (delivery_id, number, at, http_status, error, next_try_at) "
        "SELECT id, attempts + 1, ?, ?, ?, ? FROM callback_deliveries WHERE id = ? AND lease_owner = ? AND "
        "state = 'pending'"));
    attempt.bindValue(0, m.atMs);
    attempt.bindValue(1, m.httpStatus > 0 ? QVariant(m.httpStatus) : QVariant());
    attempt.bindValue(2, m.error.isEmpty() ? QVariant() : QVariant(m.error));
    attempt.bindValue(3, m.nextTryAtMs > 0 ? QVariant(m.nextTryAtMs) : QVariant());
    attempt.bindValue(4, m.deliveryId);
    attempt.bindValue(5, m.owner);
    attempt.exec();
    result.applied = attempt.numRowsAffected() > 0;
    if (!result.applied)
        return result;
    const QString state = m.nextTryAtMs > 0 ? QStringLiteral("pending")
                          : m.delivered     ? QStringLiteral("delivered")
                                            : QStringLiteral("failed");
    auto &delivery = m_statements.get(QStringLiteral("UPDATE callback_deliveries SET attempts = attempts + "
                                                     "1, state = ?, next_try_at = ?, lease_owner = NULL, "
                                                     "lease_until = NULL WHERE id = ?"));
    delivery.bindValue(0, state);
    delivery.bindValue(1, m.nextTryAtMs > 0 ? QVariant(m.nextTryAtMs) : QVariant());
    delivery.bindValue(2, m.deliveryId);
    delivery.exec();
    result.affected = 1;
    return result;
}

} // namespace jobdeck
