#pragma once

#include "model/JobRecord.h"
#include "storage/JobFilter.h"
#include "storage/QueueSummary.h"

#include <QJsonArray>
#include <QJsonObject>
#include <vector>

namespace jobdeck {

class StoreReader;

// The JSON shapes of counts, for `stats --json` and the HTTP API.
namespace StatsJson {
// {"scheduled": n, "queued": n, ...}: every state, zeros included.
QJsonObject counts(const QHash<QString, qint64> &byState);
// {"states": counts, "queues": {name: counts}}.
QJsonObject stats(const StoreStats &stats);
// {"depth": n, "oldest_wait_ms": n, "oldest_due_at": time or null}: what an autoscaler watches of a queue, its queued
// jobs and how long the oldest of them has waited at `nowMs` since it was due (`oldestSinceMs`, 0: none queued).
QJsonObject waiting(qint64 depth, qint64 oldestSinceMs, qint64 nowMs);
// stats() with "waiting": {name: waiting} for every queue, read from `reader` (`stats --json`, GET /api/stats).
// Throws StoreError.
QJsonObject read(StoreReader &reader, qint64 nowMs);
// [{"name", "paused", "limit", "counts"}]: every queue that has jobs or settings, by name (`queue list --json`
// and GET /api/queues).
QJsonArray queues(const std::vector<QueueSummary> &queues);
} // namespace StatsJson

} // namespace jobdeck
