#pragma once

#include "CronExpression.h"
#include "ZoneRules.h"

#include <memory>
#include <optional>
#include <vector>

namespace jobdeck {

// When a schedule fires: a cron expression, an interval from an anchor, or once, in a time zone. Value type;
// thread-safe to share.
//
// Daylight saving, for cron: a wall-clock time that does not exist (clocks jump forward) fires once, at the
// first valid instant after the gap; one that occurs twice (clocks go back) fires in both passes when the
// expression is interval-based (see CronExpression::isIntervalBased) and only in the first otherwise.
// Intervals count elapsed time and once is one instant, so neither is affected.
class Recurrence {
public:
    enum class Kind { Cron, Interval, Once };

    static Recurrence cron(const CronExpression &expression, std::shared_ptr<const ZoneRules> zone);
    static Recurrence interval(qint64 everyMs, qint64 anchorMs, std::shared_ptr<const ZoneRules> zone);
    static Recurrence once(qint64 atMs, std::shared_ptr<const ZoneRules> zone);

    // The rules of a zone the user named (empty: the system's), or nothing and an error such as
    // `unknown time zone "Mars/Base" (use an IANA name such as Europe/Berlin)`.
    static std::shared_ptr<const ZoneRules> zoneNamed(const QString &zone, QString *error);
    // A cron expression in a zone, or nothing and an error such as
    // `bad cron expression "0 61 * * *": minute field: 61 is out of range 0-59`.
    static std::optional<Recurrence> parseCron(const QString &expression, const QString &zone, QString *error);

    Kind kind() const { return m_kind; }
    const ZoneRules &zone() const { return *m_zone; }
    std::shared_ptr<const ZoneRules> zoneRules() const { return m_zone; }
    const std::optional<CronExpression> &expression() const { return m_cron; }
    qint64 everyMs() const { return m_everyMs; }
    qint64 anchorMs() const { return m_anchorMs; } // the interval's anchor, or the once time

    // The first occurrence strictly after `afterMs` (epoch ms), if there is one.
    std::optional<qint64> next(qint64 afterMs) const;
    // Occurrences in [fromMs, toMs), at most `limit`; `truncated` tells whether more were left out.
    std::vector<qint64> between(qint64 fromMs, qint64 toMs, int limit, bool *truncated = nullptr) const;

    // "At 02:30, Monday through Friday", "Every 15 minutes", "Once, on 2026-12-24 at 18:00".
    QString describe() const;

private:
    std::optional<qint64> nextCron(qint64 afterSeconds) const;

    Kind m_kind = Kind::Once;
    std::shared_ptr<const ZoneRules> m_zone;
    std::optional<CronExpression> m_cron;
    qint64 m_everyMs = 0;
    qint64 m_anchorMs = 0;
};

// "2026-03-29T03:00:00+02:00": the local date-time of an instant in the zone, with its offset.
QString formatLocalIso(qint64 epochMs, const ZoneRules &zone);

} // namespace jobdeck
