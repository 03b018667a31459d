#include "ScheduleJson.h"

#include "ExclusionCalendar.h"
#include "OccurrencePlanner.h"
#include "model/Duration.h"
#include "model/JobJson.h"

#include <QJsonArray>

namespace jobdeck::ScheduleJson {

namespace {

QJsonValue utc(qint64 ms)
{
    return ms > 0 ? QJsonValue(formatIsoTime(ms)) : QJsonValue(QJsonValue::Null);
}

QJsonValue local(qint64 ms, const ZoneRules *zone)
{
    return ms > 0 && zone ? QJsonValue(formatLocalIso(ms, *zone)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject schedule(const ScheduleRecord &r)
{
    const ScheduleSpec &s = r.spec;
    const auto recurrence = s.recurrence();
    const ZoneRules *zone = recurrence ? &recurrence->zone() : nullptr;
    // The next occurrence that will fire: after a pause, the first one after it.
    const qint64 next = r.enabled && recurrence ? OccurrencePlanner::resumeCursor(r, *recurrence) : 0;
    QJsonObject job;
    if (s.definition.isEmpty()) {
        job = QJsonObject{
            {QStringLiteral("kind"), s.job.kind},
            {QStringLiteral("payload"), JobJson::parse(s.job.payload)},
            {QStringLiteral("queue"), s.job.queue},
            {QStringLiteral("priority"), s.job.priority},
            {QStringLiteral("max_attempts"), s.job.maxAttempts},
            {QStringLiteral("timeout_ms"), s.job.timeoutMs},
            {QStringLiteral("backoff_ms"), s.job.backoffMs},
        };
    }
    return QJsonObject{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("name"), s.name},
        {QStringLiteral("kind"), kindName(s.kind)},
        {QStringLiteral("cron"), s.kind == ScheduleKind::Cron ? QJsonValue(s.cron) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("every_ms"), s.kind == ScheduleKind::Interval ? QJsonValue(s.everyMs) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("at"), s.kind == ScheduleKind::Cron ? QJsonValue(QJsonValue::Null) : utc(s.atMs)},
        {QStringLiteral("time_zone"), s.zone},
        {QStringLiteral("description"), recurrence ? recurrence->describe() : QString()},
        {QStringLiteral("definition"), s.definition.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.definition)},
        {QStringLiteral("job"), s.definition.isEmpty() ? QJsonValue(job) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("misfire"), misfireName(s.misfire)},
        {QStringLiteral("catch_up_limit"), s.catchUpLimit},
        {QStringLiteral("overlap"), overlapName(s.overlap)},
        {QStringLiteral("exclusions"), QJsonArray::fromStringList(s.exclusions)},
        {QStringLiteral("enabled"), r.enabled},
        {QStringLiteral("paused_until"), utc(r.pausedUntilMs)},
        {QStringLiteral("next_fire_at"), utc(next)},
        {QStringLiteral("next_fire_at_local"), local(next, zone)},
        {QStringLiteral("last_fire_at"), utc(r.lastFireAtMs)},
        {QStringLiteral("created_at"), utc(r.createdAtMs)},
        {QStringLiteral("updated_at"), utc(r.updatedAtMs)},
    };
}

QJsonObject occurrence(const OccurrenceRecord &o)
{
    return QJsonObject{
        {QStringLiteral("schedule"), o.scheduleName},
        {QStringLiteral("fire_at"), utc(o.fireAtMs)},
        {QStringLiteral("recorded_at"), utc(o.recordedAtMs)},
        {QStringLiteral("outcome"), occurrenceOutcomeName(o.outcome)},
        {QStringLiteral("reason"), o.reason},
        {QStringLiteral("job_id"), o.jobId > 0 ? QJsonValue(o.jobId) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("job_state"), o.jobState ? QJsonValue(stateName(*o.jobState)) : QJsonValue(QJsonValue::Null)},
    };
}

QJsonObject calendar(const ExclusionCalendar &c)
{
    QJsonArray ranges;
    for (const ExclusionCalendar::Range &r : c.ranges)
        ranges.append(QJsonObject{{QStringLiteral("first"), r.first.toString(Qt::ISODate)},
                                  {QStringLiteral("last"), r.second.toString(Qt::ISODate)}});
    return QJsonObject{{QStringLiteral("name"), c.name}, {QStringLiteral("dates"), ranges}};
}

} // namespace jobdeck::ScheduleJson
