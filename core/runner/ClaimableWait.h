#pragma once

#include <QStringList>

namespace jobdeck {

class StoreReader;

// How long the longest-waiting job that a runner could claim now has waited since it was due: the oldest queued
// job outside the queues that are paused, waiting out their rate limit or `blockedQueues` (those at the runner's
// limit for them), whose jobs more workers would not start. The autoscaler's measure of pressure. Jobs that wait
// for a mutex or for an earlier job of their ordering key count as waiting: telling them apart would read them all.
class ClaimableWait {
public:
    // 0 when no such job waits. Throws StoreError.
    //
    // The queues' kept counts and settings come first (no count over the jobs table). When no queue that holds
    // queued jobs is held back, the oldest queued job is one look-up of the (state, id) index. Otherwise it is the
    // oldest of each queue that may start jobs, read the same way with its queue filtered, which stays short
    // unless a held-back queue has a long backlog older than every other queue's jobs.
    static qint64 oldestWaitMs(StoreReader &reader, qint64 nowMs, const QStringList &blockedQueues = {});
};

} // namespace jobdeck
