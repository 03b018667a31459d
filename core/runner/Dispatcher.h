#pragma once

#include "model/JobRecord.h"
#include "storage/Mutation.h"

#include <QHash>
#include <QMutex>
#include <QStringList>
#include <deque>
#include <functional>

namespace jobdeck {

class Clock;
class JobStore;

// Claims due jobs and hands them to workers. Thread-safe: workers report finished jobs from their own
// threads and claims complete on the store's writer thread, so the hot path never waits for the main thread.
//
// It claims ahead: with short jobs, leasing one job per disk sync would cap throughput at a few hundred
// jobs a second, so it keeps up to `workers * aheadFactor` jobs in hand, where the factor grows for short
// jobs and falls to 1 for long ones (a long job must not sit leased behind others).
//
// A job in hand is started only while its lease, as last committed, has not run out: a claim or a heartbeat that
// waited long for a busy database may commit a lease that has already lapsed, and such a job may be another
// runner's by now. Those jobs are handed back instead (see Release).
class Dispatcher {
public:
    struct Options {
        QString owner;
        int workers = 2;
        qint64 leaseMs = 30'000;
    };
    using StartJob = std::function<void(const ClaimedJob &)>;
    using Forward = std::function<void(const BatchResult &)>;
    // Jobs in hand whose leases lapsed before they started: to be handed back, never run.
    using Release = std::function<void(const std::vector<ClaimedJob> &)>;

    Dispatcher(JobStore &store, const Clock &clock, Options options, StartJob start, Forward forward, Release release);

    void setWorkers(int workers);
    int workers() const;
    void setPaused(bool paused);
    bool isPaused() const;
    void setQueues(const std::vector<QueueInfo> &queues);

    // Something may be claimable: claims if there is room.
    void wake();
    // Claims again if the last claim failed (for example on a database locked by another program).
    void retryFailedClaim();
    // A worker finished a job of `queue` that took `durationMs`.
    void finished(const QString &queue, qint64 durationMs);
    // Stops claiming for good and hands back the jobs claimed but not started (still leased).
    std::vector<ClaimedJob> stop();

    int running() const;
    // Takes back a job claimed and not yet started (to cancel it); false if it is not held here.
    bool takeHeld(qint64 jobId);
    // Jobs claimed and not started: their leases must be kept alive too.
    std::vector<qint64> heldIds() const;
    // A heartbeat committed: these jobs' leases now last until `leaseUntilMs`.
    void leasesRenewed(const std::vector<qint64> &jobIds, qint64 leaseUntilMs);
    int inHand() const; // claimed, not started
    // Queues whose jobs this runner would not claim now: paused, or at their limit with the jobs it holds.
    QStringList blockedQueues() const;
    bool isIdle() const; // nothing running, in hand or being claimed

private:
    void claimLocked();
    void onClaimed(const BatchResult &result);
    void collectStartableLocked(std::vector<ClaimedJob> &out, std::vector<ClaimedJob> &lapsed);
    void startAll(const std::vector<ClaimedJob> &jobs, const std::vector<ClaimedJob> &lapsed);
    void dropHeldLocked(std::deque<ClaimedJob>::iterator it);
    int queueLimit(const QString &queue) const;
    // blockedQueues(); fills `limits` with how many more jobs the other limited queues may start here.
    QStringList blockedQueuesLocked(QHash<QString, int> *limits = nullptr) const;

    JobStore &m_store;
    const Clock &m_clock;
    Options m_options;
    StartJob m_start;
    Forward m_forward;
    Release m_release;

    mutable QMutex m_mutex;
    std::deque<ClaimedJob> m_inHand;
    QHash<QString, int> m_heldPerQueue; // running + in hand
    QHash<QString, int> m_runningPerQueue;
    QHash<QString, QueueInfo> m_queues;
    int m_running = 0;
    bool m_paused = false;
    bool m_stopped = false;
    bool m_claimInFlight = false;
    bool m_wakePending = false;
    bool m_claimFailed = false;
    double m_avgJobMs = 50.0;
};

} // namespace jobdeck
