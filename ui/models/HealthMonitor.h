#pragma once

#include "health/HealthCheck.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <deque>
#include <optional>

namespace jobdeck {

class Engine;
class ReadThread;

// Judges the runner's health every few seconds with the same checks as `jobdeck health`, reading on the read
// thread, and adds the database errors this window saw in the last five minutes. A pause or resume is judged at
// once, not at the next tick. Main thread only.
class HealthMonitor final : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 5'000;
    static constexpr qint64 kErrorMemoryMs = 5 * 60'000;

    HealthMonitor(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    void checkNow();
    // How often to check; 0: only when asked (checkNow) or when something the checks judge changes here.
    void setIntervalMs(int ms);
    bool hasReport() const { return m_hasReport; }
    const HealthReport &report() const { return m_report; }
    const HealthSnapshot &snapshot() const { return m_snapshot; }
    qint64 checkedAtMs() const { return m_checkedAtMs; }

Q_SIGNALS:
    void reportChanged();

private:
    void noteError(const QString &message);
    void checkAgainIfAsked();

    Engine &m_engine;
    ReadThread &m_reads;
    QTimer m_timer;
    bool m_pending = false;
    bool m_again = false;               // asked while a check was under way: check once more after it
    std::optional<bool> m_pausedHere;   // as this window last set or heard it, newer than a read may be
    bool m_hasReport = false;
    HealthReport m_report;
    HealthSnapshot m_snapshot;
    qint64 m_checkedAtMs = 0;
    std::deque<std::pair<qint64, QString>> m_errors; // newest last
};

} // namespace jobdeck
