#pragma once

#include "Recurrence.h"
#include "model/JobSpec.h"

#include <QStringList>
#include <optional>

namespace jobdeck {

enum class ScheduleKind { Cron, Interval, Once };
// What happens to occurrences missed while no runner was running, the machine slept or the clock jumped.
enum class MisfirePolicy {
    FireOnce, // one run now for all of them
    Skip,     // none; wait for the next
    CatchUp,  // a run for each, up to a limit (the most recent ones)
};
// What an occurrence does while the schedule's previous run is still queued or running.
enum class OverlapPolicy {
    Allow,    // runs anyway
    Skip,     // is skipped, and recorded with the reason
    QueueOne, // waits for the running one; a further occurrence meanwhile is skipped
    Replace,  // cancels the running one and runs
};

QString kindName(ScheduleKind kind);
std::optional<ScheduleKind> kindFromName(const QString &name);
QString misfireName(MisfirePolicy policy); // fire-once, skip, catch-up
std::optional<MisfirePolicy> misfireFromName(const QString &name);
QString overlapName(OverlapPolicy policy); // allow, skip, queue-one, replace
std::optional<OverlapPolicy> overlapFromName(const QString &name);

// What a user defines: when, what to run, and how to behave. Value type.
struct ScheduleSpec {
    QString name;
    ScheduleKind kind = ScheduleKind::Cron;
    QString cron;         // Cron
    qint64 everyMs = 0;   // Interval
    qint64 atMs = 0;      // Interval: the anchor (the first occurrence); Once: the time
    QString zone;         // IANA name; empty: the system's
    QString definition;   // a job definition of the jobs folder to enqueue; empty: `job`
    JobSpec job;          // kind, payload, queue, priority, attempts, timeout and backoff of each run
    MisfirePolicy misfire = MisfirePolicy::FireOnce;
    int catchUpLimit = 10;
    OverlapPolicy overlap = OverlapPolicy::Allow;
    QStringList exclusions; // names of exclusion calendars

    // When it fires, or nothing and an error naming the problem (bad cron expression, unknown zone ...).
    std::optional<Recurrence> recurrence(QString *error = nullptr) const;
    // Checks everything but the job kind and definition, which depend on the runner; empty when valid.
    QString validate() const;
};

// A stored schedule and where it stands. Value type.
struct ScheduleRecord {
    qint64 id = 0;
    ScheduleSpec spec;
    bool enabled = true;
    qint64 pausedUntilMs = 0; // 0: not paused
    qint64 nextFireAtMs = 0;  // the next occurrence to handle; 0: none left
    qint64 lastFireAtMs = 0;  // the last occurrence handled; 0: none yet
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;

    bool isActive(qint64 nowMs) const { return enabled && nextFireAtMs > 0 && pausedUntilMs <= nowMs; }
};

} // namespace jobdeck
