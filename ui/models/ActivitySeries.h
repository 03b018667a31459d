#pragma once

#include <QObject>
#include <QTimer>
#include <vector>

namespace jobdeck {

class Engine;
class ReadThread;

// The last hour minute by minute, for the Overview: jobs succeeded and failed, the queue depth and the running
// count, with figures derived from them. Read from the store's per-minute series on the read thread every few
// seconds. Main thread only.
class ActivitySeries final : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinutes = 60;
    static constexpr int kIntervalMs = 5'000;

    struct Minute {
        qint64 startMs = 0;
        qint64 succeeded = 0;
        qint64 failed = 0;
        qint64 queued = 0;  // depth at the end of the minute (carried over minutes without a change)
        qint64 running = 0;
        bool operator==(const Minute &) const = default;
    };

    ActivitySeries(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    void refresh();
    const std::vector<Minute> &minutes() const { return m_minutes; } // oldest first, kMinutes of them
    qint64 succeededLastHour() const;
    qint64 failedLastHour() const;
    double perMinute() const;             // done per minute over the last five minutes
    qint64 oldestQueuedSinceMs() const { return m_oldestQueuedSinceMs; } // 0: none queued
    bool isLoaded() const { return m_loaded; }

Q_SIGNALS:
    void changed();

private:
    Engine &m_engine;
    ReadThread &m_reads;
    QTimer m_timer;
    bool m_pending = false;
    bool m_loaded = false;
    std::vector<Minute> m_minutes;
    qint64 m_oldestQueuedSinceMs = 0;
};

} // namespace jobdeck
