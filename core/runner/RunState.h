#pragma once

#include "CancellationToken.h"
#include "storage/Mutation.h"

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

private:
    mutable QMutex m_mutex;
    double m_fraction = 0;
    QString m_text;
    bool m_dirty = false;
};

} // namespace jobdeck
