#pragma once

#include "SqliteConnection.h"
#include "storage/ScheduleReader.h"

namespace jobdeck {

// Reads schedules over a connection of its own. Use on the thread that created it.
class SqliteScheduleReader final : public ScheduleReader {
public:
    explicit SqliteScheduleReader(const QString &path);

    std::vector<ScheduleRecord> schedules() override;
    std::optional<ScheduleRecord> schedule(const QString &name) override;
    std::vector<ExclusionCalendar> calendars() override;
    std::vector<OccurrenceRecord> occurrences(const OccurrenceFilter &filter) override;
    std::optional<ActiveRun> activeRun(qint64 scheduleId) override;
    std::vector<OccurrenceRecord> waitingOccurrences() override;
    QString version() override;
    Lease schedulerLease() override;

private:
    std::vector<ScheduleRecord> read(const QString &where, const QVariantList &values);
    std::vector<OccurrenceRecord> readOccurrences(const QString &where, const QVariantList &values);
    SqliteConnection m_connection;
};

} // namespace jobdeck
