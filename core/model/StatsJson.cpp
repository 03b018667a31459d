#include "StatsJson.h"

#include "model/Duration.h"
#include "model/JobState.h"

#include <QJsonArray>

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
