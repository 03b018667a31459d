#pragma once

#include "CallbackDelivery.h"
#include "JobRecord.h"

#include <QJsonArray>
#include <QJsonObject>
#include <vector>

namespace jobdeck {

// The stable JSON shape of jobs for `--json` output and the HTTP API (documented in the README).
// Keys are snake_case; times are ISO 8601 UTC strings or null.
namespace JobJson {
QJsonObject job(const JobRecord &job, const std::vector<AttemptRecord> &attempts);
QJsonObject attempt(const AttemptRecord &attempt);
QJsonObject logLine(const LogLine &line);
// The `callback_deliveries` array: each delivery with its attempts.
QJsonArray deliveries(const std::vector<CallbackDelivery> &deliveries);
// Parses stored JSON text; null when empty or malformed.
QJsonValue parse(const QByteArray &json);
} // namespace JobJson

} // namespace jobdeck
