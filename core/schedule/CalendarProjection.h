#pragma once

#include "ExclusionCalendar.h"
#include "Occurrence.h"
#include "ScheduleSpec.h"
#include "model/JobRecord.h"

#include <QDate>
#include <QMap>
#include <QTime>
#include <vector>

namespace jobdeck {

// One thing on the calendar. Value type.
struct CalendarEntry {
    enum class Type {
        Recorded,  // an occurrence a runner handled: fired (with its job), skipped, excluded, misfired, waiting
        Projected, // an occurrence still to come
        OneOffJob, // a job waiting for its run-at time, from no schedule
    };
    Type type = Type::Projected;
    qint64 atMs = 0;
    qint64 scheduleId = 0; // 0 for one-off jobs
    QString title;         // the schedule's name, or the job's kind and id
    QString kind;          // of the job it runs
    QString queue;
    std::optional<OccurrenceOutcome> outcome; // Recorded
    std::optional<JobState> jobState;         // Recorded with a job, OneOffJob
    qint64 jobId = 0;
    QString reason;
    bool excluded = false; // Projected on a day an exclusion calendar excludes
    bool movable = false;  // a one-off job, or the occurrence of a once schedule
};

// What the calendar shows: by schedule name, queue and job kind; empty matches all.
struct CalendarFilter {
    QString schedule;
    QString queue;
    QString kind;
};

// Builds the calendar of a range [fromMs, toMs): the recorded occurrences, the occurrences each schedule will
// have (computed for that range only, from its zone's rules), one-off jobs, and per day of the display zone
// the exclusion calendars that hold it and any daylight-saving change. Pure; not thread-bound.
class CalendarProjection {
public:
    struct Input {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        qint64 nowMs = 0;
        std::shared_ptr<const ZoneRules> displayZone;
        std::vector<ScheduleRecord> schedules;
        std::vector<ExclusionCalendar> calendars;
        std::vector<OccurrenceRecord> occurrences;
        std::vector<JobRecord> oneOffJobs;
        CalendarFilter filter;
        int perScheduleLimit = 2000; // projected occurrences per schedule; denser ones are cut
    };
    struct Day {
        QStringList excludedBy;  // calendars of the shown schedules that hold this date
        QString daylightChange;  // "Clocks go forward 1 hour at 02:00 (UTC+01:00 to UTC+02:00)"
        int daylightShift = 0;   // seconds the clocks moved: positive forward, negative back
        QTime daylightChangeAt;  // the wall-clock time they showed when they moved
        // "Clocks +1h", "Clocks −30m": the change in a few characters, for a day's header.
        QString daylightTag() const;
    };
    struct Result {
        std::vector<CalendarEntry> entries; // by time
        QMap<QDate, Day> days;              // only days with a mark
        QStringList truncated;              // schedules with more occurrences in the range than were projected
    };

    static Result build(const Input &input);
    // The instant of a wall-clock date and time in a zone (a time in a gap moves to its end, as occurrences do).
    static qint64 instantOf(const QDate &date, const QTime &time, const ZoneRules &zone);
};

} // namespace jobdeck
