#pragma once

#include "schedule/ExclusionCalendar.h"
#include "schedule/Occurrence.h"
#include "schedule/ScheduleSpec.h"

#include <optional>
#include <vector>

namespace jobdeck {

// Which recorded occurrences a read returns: those with fire times in [fromMs, toMs), oldest first unless asked.
struct OccurrenceFilter {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 scheduleId = 0; // 0: every schedule
    int limit = 5000;
    bool newestFirst = false; // the most recent `limit` of them, newest first
};

// Read access to schedules for one thread. Create it on the thread that uses it and destroy it there.
class ScheduleReader {
public:
    virtual ~ScheduleReader() = default;

    virtual std::vector<ScheduleRecord> schedules() = 0; // by name
    virtual std::optional<ScheduleRecord> schedule(const QString &name) = 0;
    virtual std::vector<ExclusionCalendar> calendars() = 0; // by name
    virtual std::vector<OccurrenceRecord> occurrences(const OccurrenceFilter &filter) = 0;
    // The newest job of the schedule that has not finished (scheduled, queued, running, or failed and waiting
    // for its retry), with its state.
    struct ActiveRun {
        qint64 jobId = 0;
        JobState state = JobState::Queued;
    };
    virtual std::optional<ActiveRun> activeRun(qint64 scheduleId) = 0;
    // Occurrences that wait (queue-one) for the previous run to finish.
    virtual std::vector<OccurrenceRecord> waitingOccurrences() = 0;
    // Moves on whenever a user changes schedules or calendars; "0" before the first change.
    virtual QString version() = 0;
    // The runner holding the scheduler lease and until when; empty when none does.
    struct Lease {
        QString owner;
        qint64 untilMs = 0;
    };
    virtual Lease schedulerLease() = 0;
};

} // namespace jobdeck
