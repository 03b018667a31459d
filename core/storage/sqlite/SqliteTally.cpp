#include "SqliteTally.h"

#include "SqliteStatement.h"

#include <QStringList>
#include <algorithm>
#include <vector>

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
    // The changed counts in statements of up to kRowsPerUpsert rows: on PostgreSQL each statement is a round trip.
    // The map's order is the same in every writer, so two writers' upserts never wait for each other crosswise.
    constexpr int kRowsPerUpsert = 16;
    std::vector<decltype(m_counts)::const_iterator> changed;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (it->second != 0)
            changed.push_back(it);
    }
    for (size_t first = 0; first < changed.size(); first += kRowsPerUpsert) {
        const size_t rows = std::min<size_t>(kRowsPerUpsert, changed.size() - first);
        QStringList values;
        for (size_t i = 0; i < rows; ++i)
            values << QStringLiteral("(?, ?, ?, ?)");
        auto &upsert = m_prepare(QStringLiteral("INSERT INTO job_counts (queue, kind, state, n) VALUES %1 "
                                                "ON CONFLICT (queue, kind, state) DO UPDATE SET n = max(0, job_counts.n + excluded.n)")
                                     .arg(values.join(QStringLiteral(", "))));
        for (size_t i = 0; i < rows; ++i) {
            const auto &[key, delta] = *changed[first + i];
            const auto &[queue, kind, state] = key;
            const int column = int(i) * 4;
            upsert.bindValue(column, queue);
            upsert.bindValue(column + 1, kind);
            upsert.bindValue(column + 2, state);
            upsert.bindValue(column + 3, delta);
            depthChanged = depthChanged || state == QLatin1String("queued") || state == QLatin1String("running");
        }
        upsert.exec();
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
