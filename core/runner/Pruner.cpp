#include "Pruner.h"

#include "model/Clock.h"
#include "storage/StoreError.h"

#include <QPointer>

namespace jobdeck {

Pruner::Pruner(Submit submit, StoreReader &reader, const Clock &clock, QObject *parent)
    : QObject(parent), m_submit(std::move(submit)), m_reader(reader), m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        pruneNow();
        m_timer.start(kIntervalMs);
    });
}

void Pruner::start(int firstDelayMs)
{
    m_timer.start(firstDelayMs);
}

void Pruner::stop()
{
    m_timer.stop();
}

void Pruner::pruneNow()
{
    if (m_running)
        return;
    qint64 retentionMs = 0;
    try {
        retentionMs = m_reader.setting(kSetting, QStringLiteral("0")).toLongLong();
    } catch (const StoreError &e) {
        Q_EMIT failed(e.message());
        return;
    }
    m_running = true;
    batch(retentionMs > 0 ? m_clock.nowMs() - retentionMs : 0, 0);
}

void Pruner::batch(qint64 beforeMs, qint64 removedSoFar)
{
    PruneOld prune;
    prune.jobsBeforeMs = beforeMs;
    prune.minutesBeforeMs = m_clock.nowMs() - kMinutesKeptMs;
    prune.limit = kBatch;
    prune.atMs = m_clock.nowMs();
    // The writer is flushed before the pruner goes (Engine::finishStop), and a call still queued goes with it.
    m_submit({prune}, [this, beforeMs, removedSoFar](const BatchResult &r) {
        // On the writer thread: the next batch is decided on the main thread.
        m_calls.post([this, r, beforeMs, removedSoFar] {
            if (!r.ok) {
                m_running = false;
                Q_EMIT failed(r.error);
                return;
            }
            const int removed = r.results.empty() ? 0 : r.results.front().affected;
            if (removed > 0 && beforeMs > 0 && m_running) {
                batch(beforeMs, removedSoFar + removed);
                return;
            }
            m_running = false;
            Q_EMIT pruned(removedSoFar + removed);
        });
    });
}

} // namespace jobdeck
