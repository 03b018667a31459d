#pragma once

#include "JobDefinition.h"
#include "schedule/ScheduleSpec.h"
#include "storage/Mutation.h"

#include <QStringList>
#include <vector>

namespace jobdeck {

// The schedules the jobs folder owns: one per triggered definition whose settings.job has a `schedule`, named
// "jobs/NAME", enqueueing that definition. Every other schedule is a user's and never touched here.
namespace DefinitionSchedules {

QString namePrefix(); // "jobs/"
QString scheduleName(const QString &definition);
bool isFolderOwned(const QString &scheduleName);

// The schedule `definition` asks for: its cron in the system's time zone, the default misfire policy, and
// overlap "skip" for a singleton (a run still going makes the next occurrence pointless) or the default.
ScheduleSpec specFor(const JobDefinition &definition);

struct Sync {
    WriteBatch writes;
    QStringList problems; // "job definition NAME: its schedule ..." for the runner's log
};

// The writes that make the stored folder-owned schedules (`stored` may hold every schedule) match the
// definitions: a new schedule for a definition that has none, a replacement when its schedule or singleton
// setting changed (keeping whether a user disabled or paused it), a removal when the definition, its schedule or
// its validity is gone. Nothing for schedules that already match, so their next and last times stay.
Sync sync(const std::vector<JobDefinition> &definitions, const std::vector<ScheduleRecord> &stored, qint64 nowMs);

} // namespace DefinitionSchedules

} // namespace jobdeck
