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
};

// Turns the end of an attempt into the write that closes it: retry with backoff, poison, cancel, or
// back to the queue when the runner stops. Pure; thread-safe.
class AttemptResolver {
public:
    AttemptResolver(RetryPolicy policy, QString runnerId) : m_policy(std::move(policy)), m_runnerId(std::move(runnerId)) {}

    FinishAttempt resolve(const ClaimedJob &job, const AttemptEnd &end, qint64 nowMs, qint64 timeoutMs) const;

private:
    RetryPolicy m_policy;
    QString m_runnerId;
};

} // namespace jobdeck
