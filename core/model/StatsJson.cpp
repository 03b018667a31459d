#include "StatsJson.h"

#include "model/Duration.h"
#include "model/JobState.h"
#include "storage/StoreReader.h"

#include <QJsonArray>
#include <algorithm>

namespace jobdeck {

QJsonObject StatsJson::counts(const QHash<QString, qint64> &byState)
{
    QJsonObject o;
    for (const JobState state : allStates())
        o.insert(stateName(state), double(byState.value(stateName(state))));
    return o;
}

QJsonObject StatsJson::stats(const StoreStats &stats)
{
    QJsonObject queues;
    for (auto it = stats.byQueue.begin(); it != stats.byQueue.end(); ++it)
        queues.insert(it.key(), counts(it.value()));
    return QJsonObject{{QStringLiteral("states"), counts(stats.byState)}, {QStringLiteral("queues"), queues}};
}

QJsonObject StatsJson::waiting(qint64 depth, qint64 oldestSinceMs, qint64 nowMs)
{
    return QJsonObject{
        {QStringLiteral("depth"), double(depth)},
        {QStringLiteral("oldest_wait_ms"), double(oldestSinceMs > 0 ? std::max<qint64>(0, nowMs - oldestSinceMs) : 0)},
        {QStringLiteral("oldest_due_at"), oldestSinceMs > 0 ? QJsonValue(formatIsoTime(oldestSinceMs)) : QJsonValue()}};
}

QJsonObject StatsJson::read(StoreReader &reader, qint64 nowMs)
{
    const StoreStats counts = reader.stats();
    QJsonObject out = stats(counts);
    QJsonObject waits;
    for (auto it = counts.byQueue.begin(); it != counts.byQueue.end(); ++it) {
        const qint64 depth = it.value().value(stateName(JobState::Queued));
        // Only queues with queued jobs cost a look-up of their oldest one.
        waits.insert(it.key(), waiting(depth, depth > 0 ? reader.oldestQueuedSinceMs(it.key()) : 0, nowMs));
    }
    out.insert(QStringLiteral("waiting"), waits);
    return out;
}

QJsonArray StatsJson::queues(const std::vector<QueueSummary> &queues)
{
    QJsonArray array;
    for (const QueueSummary &q : queues) {
        QJsonObject counts;
        for (const JobState state : allStates())
            counts.insert(stateName(state), double(q.count(state)));
        QJsonObject queue{{QStringLiteral("name"), q.name},
                          {QStringLiteral("paused"), q.paused},
                          {QStringLiteral("limit"), q.limit},
                          {QStringLiteral("rate"), q.rate.isLimited() ? QJsonValue(q.rate.toString()) : QJsonValue()},
                          {QStringLiteral("counts"), counts}};
        if (q.rate.isLimited()) {
            queue.insert(QStringLiteral("rate_count"), q.rate.count);
            queue.insert(QStringLiteral("rate_window_ms"), double(q.rate.windowMs));
            queue.insert(QStringLiteral("next_start_at"), q.nextStartAtMs > 0 ? QJsonValue(formatIsoTime(q.nextStartAtMs)) : QJsonValue());
        }
        array.append(queue);
    }
    return array;
}

} // namespace jobdeck
