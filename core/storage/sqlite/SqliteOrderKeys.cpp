#include "SqliteOrderKeys.h"

#include "model/Duration.h"

#include <QStringList>
#include <algorithm>

namespace jobdeck {

SqliteOrderKeys::SqliteOrderKeys(SqlStatementCache &statements) : m_statements(statements) {}

qint64 SqliteOrderKeys::sequenceFor(const JobSpec &spec)
{
    auto &q = spec.orderSeq > 0
        ? statement(QStringLiteral("INSERT INTO order_keys (key, last_seq) VALUES (?, ?) ON CONFLICT (key) "
                                   "DO UPDATE SET last_seq = max(order_keys.last_seq, excluded.last_seq) RETURNING last_seq"))
        : statement(QStringLiteral("INSERT INTO order_keys (key, last_seq) VALUES (?, 1) ON CONFLICT (key) "
                                   "DO UPDATE SET last_seq = order_keys.last_seq + 1 RETURNING last_seq"));
    q.bindValue(0, spec.orderKey);
    if (spec.orderSeq > 0)
        q.bindValue(1, spec.orderSeq);
    q.exec();
    const qint64 last = q.next() ? q.value(0).toLongLong() : 1;
    q.finish();
    return spec.orderSeq > 0 ? spec.orderSeq : last;
}

std::vector<SqliteOrderKeys::Pick> SqliteOrderKeys::toClaim(ClaimRoom &room, qint64 nowMs, int limit, qint64 &nextClaimAtMs)
{
    std::vector<Pick> picked;
    if (limit <= 0)
        return picked;
    // A queued job is a candidate when it is its key's first job that has not ended: the key's running job, or a dead
    // one, would be first instead. The scan stops after a while, as the mutex holders' does.
    constexpr int kMaxScanned = 1000;
    auto &heads = statement(QStringLiteral(
        "SELECT j.id, j.queue, j.order_key, j.order_seq, j.created_at, j.order_wait_ms, "
        "CASE WHEN j.has_mutex = 1 THEN (SELECT group_concat(name, char(10)) FROM job_mutexes WHERE job_id = j.id) END, "
        "k.done_seq, k.done_at "
        "FROM jobs j INDEXED BY jobs_order_ready LEFT JOIN order_keys k ON k.key = j.order_key "
        "WHERE j.order_key IS NOT NULL AND j.state = 'queued' AND j.continuous = 0 "
        "AND (j.singleton = 0 OR j.kind NOT IN (SELECT kind FROM jobs WHERE state = 'running' AND singleton = 1)) "
        "AND j.id = (SELECT p.id FROM jobs p INDEXED BY jobs_order_open WHERE p.order_key = j.order_key "
        "AND p.state NOT IN ('succeeded', 'cancelled') ORDER BY p.order_seq, p.id LIMIT 1) "
        "ORDER BY j.priority DESC, j.id LIMIT ?"));
    heads.bindValue(0, kMaxScanned);
    heads.exec();
    while (int(picked.size()) < limit && heads.next()) {
        const QString queue = heads.value(1).toString();
        const QStringList names = heads.value(6).toString().split(u'\n', Qt::SkipEmptyParts);
        if (!room.fits(queue, names))
            continue;
        Pick pick;
        pick.jobId = heads.value(0).toLongLong();
        const qint64 seq = heads.value(3).toLongLong();
        const qint64 doneSeq = heads.value(7).toLongLong();
        if (seq > doneSeq + 1) {
            // Numbers before it have not arrived: it waits for them from when it could otherwise have run.
            const qint64 since = std::max(heads.value(4).toLongLong(), heads.value(8).toLongLong());
            const qint64 wait = heads.value(5).toLongLong();
            if (nowMs < since + wait) {
                nextClaimAtMs = nextClaimAtMs == 0 ? since + wait : std::min(nextClaimAtMs, since + wait);
                continue;
            }
            const QString missing = seq == doneSeq + 2 ? QString::number(doneSeq + 1)
                                                       : QStringLiteral("%1 to %2").arg(doneSeq + 1).arg(seq - 1);
            pick.late = QStringLiteral("Warning: runs before number %1 of ordering key \"%2\", which did not arrive "
                                       "within %3")
                            .arg(missing, heads.value(2).toString(), formatDuration(wait));
        }
        room.take(queue, names);
        picked.push_back(std::move(pick));
    }
    heads.finish();
    return picked;
}

void SqliteOrderKeys::jobMoved(const ClaimedJob &row, JobState to, qint64 atMs)
{
    if (!row.orderKey.isEmpty() && (to == JobState::Succeeded || to == JobState::Cancelled))
        passed({row.orderKey, row.orderSeq}, atMs);
}

std::optional<SqliteOrderKeys::Place> SqliteOrderKeys::placeOf(qint64 jobId)
{
    auto &q = statement(QStringLiteral("SELECT order_key, order_seq FROM jobs WHERE id = ? AND order_key IS NOT NULL"));
    q.bindValue(0, jobId);
    q.exec();
    std::optional<Place> place;
    if (q.next())
        place = Place{q.value(0).toString(), q.value(1).toLongLong()};
    q.finish();
    return place;
}

void SqliteOrderKeys::passed(const Place &place, qint64 atMs)
{
    auto &q = statement(QStringLiteral(
        "UPDATE order_keys SET done_seq = max(done_seq, ?), done_at = ? WHERE key = ?"));
    q.bindValue(0, place.seq);
    q.bindValue(1, atMs);
    q.bindValue(2, place.key);
    q.exec();
}

} // namespace jobdeck
