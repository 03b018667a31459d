#pragma once

#include "CancellationToken.h"
#include "model/RetryPolicy.h"
#include "storage/Mutation.h"

namespace jobdeck {

// How an attempt ended, as the worker saw it.
struct AttemptEnd {
    enum class Kind { Succeeded, Failed, Cancelled };
    Kind kind = Kind::Succeeded;
    QString error;
    bool retryable = true;
    CancelReason cancelReason = CancelReason::None;
    QByteArray result;
    qint64 durationMs = 0;
};

// When a continuous job that ended starts again: after firstMs, doubling with each quick end up to capMs, and
// after firstMs again once a run lasted healthyRunMs.
struct RestartPolicy {
    qint64 firstMs = 1000;
    qint64 capMs = 300'000;
    qint64 healthyRunMs = 60'000;
};

// Turns the end of an attempt into the write that closes it: retry with backoff, poison, cancel, or
// back to the queue when the runner stops. Pure; thread-safe.
class AttemptResolver {
public:
    AttemptResolver(RetryPolicy policy, QString runnerId, RestartPolicy restart = {})
        : m_policy(std::move(policy)), m_runnerId(std::move(runnerId)), m_restart(restart)
    {
    }

    FinishAttempt resolve(const ClaimedJob &job, const AttemptEnd &end, qint64 nowMs, qint64 timeoutMs) const;
    // The delay before a continuous job starts again, after its run of this round numbered `run` (from 1).
    qint64 restartDelayMs(int run) const;

private:
    // The write that closes this runner's attempt and moves the job on; the caller says where to.
    FinishAttempt closing(const ClaimedJob &job, qint64 nowMs) const;
    // A continuous job is never retried or dead: whatever its run did, it starts again after a delay, until a
    // user cancels it or its runner stops.
    FinishAttempt resolveContinuous(const ClaimedJob &job, const AttemptEnd &end, qint64 nowMs) const;

    RetryPolicy m_policy;
    QString m_runnerId;
    RestartPolicy m_restart;
};

} // namespace jobdeck
