#pragma once

#include "model/JobState.h"

#include <QString>
#include <optional>

namespace jobdeck {

// What became of one occurrence of a schedule. Stored and printed by lower-case name.
enum class OccurrenceOutcome {
    Fired,    // a job was enqueued
    Skipped,  // not run: the previous run was still going (overlap policy), or nothing could be enqueued
    Excluded, // fell on a day of an exclusion calendar
    Misfired, // missed while no runner was running (or the clock jumped) and not run by the misfire policy
    Waiting,  // queue-one: waits for the running job to finish, then fires
};

QString occurrenceOutcomeName(OccurrenceOutcome outcome);
std::optional<OccurrenceOutcome> occurrenceOutcomeFromName(const QString &name);

// One recorded occurrence, with the state of its job if it has one. Value type.
struct OccurrenceRecord {
    qint64 id = 0;
    qint64 scheduleId = 0;
    QString scheduleName;
    qint64 fireAtMs = 0;     // the occurrence's time
    qint64 recordedAtMs = 0; // when a runner handled it
    OccurrenceOutcome outcome = OccurrenceOutcome::Fired;
    QString reason;
    qint64 jobId = 0;        // 0: none (or deleted since)
    std::optional<JobState> jobState;
    QString kind;            // of the job, or of the schedule when there is no job
    QString queue;
};

} // namespace jobdeck
