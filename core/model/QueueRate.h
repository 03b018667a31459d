#pragma once

#include <QString>
#include <optional>

namespace jobdeck {

// At most `count` starts of a queue's jobs in any window of `windowMs`, across every runner. An empty rate (count 0)
// is no limit. Value type.
struct QueueRate {
    int count = 0;
    qint64 windowMs = 0;

    bool isLimited() const { return count > 0 && windowMs > 0; }
    bool operator==(const QueueRate &other) const = default;

    // "100/1m", "10/1s", "5/250ms", or "off" (an empty rate). Empty optional: not a rate.
    static std::optional<QueueRate> parse(const QString &text);
    // "100/1m"; "off" when empty.
    QString toString() const;
};

} // namespace jobdeck
