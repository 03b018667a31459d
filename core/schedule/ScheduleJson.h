#pragma once

#include "ExclusionCalendar.h"
#include "Occurrence.h"
#include "ScheduleSpec.h"

#include <QJsonObject>

namespace jobdeck {

// The stable JSON shape of schedules, occurrences and calendars for `--json` output (documented in the
// README). Keys are snake_case; times are ISO 8601 UTC strings or null, with `_local` twins in the schedule's zone.
namespace ScheduleJson {
QJsonObject schedule(const ScheduleRecord &schedule);
QJsonObject occurrence(const OccurrenceRecord &occurrence);
QJsonObject calendar(const ExclusionCalendar &calendar);
} // namespace ScheduleJson

} // namespace jobdeck
