#pragma once

#include <QtGlobal>

namespace jobdeck {

struct SchedulerOptions {
    bool enabled = true;                // fire schedules (the lease is the engine's lease length)
    qint64 misfireThresholdMs = 60'000; // an occurrence handled later than this was missed: the misfire policy decides
    qint64 clockJumpMs = 10'000;        // wall clock and elapsed time disagreeing by more is a clock jump
    qint64 maxSleepMs = 60'000;         // the longest sleep, so a changed wall clock is noticed within a minute
    int recordLimit = 100;              // missed occurrences recorded one by one per schedule (the most recent)
};

} // namespace jobdeck
