#include "JobBatch.h"

#include "Duration.h"

namespace jobdeck {

QString jobBatchStateName(JobBatchState state)
{
    switch (state) {
    case JobBatchState::Running:
        return QStringLiteral("running");
    case JobBatchState::Completed:
        return QStringLiteral("completed");
    case JobBatchState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("running");
}

JobBatchState JobBatchRecord::state() const
{
    if (cancelledAtMs > 0)
        return JobBatchState::Cancelled;
    return completedAtMs > 0 ? JobBatchState::Completed : JobBatchState::Running;
}

namespace JobBatchJson {

namespace {

QJsonValue time(qint64 ms)
{
    return ms > 0 ? QJsonValue(formatIsoTime(ms)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject batch(const JobBatchRecord &b)
{
    QJsonValue then(QJsonValue::Null);
    if (b.thenJobId > 0) {
        then = QJsonObject{
            {QStringLiteral("id"), double(b.thenJobId)},
            {QStringLiteral("kind"), b.thenKind.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(b.thenKind)},
            {QStringLiteral("state"), b.thenState ? QJsonValue(stateName(*b.thenState)) : QJsonValue(QJsonValue::Null)},
        };
    }
    return QJsonObject{
        {QStringLiteral("id"), double(b.id)},
        {QStringLiteral("name"), b.name},
        {QStringLiteral("state"), jobBatchStateName(b.state())},
        {QStringLiteral("total"), double(b.total)},
        {QStringLiteral("succeeded"), double(b.succeeded)},
        {QStringLiteral("dead"), double(b.dead)},
        {QStringLiteral("cancelled"), double(b.cancelled)},
        {QStringLiteral("pending"), double(b.pending())},
        {QStringLiteral("created_at"), time(b.createdAtMs)},
        {QStringLiteral("completed_at"), time(b.completedAtMs)},
        {QStringLiteral("cancelled_at"), time(b.cancelledAtMs)},
        {QStringLiteral("then"), then},
    };
}

} // namespace JobBatchJson

} // namespace jobdeck
