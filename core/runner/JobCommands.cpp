#include "JobCommands.h"

namespace jobdeck::JobCommands {

QList<JobState> requeuableStates()
{
    return {JobState::Dead, JobState::Cancelled, JobState::Succeeded, JobState::Failed};
}

Transition requeue(qint64 jobId, std::optional<QByteArray> payload, qint64 nowMs, const QString &by)
{
    Transition t;
    t.jobId = jobId;
    t.from = requeuableStates();
    t.to = JobState::Queued;
    t.atMs = nowMs;
    t.runAtMs = nowMs;
    t.resetAttempts = true;
    t.payload = std::move(payload);
    t.reason = t.payload ? QStringLiteral("requeued by %1 with an edited payload").arg(by)
                         : QStringLiteral("requeued by %1").arg(by);
    return t;
}

} // namespace jobdeck::JobCommands
