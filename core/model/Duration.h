#pragma once

#include <QString>
#include <optional>

namespace jobdeck {

// "250ms", "30s", "5m", "2h", "1d" (and sums such as "1h30m") to milliseconds.
std::optional<qint64> parseDuration(const QString &text);
QString formatDuration(qint64 ms);

// ISO 8601 date-time with an offset or Z, to epoch milliseconds.
std::optional<qint64> parseIsoTime(const QString &text);
QString formatIsoTime(qint64 epochMs); // UTC, with milliseconds and Z

} // namespace jobdeck
