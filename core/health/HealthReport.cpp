#include "HealthReport.h"

#include <QJsonArray>

namespace jobdeck {

QString healthStatusName(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Healthy:
        return QStringLiteral("healthy");
    case HealthStatus::Degraded:
        return QStringLiteral("degraded");
    case HealthStatus::Unhealthy:
        return QStringLiteral("unhealthy");
    }
    return {};
}

QJsonObject HealthReport::toJson() const
{
    QJsonArray reasonList;
    for (const Reason &r : reasons)
        reasonList.append(QJsonObject{{QStringLiteral("severity"), healthStatusName(r.severity)},
                                      {QStringLiteral("text"), r.text}});
    const auto diskFigure = [this](qint64 bytes) { return isDiskKnown() ? QJsonValue(double(bytes)) : QJsonValue(); };
    QJsonArray stalled;
    for (qint64 id : stalledJobs)
        stalled.append(double(id));
    return {
        {QStringLiteral("status"), healthStatusName(status)},
        {QStringLiteral("reasons"), reasonList},
        {QStringLiteral("passed"), QJsonArray::fromStringList(passed)},
        {QStringLiteral("jobs"),
         QJsonObject{{QStringLiteral("queued"), double(queued)},
                     {QStringLiteral("running"), double(running)},
                     {QStringLiteral("scheduled"), double(scheduled)},
                     {QStringLiteral("retrying"), double(retrying)},
                     {QStringLiteral("dead"), double(dead)}}},
        {QStringLiteral("runners"), liveRunners},
        {QStringLiteral("paused"), paused},
        {QStringLiteral("workers"),
         QJsonObject{{QStringLiteral("busy"), double(workersBusy)}, {QStringLiteral("total"), workersTotal}}},
        {QStringLiteral("last_hour"),
         QJsonObject{{QStringLiteral("succeeded"), double(succeededLastHour)},
                     {QStringLiteral("failed"), double(failedLastHour)}}},
        {QStringLiteral("failure_rate"), failureRate},
        {QStringLiteral("per_minute"), perMinute},
        {QStringLiteral("stalled_jobs"), stalled},
        {QStringLiteral("database_bytes"), double(databaseBytes)},
        {QStringLiteral("disk_available_bytes"), diskFigure(diskAvailableBytes)},
        {QStringLiteral("disk_total_bytes"), diskFigure(diskTotalBytes)},
    };
}

} // namespace jobdeck
