#include "StateCounter.h"

#include "runner/Engine.h"
#include "storage/StoreError.h"

namespace jobdeck {

StateCounter::StateCounter(Engine &engine, QObject *parent)
    : QObject(parent), m_reader(engine.store().openReader())
{
    m_externalTimer.setSingleShot(true);
    m_externalTimer.setInterval(kExternalResyncMs);
    connect(&m_externalTimer, &QTimer::timeout, this, &StateCounter::resync);
    m_driftTimer.setInterval(kDriftResyncMs);
    connect(&m_driftTimer, &QTimer::timeout, this, [this] {
        if (m_changedSinceResync)
            resync();
    });
    m_driftTimer.start();
    m_notify.setSingleShot(true);
    m_notify.setInterval(kNotifyMs);
    connect(&m_notify, &QTimer::timeout, this, &StateCounter::countsChanged);
    connect(&engine, &Engine::jobsChanged, this, &StateCounter::onJobsChanged);
    connect(&engine, &Engine::externalChange, this, [this] {
        // Another runner may commit many times a second; one read a second keeps up without a scan per commit.
        if (!m_externalTimer.isActive())
            m_externalTimer.start();
    });
    resync();
}

StateCounter::~StateCounter() = default;

qint64 StateCounter::total() const
{
    qint64 n = 0;
    for (const qint64 c : m_counts)
        n += c;
    return n;
}

void StateCounter::resync()
{
    StoreStats stats;
    try {
        stats = m_reader->stats();
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    m_counts.fill(0);
    for (auto it = stats.byState.cbegin(); it != stats.byState.cend(); ++it) {
        if (const auto state = stateFromName(it.key()))
            m_counts[size_t(*state)] += it.value();
    }
    m_changedSinceResync = false;
    Q_EMIT countsChanged();
}

void StateCounter::onJobsChanged(const QList<JobEvent> &events)
{
    for (const JobEvent &e : events) {
        if (!e.created) {
            qint64 &from = m_counts[size_t(e.from)];
            from = std::max<qint64>(0, from - 1);
        }
        if (!e.removed)
            ++m_counts[size_t(e.to)];
    }
    m_changedSinceResync = true;
    if (!m_notify.isActive())
        m_notify.start();
}

} // namespace jobdeck
