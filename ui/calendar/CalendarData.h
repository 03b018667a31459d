#pragma once

#include "schedule/CalendarProjection.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace jobdeck {

class Engine;
class ScheduleReader;
class StoreReader;

// The calendar's contents for the visible range: read through the store's readers and projected by core
// (CalendarProjection), for that range only. Reads again, at most a few times a second, when jobs, schedules
// or occurrences change, here or in another process. Writes nothing. Main thread only.
class CalendarData final : public QObject {
    Q_OBJECT
public:
    explicit CalendarData(Engine &engine, QObject *parent = nullptr);
    ~CalendarData() override;

    void setRange(qint64 fromMs, qint64 toMs);
    void setFilter(const CalendarFilter &filter);
    // The zone whose dates and times the calendar shows (IANA name).
    void setDisplayZone(const QString &zone);
    std::shared_ptr<const ZoneRules> displayZone() const { return m_zone; }
    qint64 fromMs() const { return m_fromMs; }
    qint64 toMs() const { return m_toMs; }

    const CalendarProjection::Result &result() const { return m_result; }
    const std::vector<ScheduleRecord> &schedules() const { return m_schedules; }
    const std::vector<ExclusionCalendar> &calendars() const { return m_calendars; }
    std::optional<ScheduleRecord> schedule(qint64 id) const;
    // Queues of the schedules and the shown jobs, for the filter.
    QStringList queues() const;

    // Reads now (the views call it after a change of range; changes of data arrive coalesced).
    void reload();

Q_SIGNALS:
    void changed();
    void readFailed(const QString &message);

private:
    void reloadSoon();

    Engine &m_engine;
    std::unique_ptr<StoreReader> m_jobs;
    std::unique_ptr<ScheduleReader> m_reader;
    std::shared_ptr<const ZoneRules> m_zone;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    CalendarFilter m_filter;
    std::vector<ScheduleRecord> m_schedules;
    std::vector<ExclusionCalendar> m_calendars;
    CalendarProjection::Result m_result;
    QTimer m_reloadTimer;
};

} // namespace jobdeck
