#pragma once

#include <QString>

namespace jobdeck::bench {

// The window while another process holds the database's write lock for `lockSeconds`: the user pauses the
// runner, opens a continuous job with 10,000 attempts and requeues 10,000 poison jobs. None of it may wait for
// the writer: the longest gap between two firings of a 4 ms timer is the figure.
struct LockStallResult {
    int probes = 0;
    double longestMs = 0;
    double longestCpuMs = 0;  // the window thread's own work between two firings (leaves out waiting for a core)
    double lockHeldMs = 0;    // how long the other process really held the lock
    qint64 requeued = 0;      // poison jobs requeued once the lock was gone
    QString problem;
};

// `self`: this program, started again with --hold-lock to be the other process.
LockStallResult measureLockStall(const QString &folder, const QString &self, int lockSeconds);

// The other process: takes the write lock of `path`, prints "locked", holds it for `seconds`, then lets go.
int holdWriteLock(const QString &path, int seconds);

} // namespace jobdeck::bench
