#include "StatsJson.h"

#include "model/JobState.h"

#include <QJsonArray>
#include <map>

namespace jobdeck {

QJsonObject StatsJson::counts(const QHash<QString, qint64> &byState)
{
    QJsonObject o;
    for (const JobState state : {JobState::Scheduled, JobState::Queued, JobState::Running, JobState::Succeeded,
                                 JobState::Failed, JobState::Dead, JobState::Cancelled})
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

QJsonArray StatsJson::queues(const StoreStats &stats, const std::vector<QueueInfo> &settings)
{
    std::map<QString, QueueInfo> byName;
    for (auto it = stats.byQueue.begin(); it != stats.byQueue.end(); ++it)
        byName[it.key()].name = it.key();
    for (const QueueInfo &q : settings)
        byName[q.name] = q;
    QJsonArray array;
    for (const auto &[name, q] : byName) {
        array.append(QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("paused"), q.paused},
                                 {QStringLiteral("concurrency"), q.concurrency},
                                 {QStringLiteral("counts"), counts(stats.byQueue.value(name))}});
    }
    return array;
}

} // namespace jobdeck
