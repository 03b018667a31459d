#include "AttemptResolver.h"

#include "model/Duration.h"

namespace jobdeck {

FinishAttempt AttemptResolver::resolve(const ClaimedJob &job, const AttemptEnd &end, qint64 nowMs,
                                       qint64 timeoutMs) const
{
    FinishAttempt f;
    f.jobId = job.id;
    f.number = job.attemptNumber;
    f.finishedAtMs = nowMs;
    Transition &t = f.transition;
    t.jobId = job.id;
    t.from = {JobState::Running};
    t.atMs = nowMs;
    t.requireOwner = m_runnerId;

    QString error = end.error;
    bool retryable = end.retryable;
    if (end.kind == AttemptEnd::Kind::Succeeded) {
        f.outcome = AttemptOutcome::Succeeded;
        t.to = JobState::Succeeded;
        t.reason = QStringLiteral("succeeded on attempt %1").arg(job.attempt);
        if (!end.result.isEmpty())
            t.result = end.result;
        return f;
    }
    if (end.kind == AttemptEnd::Kind::Cancelled) {
        switch (end.cancelReason) {
        case CancelReason::Shutdown:
            f.outcome = AttemptOutcome::Interrupted;
            f.error = QStringLiteral("interrupted: the runner stopped");
            t.to = JobState::Queued;
            t.refundAttempt = true;
            t.reason = QStringLiteral("runner stopped; back in the queue, resumes from its last checkpoint");
            return f;
        case CancelReason::Timeout:
            error = QStringLiteral("timed out after %1").arg(formatDuration(timeoutMs));
            retryable = true;
            f.outcome = AttemptOutcome::TimedOut;
            break;
        case CancelReason::User:
        case CancelReason::None:
            f.outcome = AttemptOutcome::Cancelled;
            f.error = QStringLiteral("cancelled");
            t.to = JobState::Cancelled;
            t.reason = QStringLiteral("cancelled while running");
            return f;
        }
    } else {
        f.outcome = AttemptOutcome::Failed;
    }
    f.error = error;
    t.error = error;
    if (!retryable) {
        t.to = JobState::Dead;
        t.reason = QStringLiteral("attempt %1/%2 failed with a non-retryable error: %3")
                       .arg(job.attempt)
                       .arg(job.maxAttempts)
                       .arg(error);
    } else if (job.attempt >= job.maxAttempts) {
        t.to = JobState::Dead;
        t.reason = QStringLiteral("attempt %1/%2 failed, no attempts left: %3").arg(job.attempt).arg(job.maxAttempts).arg(error);
    } else {
        const qint64 delay = m_policy.delayMs(job.backoffMs, job.attempt);
        t.to = JobState::Failed;
        t.runAtMs = nowMs + delay;
        t.reason = QStringLiteral("attempt %1/%2 failed, retry in %3: %4")
                       .arg(job.attempt)
                       .arg(job.maxAttempts)
                       .arg(formatDuration(delay), error);
    }
    return f;
}

} // namespace jobdeck
