#include "CalendarData.h"

#include "runner/Engine.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"

namespace jobdeck {

namespace {
constexpr int kReloadDelayMs = 250;     // coalesces bursts of job events
constexpr int kOccurrenceLimit = 20'000; // recorded occurrences read per range
constexpr int kOneOffLimit = 5'000;
} // namespace

CalendarData::CalendarData(Engine &engine, QObject *parent)
    : QObject(parent), m_engine(engine), m_zone(ZoneRules::forZone(ZoneRules::systemZoneId()))
{
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(kReloadDelayMs);
    connect(&m_reloadTimer, &QTimer::timeout, this, &CalendarData::reload);
    connect(&engine, &Engine::jobsChanged, this, &CalendarData::reloadSoon);
    connect(&engine, &Engine::externalChange, this, &CalendarData::reloadSoon);
    connect(&engine, &Engine::schedulesChanged, this, &CalendarData::reloadSoon);
    connect(&engine.scheduler(), &Scheduler::occurrencesRecorded, this, &CalendarData::reloadSoon);
}

CalendarData::~CalendarData() = default;

void CalendarData::setRange(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
    reload();
}

void CalendarData::setFilter(const CalendarFilter &filter)
{
    m_filter = filter;
    reload();
}

void CalendarData::setDisplayZone(const QString &zone)
{
    if (auto rules = ZoneRules::forZone(zone))
        m_zone = std::move(rules);
}

void CalendarData::reloadSoon()
{
    if (!m_reloadTimer.isActive())
        m_reloadTimer.start();
}

std::optional<ScheduleRecord> CalendarData::schedule(qint64 id) const
{
    for (const ScheduleRecord &s : m_schedules) {
        if (s.id == id)
            return s;
    }
    return std::nullopt;
}

QStringList CalendarData::queues() const
{
    QStringList out;
    for (const ScheduleRecord &s : m_schedules) {
        if (!out.contains(s.spec.job.queue))
            out << s.spec.job.queue;
    }
    for (const CalendarEntry &e : m_result.entries) {
        if (!e.queue.isEmpty() && !out.contains(e.queue))
            out << e.queue;
    }
    out.sort();
    return out;
}

void CalendarData::reload()
{
    m_reloadTimer.stop();
    if (m_toMs <= m_fromMs)
        return;
    try {
        // Readers are opened on first use, on this thread, which is the one that uses them.
        if (!m_reader)
            m_reader = m_engine.store().openScheduleReader();
        if (!m_jobs)
            m_jobs = m_engine.store().openReader();
        CalendarProjection::Input in;
        in.fromMs = m_fromMs;
        in.toMs = m_toMs;
        in.nowMs = m_engine.clock().nowMs();
        in.displayZone = m_zone;
        in.schedules = m_reader->schedules();
        in.calendars = m_reader->calendars();
        in.occurrences = m_reader->occurrences({m_fromMs, m_toMs, 0, kOccurrenceLimit});
        in.oneOffJobs = m_jobs->scheduledBetween(m_fromMs, m_toMs, kOneOffLimit);
        in.filter = m_filter;
        m_schedules = in.schedules;
        m_calendars = in.calendars;
        m_result = CalendarProjection::build(in);
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    Q_EMIT changed();
}

} // namespace jobdeck
