#include "DefinitionSchedules.h"

#include "schedule/ScheduleCommands.h"
#include "schedule/ZoneRules.h"

#include <QMap>

namespace jobdeck::DefinitionSchedules {

namespace {

bool sameSchedule(const ScheduleSpec &a, const ScheduleSpec &b)
{
    return a.kind == b.kind && a.cron == b.cron && a.zone == b.zone && a.definition == b.definition
        && a.misfire == b.misfire && a.overlap == b.overlap && a.job.kind == b.job.kind;
}

} // namespace

QString namePrefix()
{
    return QStringLiteral("jobs/");
}

QString scheduleName(const QString &definition)
{
    return namePrefix() + definition;
}

bool isFolderOwned(const QString &scheduleName)
{
    return scheduleName.startsWith(namePrefix());
}

ScheduleSpec specFor(const JobDefinition &definition)
{
    ScheduleSpec spec;
    spec.name = scheduleName(definition.name);
    spec.kind = ScheduleKind::Cron;
    spec.cron = definition.schedule;
    spec.zone = ZoneRules::systemZoneId();
    spec.definition = definition.name;
    spec.overlap = definition.isSingleton ? OverlapPolicy::Skip : OverlapPolicy::Allow;
    return spec;
}

Sync sync(const std::vector<JobDefinition> &definitions, const std::vector<ScheduleRecord> &stored, qint64 nowMs)
{
    QMap<QString, const ScheduleRecord *> owned;
    for (const ScheduleRecord &r : stored) {
        if (isFolderOwned(r.spec.name))
            owned.insert(r.spec.name, &r);
    }
    Sync out;
    for (const JobDefinition &d : definitions) {
        if (d.isContinuous() || !d.isValid() || d.schedule.isEmpty())
            continue;
        const ScheduleSpec wanted = specFor(d);
        const ScheduleRecord *existing = owned.take(wanted.name);
        if (existing && sameSchedule(existing->spec, wanted))
            continue;
        QString error;
        auto save = ScheduleCommands::save(wanted, nowMs, existing != nullptr, &error);
        if (!save) {
            out.problems << QStringLiteral("job definition %1: its schedule \"%2\" cannot be used: %3").arg(d.name, d.schedule, error);
            if (existing)
                out.writes.push_back(DeleteSchedule{wanted.name});
            continue;
        }
        if (existing) {
            // A user's pause or disable outlives an edit of settings.job.
            save->schedule.enabled = existing->enabled;
            save->schedule.pausedUntilMs = existing->pausedUntilMs;
            save->schedule.lastFireAtMs = existing->lastFireAtMs;
        }
        out.writes.push_back(std::move(*save));
    }
    for (auto it = owned.cbegin(); it != owned.cend(); ++it)
        out.writes.push_back(DeleteSchedule{it.key()});
    return out;
}

} // namespace jobdeck::DefinitionSchedules
