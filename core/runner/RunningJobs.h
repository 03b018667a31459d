#pragma once

#include "RunState.h"

#include <QHash>
#include <QMutex>
#include <memory>
#include <vector>

namespace jobdeck {

// The jobs running in this process, and the workers lost to handlers that never returned. Thread-safe: workers
// add and remove their runs, the engine and the views read them.
class RunningJobs {
public:
    void add(const std::shared_ptr<RunState> &state);
    // Removes this run of its job; a newer run of the same job (requeued at once) stays.
    void remove(const std::shared_ptr<RunState> &state);
    std::shared_ptr<RunState> find(qint64 jobId) const;
    bool contains(qint64 jobId) const;
    std::vector<std::shared_ptr<RunState>> snapshot() const;
    bool isEmpty() const;

    // A handler ignored cancellation and keeps its thread: one worker more is needed to keep the pool's size.
    void abandon();
    // An abandoned handler returned at last.
    void reclaim();
    int abandoned() const;

private:
    mutable QMutex m_mutex;
    QHash<qint64, std::shared_ptr<RunState>> m_runs;
    int m_abandoned = 0;
};

} // namespace jobdeck
