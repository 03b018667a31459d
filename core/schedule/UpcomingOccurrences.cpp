#include "UpcomingOccurrences.h"

#include "OccurrencePlanner.h"

#include <algorithm>

namespace jobdeck {

UpcomingOccurrences UpcomingOccurrences::of(const ScheduleRecord &schedule, const std::vector<ExclusionCalendar> &calendars,
                                            qint64 horizonMs, qint64 limit)
{
    UpcomingOccurrences out;
    const auto recurrence = schedule.spec.recurrence();
    if (!schedule.enabled || schedule.nextFireAtMs <= 0 || !recurrence)
        return out;
    std::vector<const ExclusionCalendar *> excluding;
    for (const ExclusionCalendar &c : calendars) {
        if (schedule.spec.exclusions.contains(c.name))
            excluding.push_back(&c);
    }
    // An occurrence already due (a runner will handle it shortly) still counts: deleting the schedule loses it too.
    std::optional<qint64> at = OccurrencePlanner::resumeCursor(schedule, *recurrence);
    while (at && *at > 0 && *at < horizonMs) {
        const QDate day = recurrence->zone().dateAt(*at);
        const bool excluded = std::any_of(excluding.begin(), excluding.end(),
                                          [&day](const ExclusionCalendar *c) { return c->excludes(day); });
        if (!excluded && ++out.count >= limit) {
            out.atLeast = recurrence->next(*at).value_or(horizonMs) < horizonMs;
            break;
        }
        at = recurrence->next(*at);
    }
    return out;
}

} // namespace jobdeck
