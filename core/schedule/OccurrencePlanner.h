#pragma once

#include "ExclusionCalendar.h"
#include "Occurrence.h"
#include "ScheduleSpec.h"

#include <functional>
#include <optional>
#include <vector>

namespace jobdeck {

// Decides what becomes of a schedule's due occurrences: fired, excluded by a calendar, skipped or held back
// by the overlap policy, or given up by the misfire policy when they are too late. Pure logic over values,
// so every policy can be tested with chosen times. Not thread-bound.
class OccurrencePlanner {
public:
    struct Options {
        qint64 misfireThresholdMs = 60'000; // an occurrence later than this was missed
        int recordLimit = 100;              // missed occurrences recorded one by one, the most recent ones
        qint64 scanLimit = 5'000'000;       // occurrences counted before skipping ahead to the recent ones
    };
    // The schedule's previous run, as the store knows it.
    struct PreviousRun {
        qint64 jobId = 0;
        bool running = false; // else queued, or waiting for its time or a retry
    };
    struct Decision {
        qint64 fireAtMs = 0;
        OccurrenceOutcome outcome = OccurrenceOutcome::Fired;
        QString reason;
        qint64 cancelJobId = 0; // replace: the run to cancel first
    };
    struct Plan {
        std::vector<Decision> decisions; // oldest first
        qint64 nextFireAtMs = 0;         // 0: no occurrence left
        qint64 lastFireAtMs = 0;         // the newest occurrence handled; 0 if none was due
        bool endPause = false;
        qint64 missedCount = 0;          // occurrences found too late (recorded or not)
    };
    struct Input {
        const ScheduleRecord &schedule;
        const Recurrence &recurrence;
        std::vector<const ExclusionCalendar *> calendars;
        qint64 nowMs = 0;
        std::optional<PreviousRun> previous; // asked only when the overlap policy needs it
        bool waiting = false;                // an occurrence already waits (queue-one)
        QString missedBecause;               // why occurrences were missed, for their reason text
    };

    explicit OccurrencePlanner(Options options) : m_options(options) {}

    Plan plan(const Input &input) const;

    // The first occurrence to handle when the schedule's cursor is at `nextFireAtMs`: the first one at or after
    // the end of a pause (occurrences during a pause are passed over, not missed).
    static qint64 resumeCursor(const ScheduleRecord &schedule, const Recurrence &recurrence, bool *endPause = nullptr);

private:
    Options m_options;
};

} // namespace jobdeck
