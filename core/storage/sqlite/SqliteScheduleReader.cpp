#include "SqliteScheduleReader.h"

#include "storage/StoreError.h"

#include <QHash>
#include <QVariant>

namespace jobdeck {

namespace {

const QString kScheduleColumns = QStringLiteral(
    "s.id, s.name, s.kind, s.cron, s.every_ms, s.at_ms, s.time_zone, s.definition, s.job_kind, s.payload, s.queue, "
    "s.priority, s.max_attempts, s.timeout_ms, s.backoff_ms, s.misfire, s.catch_up_limit, s.overlap, s.enabled, "
    "s.paused_until, s.next_fire_at, s.last_fire_at, s.created_at, s.updated_at, "
    "(SELECT group_concat(calendar, char(10)) FROM schedule_exclusions e WHERE e.schedule_id = s.id)");

const QString kOccurrenceColumns = QStringLiteral(
    "o.id, o.schedule_id, s.name, o.fire_at, o.recorded_at, o.outcome, o.reason, o.job_id, j.state, "
    "COALESCE(j.kind, NULLIF(s.job_kind, ''), s.definition), COALESCE(j.queue, s.queue)");

ScheduleRecord readSchedule(const QSqlQuery &q)
{
    ScheduleRecord r;
    ScheduleSpec &s = r.spec;
    r.id = q.value(0).toLongLong();
    s.name = q.value(1).toString();
    s.kind = kindFromName(q.value(2).toString()).value_or(ScheduleKind::Cron);
    s.cron = q.value(3).toString();
    s.everyMs = q.value(4).toLongLong();
    s.atMs = q.value(5).toLongLong();
    s.zone = q.value(6).toString();
    s.definition = q.value(7).toString();
    s.job.kind = q.value(8).toString();
    s.job.payload = q.value(9).toString().toUtf8();
    s.job.queue = q.value(10).toString();
    s.job.priority = q.value(11).toInt();
    s.job.maxAttempts = q.value(12).toInt();
    s.job.timeoutMs = q.value(13).toLongLong();
    s.job.backoffMs = q.value(14).toLongLong();
    s.misfire = misfireFromName(q.value(15).toString()).value_or(MisfirePolicy::FireOnce);
    s.catchUpLimit = q.value(16).toInt();
    s.overlap = overlapFromName(q.value(17).toString()).value_or(OverlapPolicy::Allow);
    r.enabled = q.value(18).toBool();
    r.pausedUntilMs = q.value(19).toLongLong();
    r.nextFireAtMs = q.value(20).toLongLong();
    r.lastFireAtMs = q.value(21).toLongLong();
    r.createdAtMs = q.value(22).toLongLong();
    r.updatedAtMs = q.value(23).toLongLong();
    s.exclusions = q.value(24).toString().split(u'\n', Qt::SkipEmptyParts);
    s.exclusions.sort();
    return r;
}

} // namespace

SqliteScheduleReader::SqliteScheduleReader(const QString &path) : m_connection(path, SqliteConnection::Mode::ReadOnly)
{
    if (!m_connection.isOpen())
        throw StoreError(m_connection.openError());
}

std::vector<ScheduleRecord> SqliteScheduleReader::read(const QString &where, const QVariantList &values)
{
    auto q = m_connection.run(QStringLiteral("SELECT %1 FROM schedules s %2 ORDER BY s.name").arg(kScheduleColumns, where),
                              values);
    std::vector<ScheduleRecord> out;
    while (q.next())
        out.push_back(readSchedule(q));
    return out;
}

std::vector<ScheduleRecord> SqliteScheduleReader::schedules()
{
    return read({}, {});
}

std::optional<ScheduleRecord> SqliteScheduleReader::schedule(const QString &name)
{
    auto found = read(QStringLiteral("WHERE s.name = ?"), {name});
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<ExclusionCalendar> SqliteScheduleReader::calendars()
{
    std::vector<ExclusionCalendar> out;
    QHash<QString, size_t> index;
    auto names = m_connection.run(QStringLiteral("SELECT name FROM calendars ORDER BY name"));
    while (names.next()) {
        index.insert(names.value(0).toString(), out.size());
        out.push_back({names.value(0).toString(), {}});
    }
    auto days = m_connection.run(
        QStringLiteral("SELECT calendar, first_day, last_day FROM calendar_days ORDER BY calendar, first_day, last_day"));
    while (days.next()) {
        const auto it = index.constFind(days.value(0).toString());
        if (it == index.constEnd())
            continue;
        out[*it].ranges.emplace_back(QDate::fromString(days.value(1).toString(), Qt::ISODate),
                                     QDate::fromString(days.value(2).toString(), Qt::ISODate));
    }
    return out;
}

std::vector<OccurrenceRecord> SqliteScheduleReader::readOccurrences(const QString &where, const QVariantList &values)
{
    auto q = m_connection.run(QStringLiteral("SELECT %1 FROM schedule_occurrences o JOIN schedules s ON s.id = o.schedule_id "
                                             "LEFT JOIN jobs j ON j.id = o.job_id %2")
                                  .arg(kOccurrenceColumns, where),
                              values);
    std::vector<OccurrenceRecord> out;
    while (q.next()) {
        OccurrenceRecord o;
        o.id = q.value(0).toLongLong();
        o.scheduleId = q.value(1).toLongLong();
        o.scheduleName = q.value(2).toString();
        o.fireAtMs = q.value(3).toLongLong();
        o.recordedAtMs = q.value(4).toLongLong();
        o.outcome = occurrenceOutcomeFromName(q.value(5).toString()).value_or(OccurrenceOutcome::Fired);
        o.reason = q.value(6).toString();
        o.jobId = q.value(7).toLongLong();
        if (!q.value(8).isNull())
            o.jobState = stateFromName(q.value(8).toString());
        o.kind = q.value(9).toString();
        o.queue = q.value(10).toString();
        out.push_back(o);
    }
    return out;
}

std::vector<OccurrenceRecord> SqliteScheduleReader::occurrences(const OccurrenceFilter &filter)
{
    QString where = QStringLiteral("WHERE o.fire_at >= ? AND o.fire_at < ?");
    QVariantList values{filter.fromMs, filter.toMs};
    if (filter.scheduleId > 0) {
        where += QStringLiteral(" AND o.schedule_id = ?");
        values << filter.scheduleId;
    }
    values << filter.limit;
    return readOccurrences(where + (filter.newestFirst ? QStringLiteral(" ORDER BY o.fire_at DESC, o.id DESC LIMIT ?")
                                                       : QStringLiteral(" ORDER BY o.fire_at, o.id LIMIT ?")),
                           values);
}

std::optional<ScheduleReader::ActiveRun> SqliteScheduleReader::activeRun(qint64 scheduleId)
{
    auto q = m_connection.run(QStringLiteral("SELECT j.id, j.state FROM schedule_occurrences o JOIN jobs j ON j.id = o.job_id "
                                             "WHERE o.schedule_id = ? AND j.state IN ('scheduled', 'queued', 'running', "
                                             "'failed') ORDER BY o.fire_at DESC LIMIT 1"),
                              {scheduleId});
    if (!q.next())
        return std::nullopt;
    return ActiveRun{q.value(0).toLongLong(), stateFromName(q.value(1).toString()).value_or(JobState::Queued)};
}

std::vector<OccurrenceRecord> SqliteScheduleReader::waitingOccurrences()
{
    return readOccurrences(QStringLiteral("WHERE o.outcome = 'waiting' ORDER BY o.fire_at"), {});
}

QString SqliteScheduleReader::version()
{
    auto q = m_connection.run(QStringLiteral("SELECT value FROM settings WHERE key = 'schedules_version'"));
    return q.next() ? q.value(0).toString() : QStringLiteral("0");
}

ScheduleReader::Lease SqliteScheduleReader::schedulerLease()
{
    auto q = m_connection.run(QStringLiteral("SELECT owner, lease_until FROM scheduler_lease WHERE id = 1"));
    if (!q.next())
        return {};
    return {q.value(0).toString(), q.value(1).toLongLong()};
}

} // namespace jobdeck
