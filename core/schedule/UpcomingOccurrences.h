#pragma once

#include "ExclusionCalendar.h"
#include "ScheduleSpec.h"

#include <vector>

namespace jobdeck {

// How many times a stored schedule will fire from its next occurrence (after its pause, if paused until
// a time) until `horizonMs`, less the days of its exclusion calendars. A disabled schedule or one with
// nothing left fires none. What a user is told before deleting schedules. Pure logic; not thread-bound.
struct UpcomingOccurrences {
    qint64 count = 0;
    bool atLeast = false; // the count stopped at the limit: there are more

    static UpcomingOccurrences of(const ScheduleRecord &schedule, const std::vector<ExclusionCalendar> &calendars,
                                  qint64 horizonMs, qint64 limit = 100'000);
};

} // namespace jobdeck
