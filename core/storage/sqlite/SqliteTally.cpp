#include "SqliteTally.h"

#include "SqliteStatement.h"

namespace jobdeck {

namespace {
constexpr qint64 kMinuteMs = 60'000;
}

void SqliteTally::add(const QString &queue, const QString &kind, const QString &state, qint64 delta)
{
    m_counts[{queue, kind, state}] += delta;
}

void SqliteTally::record(const JobEvent &event)
{
    if (!event.created)
        add(event.queue, event.kind, stateName(event.from), -1);
    add(event.queue, event.kind, stateName(event.to), +1);
    Minute &minute = m_minutes[event.atMs / kMinuteMs];
    if (event.created)
        ++minute.enqueued;
    else if (event.to == JobState::Succeeded)
        ++minute.succeeded;
    else if (event.from == JobState::Running && (event.to == JobState::Failed || event.to == JobState::Dead))
        ++minute.failed; // an attempt that failed, whether or not a retry follows
    m_latestMs = std::max(m_latestMs, event.atMs);
}

void SqliteTally::removed(const QString &queue, const QString &kind, const QString &state)
{
    add(queue, kind, state, -1);
}

void SqliteTally::write()
{
    bool depthChanged = false;
    if (!m_counts.empty()) {
        auto &upsert = m_prepare(QStringLiteral(
            "INSERT INTO job_counts (queue, kind, state, n) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (queue, kind, state) DO UPDATE SET n = max(0, job_counts.n + excluded.n)"));
        for (const auto &[key, delta] : m_counts) {
            if (delta == 0)
                continue;
            const auto &[queue, kind, state] = key;
            upsert.bindValue(0, queue);
            upsert.bindValue(1, kind);
            upsert.bindValue(2, state);
            upsert.bindValue(3, delta);
            upsert.exec();
            depthChanged = depthChanged || state == QLatin1String("queued") || state == QLatin1String("running");
        }
    }
    if (!m_minutes.empty()) {
        auto &upsert = m_prepare(QStringLiteral(
            "INSERT INTO job_minutes (minute, enqueued, succeeded, failed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (minute) DO UPDATE SET enqueued = job_minutes.enqueued + excluded.enqueued, "
            "succeeded = job_minutes.succeeded + excluded.succeeded, failed = job_minutes.failed + excluded.failed"));
        for (const auto &[minute, m] : m_minutes) {
            upsert.bindValue(0, minute);
            upsert.bindValue(1, m.enqueued);
            upsert.bindValue(2, m.succeeded);
            upsert.bindValue(3, m.failed);
            upsert.exec();
        }
    }
    if (depthChanged && m_latestMs > 0) {
        // The depth as it stands after this commit: the series' last word for the minute.
        auto &depth = m_prepare(QStringLiteral(
            "INSERT INTO job_minutes (minute, queued, running) VALUES (?, "
            "(SELECT coalesce(sum(n), 0) FROM job_counts WHERE state = 'queued'), "
            "(SELECT coalesce(sum(n), 0) FROM job_counts WHERE state = 'running')) "
            "ON CONFLICT (minute) DO UPDATE SET queued = excluded.queued, running = excluded.running"));
        depth.bindValue(0, m_latestMs / kMinuteMs);
        depth.exec();
    }
    discard();
}

void SqliteTally::discard()
{
    m_counts.clear();
    m_minutes.clear();
    m_latestMs = 0;
}

} // namespace jobdeck
