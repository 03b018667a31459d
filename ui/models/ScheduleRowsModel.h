#pragma once

#include "LiveTableModel.h"
#include "schedule/Occurrence.h"
#include "schedule/ScheduleSpec.h"

#include <QTimer>
#include <optional>
#include <vector>

namespace jobdeck {

class Engine;
class ReadThread;

// One schedule as the Schedules page shows it: the stored record, its newest recorded occurrence (with its job's
// state) and where it stands now.
struct ScheduleRow {
    ScheduleRecord record;
    std::optional<OccurrenceRecord> last;
    qint64 nextMs = 0;  // the next occurrence it will fire; 0: none (disabled, or nothing left)
    QString when;       // "At 09:00, Monday through Friday · Europe/Berlin"
    bool folder = false; // a jobs/NAME schedule of the jobs folder
};

// Every schedule of the database, live: read again on the read thread (at most a few times a second) when
// schedules, calendars, occurrences or jobs change, in this process or another, while the model is live; rows are
// updated, added and removed one by one, so a view keeps its selection. Columns: name, what it runs, when in words, next run, last
// run with its outcome, state, misfire and overlap policies, exclusions. Main thread only.
class ScheduleRowsModel final : public LiveTableModel {
    Q_OBJECT
public:
    enum Column { Name, Runs, When, Next, Last, State, Misfire, Overlap, Exclusions, ColumnCount };
    enum Role {
        ScheduleIdRole = Qt::UserRole + 1,
        SortRole,    // a value to sort the column by
        SearchRole,  // the text a search looks in
        StatusRole,  // "active", "paused" or "done", then "folder" and "failed" where they apply
        LastJobRole, // the id of the last run's job, 0 if none
    };

    ScheduleRowsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const ScheduleRow &rowAt(int row) const { return m_rows[size_t(row)]; }

private:
    void read() override;
    int rowsHeld() const override { return int(m_rows.size()); }
    void apply(std::vector<ScheduleRow> rows);
    QVariant display(const ScheduleRow &row, int column) const;
    QVariant sortValue(const ScheduleRow &row, int column) const;
    QString stateText(const ScheduleRow &row) const;

    Engine &m_engine;
    ReadThread &m_reads;
    std::vector<ScheduleRow> m_rows;
    QTimer m_clockTimer; // "in 3 min" moves on without any change
};

} // namespace jobdeck
