#include "JobCommands.h"

#include "storage/StoreReader.h"

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

RequeueAllDead requeueAllDead(qint64 nowMs, const QString &by)
{
    return {QStringLiteral("requeued from the poison list by %1").arg(by), nowMs};
}

Transition runNow(qint64 jobId, qint64 nowMs, const QString &by)
{
    Transition t;
    t.jobId = jobId;
    t.from = {JobState::Scheduled, JobState::Failed};
    t.to = JobState::Queued;
    t.atMs = nowMs;
    t.runAtMs = nowMs;
    t.reason = QStringLiteral("run now by %1").arg(by);
    return t;
}

SetPriority setPriority(qint64 jobId, int priority, qint64 nowMs)
{
    return SetPriority{jobId, priority, nowMs};
}

} // namespace jobdeck::JobCommands
