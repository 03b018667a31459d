#include "SqliteQueueRates.h"

#include <algorithm>

namespace jobdeck {

namespace {
void earliest(qint64 &target, qint64 atMs)
{
    if (atMs > 0)
        target = target == 0 ? atMs : std::min(target, atMs);
}
}

SqliteQueueRates::SqliteQueueRates(SqlStatementCache &statements) : m_statements(statements) {}

void SqliteQueueRates::limit(ClaimJobs &c, qint64 &nextClaimAtMs, bool limited, const std::function<void()> &serialize)
{
    m_limited.clear();
    if (!limited)
        return;
    auto &queues = statement(QStringLiteral(
        "SELECT name, rate_count, rate_window_ms FROM queues WHERE rate_count > 0 AND rate_window_ms > 0 AND paused = 0"));
    queues.exec();
    while (queues.next())
        m_limited.push_back({queues.value(0).toString(), {queues.value(1).toInt(), queues.value(2).toLongLong()}, 0});
    queues.finish();
    if (!m_limited.empty())
        serialize();
    // Runners' claims do not commit in the order of their times: one made a little earlier may commit after one
    // made later. So a start is forgotten only a window after it left the window, and a claim counts the starts
    // of its own window, which the later claim's forgetting has then not touched.
    auto &forget = statement(QStringLiteral("DELETE FROM queue_starts WHERE queue = ? AND at <= ?"));
    auto &count = statement(QStringLiteral("SELECT count(*) FROM queue_starts WHERE queue = ? AND at > ?"));
    for (Limited &q : m_limited) {
        if (c.blockedQueues.contains(q.queue))
            continue;
        forget.bindValue(0, q.queue);
        forget.bindValue(1, c.nowMs - 2 * q.rate.windowMs);
        forget.exec();
        count.bindValue(0, q.queue);
        count.bindValue(1, c.nowMs - q.rate.windowMs);
        count.exec();
        q.recent = count.next() ? count.value(0).toInt() : 0;
        count.finish();
        int room = q.rate.count - q.recent;
        if (c.workers > 0)
            room = std::min(room, c.workers);
        if (room <= 0) {
            c.queueLimits.remove(q.queue);
            c.blockedQueues << q.queue;
            earliest(nextClaimAtMs, roomAt(q));
            continue;
        }
        const auto it = c.queueLimits.find(q.queue);
        if (it == c.queueLimits.end())
            c.queueLimits.insert(q.queue, room);
        else
            it.value() = std::min(it.value(), room);
    }
}

void SqliteQueueRates::started(const std::vector<ClaimedJob> &claimed, qint64 nowMs, qint64 &nextClaimAtMs)
{
    if (m_limited.empty())
        return;
    auto &record = statement(QStringLiteral("INSERT INTO queue_starts (queue, at) VALUES (?, ?)"));
    for (Limited &q : m_limited) {
        int started = 0;
        for (const ClaimedJob &j : claimed) {
            if (j.queue != q.queue)
                continue;
            record.bindValue(0, q.queue);
            record.bindValue(1, nowMs);
            record.exec();
            ++started;
        }
        q.recent += started;
        if (started > 0 && q.recent >= q.rate.count)
            earliest(nextClaimAtMs, roomAt(q));
    }
    m_limited.clear();
}

qint64 SqliteQueueRates::roomAt(const Limited &q)
{
    // The window has room again once the start N places back from the newest has left it.
    auto &nth = statement(QStringLiteral("SELECT at FROM queue_starts WHERE queue = ? ORDER BY at DESC LIMIT 1 OFFSET ?"));
    nth.bindValue(0, q.queue);
    nth.bindValue(1, q.rate.count - 1);
    nth.exec();
    const qint64 at = nth.next() ? nth.value(0).toLongLong() + q.rate.windowMs : 0;
    nth.finish();
    return at;
}

void SqliteQueueRates::configured(const QString &queue, const QueueRate &rate)
{
    if (rate.isLimited())
        return;
    auto &q = statement(QStringLiteral("DELETE FROM queue_starts WHERE queue = ?"));
    q.bindValue(0, queue);
    q.exec();
}

} // namespace jobdeck
