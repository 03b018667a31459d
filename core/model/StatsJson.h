#pragma once

#include "model/JobRecord.h"
#include "storage/JobFilter.h"
#include "storage/QueueSummary.h"

#include <QJsonArray>
#include <QJsonObject>
#include <vector>

namespace jobdeck {

// The JSON shapes of counts, for `stats --json` and the HTTP API.
namespace StatsJson {
// {"scheduled": n, "queued": n, ...}: every state, zeros included.
QJsonObject counts(const QHash<QString, qint64> &byState);
// {"states": counts, "queues": {name: counts}}.
QJsonObject stats(const StoreStats &stats);
// [{"name", "paused", "limit", "counts"}]: every queue that has jobs or settings, by name (`queue list --json`
// and GET /api/queues).
QJsonArray queues(const std::vector<QueueSummary> &queues);
} // namespace StatsJson

} // namespace jobdeck
