#pragma once

#include "CancellationToken.h"
#include "model/JobRecord.h"
#include "storage/Mutation.h"

#include <QList>
#include <QMutex>
#include <QString>
#include <atomic>

namespace jobdeck {

// What the runner knows of one job while a worker runs it. Shared by the worker and the engine. Thread-safe.
struct RunState {
    explicit RunState(ClaimedJob j) : job(std::move(j)) {}

    const ClaimedJob job;
    CancellationToken cancel;
    std::atomic<qint64> startedAtMs{0};
    std::atomic<qint64> cancelSeenAtMs{0}; // when the runner first saw the cancellation; starts the hang grace
    std::atomic<bool> finished{false}; // claimed by whoever records the outcome first (worker or hang watchdog)
    std::atomic<qint64> stopGraceMs{0}; // what the handler grants its own work to stop once cancelled
    QString worker;

    void setProgress(double fraction, const QString &text);
    // Returns true and the values when they changed since the last call.
    bool takeProgress(double &fraction, QString &text);
    double progress() const;
    QString progressText() const;
    // The log lines written since the last takeLogs(), for live followers (the store has them all). At most
    // kRelayedLogLines are kept between two calls; `dropped` says how many more there were.
    void relayLog(const LogLine &line);
    QList<LogLine> takeLogs(int *dropped);
    static constexpr int kRelayedLogLines = 200;

private:
    mutable QMutex m_mutex;
    double m_fraction = 0;
    QString m_text;
    bool m_dirty = false;
    QList<LogLine> m_logs;
    int m_droppedLogs = 0;
};

} // namespace jobdeck
