#include "SqliteScheduleMutations.h"

namespace jobdeck {

SqliteScheduleMutations::SqliteScheduleMutations(SqlStatementCache &statements, Enqueue enqueue)
    : m_statements(statements), m_enqueue(std::move(enqueue))
{
}

void SqliteScheduleMutations::bumpVersion()
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO settings (key, value) VALUES ('schedules_version', '1') ON CONFLICT (key) "
        "DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)"));
    q.exec();
}

void SqliteScheduleMutations::writeExclusions(qint64 scheduleId, const QStringList &calendars)
{
    auto &clear = statement(QStringLiteral("DELETE FROM schedule_exclusions WHERE schedule_id = ?"));
    clear.bindValue(0, scheduleId);
    clear.exec();
    auto &add = statement(QStringLiteral(
        "INSERT INTO schedule_exclusions (schedule_id, calendar) VALUES (?, ?) ON CONFLICT DO NOTHING"));
    for (const QString &calendar : calendars) {
        add.bindValue(0, scheduleId);
        add.bindValue(1, calendar);
        add.exec();
    }
}

MutationResult SqliteScheduleMutations::apply(const SaveSchedule &m, std::vector<JobEvent> &)
{
    const ScheduleRecord &r = m.schedule;
    const ScheduleSpec &s = r.spec;
    const QString columns = QStringLiteral(
        "name, kind, cron, every_ms, at_ms, time_zone, definition, job_kind, payload, queue, priority, max_attempts, "
        "timeout_ms, backoff_ms, misfire, catch_up_limit, overlap, enabled, paused_until, next_fire_at, last_fire_at, "
        "created_at, updated_at");
    // On replace, everything but the creation time is the new definition's.
    const QString sql = QStringLiteral("INSERT INTO schedules (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                       "?, ?, ?, ?, ?, ?, ?) ")
                            .arg(columns)
        + (m.replace ? QStringLiteral(
               "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, cron = excluded.cron, every_ms = excluded.every_ms, "
               "at_ms = excluded.at_ms, time_zone = excluded.time_zone, definition = excluded.definition, "
               "job_kind = excluded.job_kind, payload = excluded.payload, queue = excluded.queue, "
               "priority = excluded.priority, max_attempts = excluded.max_attempts, timeout_ms = excluded.timeout_ms, "
               "backoff_ms = excluded.backoff_ms, misfire = excluded.misfire, catch_up_limit = excluded.catch_up_limit, "
               "overlap = excluded.overlap, enabled = excluded.enabled, paused_until = excluded.paused_until, "
               "next_fire_at = excluded.next_fire_at, last_fire_at = excluded.last_fire_at, "
               "updated_at = excluded.updated_at ")
                     : QStringLiteral("ON CONFLICT (name) DO NOTHING "))
        + QStringLiteral("RETURNING id");
    auto &q = statement(sql);
    int i = 0;
    q.bindValue(i++, s.name);
    q.bindValue(i++, kindName(s.kind));
    q.bindValue(i++, s.cron);
    q.bindValue(i++, s.everyMs);
    q.bindValue(i++, s.atMs);
    q.bindValue(i++, s.zone);
    q.bindValue(i++, s.definition);
    q.bindValue(i++, s.job.kind);
    q.bindValue(i++, s.job.payload);
    q.bindValue(i++, s.job.queue);
    q.bindValue(i++, s.job.priority);
    q.bindValue(i++, s.job.maxAttempts);
    q.bindValue(i++, s.job.timeoutMs);
    q.bindValue(i++, s.job.backoffMs);
    q.bindValue(i++, misfireName(s.misfire));
    q.bindValue(i++, s.catchUpLimit);
    q.bindValue(i++, overlapName(s.overlap));
    q.bindValue(i++, r.enabled);
    q.bindValue(i++, r.pausedUntilMs);
    q.bindValue(i++, r.nextFireAtMs);
    q.bindValue(i++, r.lastFireAtMs);
    q.bindValue(i++, m.nowMs);
    q.bindValue(i++, m.nowMs);
    q.exec();
    MutationResult result;
    result.applied = q.next();
    if (!result.applied)
        return result; // the name is taken
    result.rowId = q.value(0).toLongLong();
    q.finish();
    result.created = true;
    result.affected = 1;
    writeExclusions(result.rowId, s.exclusions);
    bumpVersion();
    return result;
}

MutationResult SqliteScheduleMutations::apply(const DeleteSchedule &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral("DELETE FROM schedules WHERE name = ?"));
    q.bindValue(0, m.name);
    q.exec();
    MutationResult result;
    result.affected = q.numRowsAffected();
    result.applied = result.affected > 0;
    if (result.applied)
        bumpVersion();
    return result;
}

MutationResult SqliteScheduleMutations::apply(const SetScheduleState &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral(
        "UPDATE schedules SET enabled = COALESCE(?, enabled), paused_until = COALESCE(?, paused_until), "
        "next_fire_at = COALESCE(?, next_fire_at), updated_at = ? WHERE name = ? RETURNING id"));
    const auto optional = [](const auto &v) { return v ? QVariant::fromValue(*v) : QVariant(); };
    q.bindValue(0, optional(m.enabled));
    q.bindValue(1, optional(m.pausedUntilMs));
    q.bindValue(2, optional(m.nextFireAtMs));
    q.bindValue(3, m.nowMs);
    q.bindValue(4, m.name);
    q.exec();
    MutationResult result;
    result.applied = q.next();
    if (!result.applied)
        return result;
    result.rowId = q.value(0).toLongLong();
    q.finish();
    result.affected = 1;
    bumpVersion();
    return result;
}

MutationResult SqliteScheduleMutations::apply(const AdvanceSchedule &m, std::vector<JobEvent> &)
{
    MutationResult result;
    result.applied = false;
    if (!m.leaseOwner.isEmpty() && !holdsLease(m.leaseOwner, m.nowMs))
        return result;
    auto &q = statement(QStringLiteral(
        "UPDATE schedules SET next_fire_at = ?, last_fire_at = max(last_fire_at, ?), "
        "paused_until = CASE WHEN ? THEN 0 ELSE paused_until END "
        "WHERE id = ? AND last_fire_at <= ? AND updated_at = ?"));
    q.bindValue(0, m.nextFireAtMs);
    q.bindValue(1, m.lastFireAtMs);
    q.bindValue(2, m.endPause);
    q.bindValue(3, m.scheduleId);
    q.bindValue(4, m.lastFireAtMs);
    q.bindValue(5, m.updatedAtMs);
    q.exec();
    result.affected = q.numRowsAffected();
    result.applied = result.affected > 0;
    return result;
}

bool SqliteScheduleMutations::holdsLease(const QString &owner, qint64 nowMs)
{
    auto &q = statement(QStringLiteral("SELECT 1 FROM scheduler_lease WHERE id = 1 AND owner = ? AND lease_until >= ?"));
    q.bindValue(0, owner);
    q.bindValue(1, nowMs);
    q.exec();
    const bool holds = q.next();
    q.finish();
    return holds;
}

MutationResult SqliteScheduleMutations::apply(const FireOccurrence &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    result.applied = false;
    // Checked inside the transaction that fires: a runner whose lease ran out while it was busy fires nothing.
    if (!m.leaseOwner.isEmpty() && !holdsLease(m.leaseOwner, m.nowMs))
        return result;
    auto &insert = statement(QStringLiteral(
        "INSERT INTO schedule_occurrences (schedule_id, fire_at, recorded_at, outcome, reason, runner) "
        "SELECT id, ?, ?, ?, ?, ? FROM schedules WHERE id = ? "
        "ON CONFLICT (schedule_id, fire_at) DO NOTHING RETURNING id"));
    insert.bindValue(0, m.fireAtMs);
    insert.bindValue(1, m.nowMs);
    insert.bindValue(2, occurrenceOutcomeName(m.outcome));
    insert.bindValue(3, m.reason);
    insert.bindValue(4, m.runner);
    insert.bindValue(5, m.scheduleId);
    insert.exec();
    if (!insert.next())
        return result; // recorded before (by this runner or another), or the schedule is gone
    result.rowId = insert.value(0).toLongLong();
    insert.finish();
    result.applied = true;
    result.affected = 1;
    if (m.outcome == OccurrenceOutcome::Fired && m.job) {
        const MutationResult enqueued = m_enqueue(EnqueueJob{*m.job, m.nowMs}, events);
        result.jobId = enqueued.jobId;
        result.created = enqueued.created;
        auto &link = statement(QStringLiteral("UPDATE schedule_occurrences SET job_id = ? WHERE id = ?"));
        link.bindValue(0, enqueued.jobId);
        link.bindValue(1, result.rowId);
        link.exec();
    }
    return result;
}

MutationResult SqliteScheduleMutations::apply(const ReleaseWaitingOccurrence &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    result.applied = false;
    if (!m.leaseOwner.isEmpty() && !holdsLease(m.leaseOwner, m.nowMs))
        return result;
    auto &claim = statement(QStringLiteral(
        "UPDATE schedule_occurrences SET outcome = 'fired', reason = ?, recorded_at = ? "
        "WHERE id = ? AND outcome = 'waiting' RETURNING id"));
    claim.bindValue(0, m.reason);
    claim.bindValue(1, m.nowMs);
    claim.bindValue(2, m.occurrenceId);
    claim.exec();
    if (!claim.next())
        return result;
    claim.finish();
    const MutationResult enqueued = m_enqueue(EnqueueJob{m.job, m.nowMs}, events);
    auto &link = statement(QStringLiteral("UPDATE schedule_occurrences SET job_id = ? WHERE id = ?"));
    link.bindValue(0, enqueued.jobId);
    link.bindValue(1, m.occurrenceId);
    link.exec();
    result.applied = true;
    result.affected = 1;
    result.rowId = m.occurrenceId;
    result.jobId = enqueued.jobId;
    result.created = enqueued.created;
    return result;
}

MutationResult SqliteScheduleMutations::apply(const AcquireSchedulerLease &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO scheduler_lease (id, owner, lease_until, acquired_at) VALUES (1, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, "
        "acquired_at = CASE WHEN scheduler_lease.owner = excluded.owner THEN scheduler_lease.acquired_at "
        "ELSE excluded.acquired_at END "
        "WHERE scheduler_lease.owner = excluded.owner OR scheduler_lease.lease_until < ? RETURNING owner"));
    q.bindValue(0, m.owner);
    q.bindValue(1, m.leaseUntilMs);
    q.bindValue(2, m.nowMs);
    q.bindValue(3, m.nowMs);
    q.exec();
    MutationResult result;
    result.applied = q.next();
    q.finish();
    return result;
}

MutationResult SqliteScheduleMutations::apply(const ReleaseSchedulerLease &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral("DELETE FROM scheduler_lease WHERE id = 1 AND owner = ?"));
    q.bindValue(0, m.owner);
    q.exec();
    MutationResult result;
    result.affected = q.numRowsAffected();
    result.applied = result.affected > 0;
    return result;
}

MutationResult SqliteScheduleMutations::apply(const SaveCalendar &m, std::vector<JobEvent> &)
{
    auto &calendar = statement(QStringLiteral(
        "INSERT INTO calendars (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"));
    calendar.bindValue(0, m.name);
    calendar.bindValue(1, m.nowMs);
    calendar.exec();
    MutationResult result;
    result.created = calendar.numRowsAffected() > 0;
    auto &day = statement(QStringLiteral(
        "INSERT INTO calendar_days (calendar, first_day, last_day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"));
    for (const ExclusionCalendar::Range &r : m.ranges) {
        day.bindValue(0, m.name);
        day.bindValue(1, r.first.toString(Qt::ISODate));
        day.bindValue(2, r.second.toString(Qt::ISODate));
        day.exec();
        result.affected += day.numRowsAffected();
    }
    bumpVersion();
    return result;
}

} // namespace jobdeck
