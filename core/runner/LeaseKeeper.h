#pragma once

#include "storage/Mutation.h"

#include <QString>

namespace jobdeck {

class StoreReader;

// Keeps this runner's leases alive and finds the leases of runners that are gone. Main thread only.
class LeaseKeeper {
public:
    LeaseKeeper(QString runnerId, qint64 leaseMs) : m_runnerId(std::move(runnerId)), m_leaseMs(leaseMs) {}

    RegisterRunner registration(int workers, qint64 nowMs) const;
    Heartbeat heartbeat(qint64 nowMs, std::vector<qint64> heldJobs) const
    {
        return {m_runnerId, nowMs, nowMs + m_leaseMs, std::move(heldJobs)};
    }
    // Running jobs to recover: leases expired, or held by a runner that retired, never registered, or whose
    // process on this host no longer exists (or is another process that reuses its pid). A live runner's jobs
    // are never taken while their leases last.
    RecoverLeases recovery(StoreReader &reader, qint64 nowMs) const;

    static QString hostName();
    static bool processExists(qint64 pid);
    // When the process started, in clock ticks since boot (Linux); 0 where it cannot be read.
    static qint64 processStart(qint64 pid);
    // Whether the runner registered with `pid` and `start` is still that process on this host.
    static bool runnerProcessAlive(qint64 pid, qint64 start);
    static QString makeRunnerId();

private:
    QString m_runnerId;
    qint64 m_leaseMs;
};

} // namespace jobdeck
