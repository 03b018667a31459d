#pragma once

#include "storage/Mutation.h"

#include <functional>
#include <optional>

namespace jobdeck {

// Turns a job definition of the jobs folder into the job a schedule enqueues; nothing and an error when the
// definition cannot be used.
using DefinitionResolver = std::function<std::optional<JobSpec>(const QString &definition, QString *error)>;

// User commands on schedules as mutations, so the window, the command line and the scheduler apply the same
// rules.
namespace ScheduleCommands {
// A new schedule (or a replacement of the one of that name), its first occurrence counted from `nowMs`.
// Nothing and an error when the spec is invalid or has no occurrence left.
std::optional<SaveSchedule> save(const ScheduleSpec &spec, qint64 nowMs, bool replace, QString *error);
// The job one occurrence enqueues, with the schedule's queue, priority, attempts, timeout and backoff.
std::optional<JobSpec> jobFor(const ScheduleSpec &spec, const DefinitionResolver &definitions, QString *error);
// Moves a once schedule to another time, keeping its history and state. Nothing and an error if the time is past.
std::optional<SaveSchedule> moveOnce(const ScheduleRecord &schedule, qint64 atMs, qint64 nowMs, QString *error);
// Moves a job that waits for its time (a one-off job on the calendar).
RescheduleJob moveJob(qint64 jobId, qint64 runAtMs, qint64 nowMs);
// Enqueues a run now, outside the schedule's times, and records it as a fired occurrence.
FireOccurrence runNow(const ScheduleRecord &schedule, const JobSpec &job, qint64 nowMs, const QString &by);
// Off until resumed (untilMs 0), or until a time: the occurrences in between are passed over.
SetScheduleState pause(const QString &name, qint64 untilMs, qint64 nowMs);
// On again, from the first occurrence after now: nothing missed while paused or disabled is run.
SetScheduleState resume(const ScheduleRecord &schedule, qint64 nowMs);
} // namespace ScheduleCommands

} // namespace jobdeck
