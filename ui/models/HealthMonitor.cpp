#include "HealthMonitor.h"

#include "storage/ReadThread.h"
#include "runner/Engine.h"

namespace jobdeck {

HealthMonitor::HealthMonitor(Engine &engine, ReadThread &reads, QObject *parent)
    : QObject(parent), m_engine(engine), m_reads(reads)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &HealthMonitor::checkNow);
    connect(&engine, &Engine::storeFailed, this, &HealthMonitor::noteError);
    // The pause is written asynchronously, so a check right after it may read the database before the write lands:
    // the engine's word for it is taken instead.
    connect(&engine, &Engine::pausedChanged, this, [this](bool paused) {
        m_pausedHere = paused;
        checkNow();
    });
    m_timer.start();
    checkNow();
}

void HealthMonitor::noteError(const QString &message)
{
    m_errors.emplace_back(m_engine.clock().nowMs(), message);
    while (m_errors.size() > 20)
        m_errors.pop_front();
    checkNow();
}

void HealthMonitor::checkNow()
{
    if (m_pending) {
        m_again = true; // one check at a time; the next one starts when this one is in
        return;
    }
    m_pending = true;
    const qint64 now = m_engine.clock().nowMs();
    const QString path = m_engine.store().location();
    m_reads.read<HealthSnapshot>(
        this, [path, now](StoreReader &reader) { return HealthSnapshot::read(reader, path, now); },
        [this](const HealthSnapshot &snapshot) {
            m_pending = false;
            m_snapshot = snapshot;
            m_snapshot.waitingForServer = m_engine.store().isWaitingForServer();
            if (m_pausedHere)
                m_snapshot.paused = *m_pausedHere;
            for (auto it = m_errors.rbegin(); it != m_errors.rend(); ++it) {
                if (snapshot.nowMs - it->first <= kErrorMemoryMs)
                    m_snapshot.databaseErrors << it->second;
            }
            m_report = HealthCheck().evaluate(m_snapshot);
            m_checkedAtMs = snapshot.nowMs;
            m_hasReport = true;
            Q_EMIT reportChanged();
            checkAgainIfAsked();
        },
        [this](const QString &message) {
            m_pending = false;
            m_report = HealthCheck::unreadable(message, m_engine.store().isWaitingForServer());
            m_checkedAtMs = m_engine.clock().nowMs();
            m_hasReport = true;
            Q_EMIT reportChanged();
            checkAgainIfAsked();
        });
}

void HealthMonitor::checkAgainIfAsked()
{
    if (!m_again)
        return;
    m_again = false;
    checkNow();
}

void HealthMonitor::setIntervalMs(int ms)
{
    if (ms <= 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(ms);
}

} // namespace jobdeck
