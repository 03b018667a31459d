#include "ScheduleCommands.h"

namespace jobdeck::ScheduleCommands {

std::optional<SaveSchedule> save(const ScheduleSpec &spec, qint64 nowMs, bool replace, QString *error)
{
    const QString invalid = spec.validate();
    if (!invalid.isEmpty()) {
        if (error)
            *error = invalid;
        return std::nullopt;
    }
    SaveSchedule m;
    m.schedule.spec = spec;
    if (m.schedule.spec.zone.isEmpty())
        m.schedule.spec.zone = ZoneRules::systemZoneId();
    const auto next = spec.recurrence()->next(nowMs);
    if (!next) {
        if (error)
            *error = spec.kind == ScheduleKind::Once ? QStringLiteral("the time is in the past")
                                                     : QStringLiteral("the schedule has no occurrence after now");
        return std::nullopt;
    }
    m.schedule.nextFireAtMs = *next;
    m.replace = replace;
    m.nowMs = nowMs;
    return m;
}

std::optional<JobSpec> jobFor(const ScheduleSpec &spec, const DefinitionResolver &definitions, QString *error)
{
    JobSpec job = spec.job;
    if (!spec.definition.isEmpty()) {
        if (!definitions) {
            if (error)
                *error = QStringLiteral("job definition %1 cannot be read: this runner has no jobs folder").arg(spec.definition);
            return std::nullopt;
        }
        const auto defined = definitions(spec.definition, error);
        if (!defined)
            return std::nullopt;
        job = *defined;
    }
    job.runAtMs = 0;
    job.idempotencyKey.clear();
    return job;
}

std::optional<SaveSchedule> moveOnce(const ScheduleRecord &schedule, qint64 atMs, qint64 nowMs, QString *error)
{
    ScheduleSpec spec = schedule.spec;
    spec.atMs = atMs;
    auto m = save(spec, nowMs, true, error);
    if (m) {
        m->schedule.enabled = schedule.enabled;
        m->schedule.pausedUntilMs = schedule.pausedUntilMs;
        m->schedule.lastFireAtMs = schedule.lastFireAtMs;
    }
    return m;
}

RescheduleJob moveJob(qint64 jobId, qint64 runAtMs, qint64 nowMs)
{
    return RescheduleJob{jobId, runAtMs, nowMs, QStringLiteral("moved on the calendar")};
}

FireOccurrence runNow(const ScheduleRecord &schedule, const JobSpec &job, qint64 nowMs, const QString &by)
{
    FireOccurrence m;
    m.scheduleId = schedule.id;
    m.fireAtMs = nowMs;
    m.outcome = OccurrenceOutcome::Fired;
    m.reason = QStringLiteral("run now by %1").arg(by);
    m.job = job;
    m.nowMs = nowMs;
    m.runner = by;
    return m;
}

SetScheduleState pause(const QString &name, qint64 untilMs, qint64 nowMs)
{
    SetScheduleState m;
    m.name = name;
    m.nowMs = nowMs;
    if (untilMs > 0)
        m.pausedUntilMs = untilMs;
    else
        m.enabled = false;
    return m;
}

SetScheduleState resume(const ScheduleRecord &schedule, qint64 nowMs)
{
    SetScheduleState m;
    m.name = schedule.spec.name;
    m.nowMs = nowMs;
    m.enabled = true;
    m.pausedUntilMs = 0;
    if (const auto recurrence = schedule.spec.recurrence())
        m.nextFireAtMs = recurrence->next(nowMs).value_or(0);
    return m;
}

} // namespace jobdeck::ScheduleCommands
