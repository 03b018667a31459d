#include "AttemptResolver.h"

#include "model/Duration.h"

namespace jobdeck {

FinishAttempt AttemptResolver::closing(const ClaimedJob &job, qint64 nowMs) const
{
    FinishAttempt f;
    f.jobId = job.id;
    f.number = job.attemptNumber;
    f.finishedAtMs = nowMs;
    Transition &t = f.transition;
    t.jobId = job.id;
    t.from = {JobState::Running};
    t.atMs = nowMs;
    t.requireOwner = m_runnerId; // a job that moved on meanwhile (lease lost) is left alone
    return f;
}

FinishAttempt AttemptResolver::resolve(const ClaimedJob &job, const AttemptEnd &end, qint64 nowMs,
                                       qint64 timeoutMs) const
{
    if (job.continuous)
        return resolveContinuous(job, end, nowMs);
    FinishAttempt f = closing(job, nowMs);
    Transition &t = f.transition;

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
        case CancelReason::LeaseLost: // written only if the job is still this runner's: then nothing was lost
        case CancelReason::Shutdown:
        case CancelReason::Restart: {
            const bool lost = end.cancelReason == CancelReason::LeaseLost;
            f.outcome = AttemptOutcome::Interrupted;
            f.error = lost ? QStringLiteral("interrupted: the runner lost the job's lease")
                           : QStringLiteral("interrupted: the runner stopped");
            t.to = JobState::Queued;
            t.refundAttempt = true;
            t.reason = lost ? QStringLiteral("its lease lapsed before the attempt opened; back in the queue")
                            : QStringLiteral("runner stopped; back in the queue, resumes from its last checkpoint");
            return f;
        }
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

qint64 AttemptResolver::restartDelayMs(int run) const
{
    RetryPolicy doubling;
    doubling.capMs = m_restart.capMs;
    doubling.jitter = 0; // one job restarting: nothing to spread
    return doubling.delayMs(m_restart.firstMs, std::max(1, run));
}

FinishAttempt AttemptResolver::resolveContinuous(const ClaimedJob &job, const AttemptEnd &end, qint64 nowMs) const
{
    FinishAttempt f = closing(job, nowMs);
    Transition &t = f.transition;
    if (end.kind == AttemptEnd::Kind::Cancelled && end.cancelReason != CancelReason::Timeout) {
        if (end.cancelReason == CancelReason::User || end.cancelReason == CancelReason::None) {
            f.outcome = AttemptOutcome::Cancelled;
            f.error = QStringLiteral("cancelled");
            t.to = JobState::Cancelled;
            t.reason = QStringLiteral("stopped by a user; requeue it to start it again");
            return f;
        }
        // A stop of the runner or a new definition: the run did not fail and does not count.
        f.outcome = AttemptOutcome::Interrupted;
        t.to = JobState::Queued;
        t.refundAttempt = true;
        if (end.cancelReason == CancelReason::Shutdown || end.cancelReason == CancelReason::LeaseLost) {
            f.error = QStringLiteral("interrupted: the runner stopped");
            t.reason = QStringLiteral("runner stopped; the continuous job starts again with the next runner");
        } else {
            f.error = QStringLiteral("interrupted: its job definition changed");
            t.reason = QStringLiteral("its job definition changed or was removed; starts again as it now is");
        }
        return f;
    }
    // A healthy run starts the doubling over; quick ends in a row wait longer each time.
    const bool healthy = end.durationMs >= m_restart.healthyRunMs;
    const qint64 delay = restartDelayMs(healthy ? 1 : job.attempt);
    t.runAtMs = nowMs + delay;
    t.resetAttempts = healthy;
    const QString ran = QStringLiteral("run %1 ended after %2").arg(job.attemptNumber).arg(formatDuration(end.durationMs));
    if (end.kind == AttemptEnd::Kind::Succeeded) {
        f.outcome = AttemptOutcome::Succeeded;
        t.to = JobState::Scheduled;
        t.reason = QStringLiteral("%1; restarting in %2").arg(ran, formatDuration(delay));
        return f;
    }
    const bool timedOut = end.kind == AttemptEnd::Kind::Cancelled;
    f.outcome = timedOut ? AttemptOutcome::TimedOut : AttemptOutcome::Failed;
    f.error = timedOut ? QStringLiteral("timed out") : end.error;
    t.error = f.error;
    t.to = JobState::Failed;
    t.reason = QStringLiteral("%1 with an error; restarting in %2: %3").arg(ran, formatDuration(delay), f.error);
    return f;
}

} // namespace jobdeck
