#pragma once

#include "JobColumns.h"
#include "JobRoles.h"
#include "model/JobRecord.h"
#include "storage/JobFilter.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>
#include <memory>
#include <vector>

namespace jobdeck {

class Engine;
class StoreReader;

// The newest jobs, one keyset page at a time, kept current from the engine's signals.
//
// Rows are ordered by id, newest first. The model never reads a whole table: it holds the newest `pageSize`
// jobs matching its filter (more once a view asks with fetchMore), re-reads only the jobs that events name,
// and merges a fresh page in place when another process changed the database, so selections survive.
// Main thread only.
class JobTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    // Positions of the default columns (see setColumns).
    enum Column { IdColumn, KindColumn, QueueColumn, StateColumn, ProgressColumn, AttemptsColumn, UpdatedColumn,
                  ErrorColumn, ColumnCount };

    static constexpr int kDefaultPageSize = 500;
    static constexpr int kApplyIntervalMs = 100;

    explicit JobTableModel(Engine &engine, QObject *parent = nullptr);
    ~JobTableModel() override;

    // Jobs shown; an empty filter shows all. Reloads the first page.
    void setFilter(const JobFilter &filter);
    JobFilter filter() const { return m_filter; }
    // Rows read per page (and the initial window). Reloads.
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    // The columns shown, in order; the default is the Column list above.
    void setColumns(const QList<JobColumn> &columns);
    QList<JobColumn> columns() const { return m_columns; }
    int columnOf(JobColumn column) const { return int(m_columns.indexOf(column)); }

    // Re-reads the rows in view and merges them in place.
    void refresh();
    // Applies pending event updates now rather than on the next coalescing tick (tests, before a read-out).
    void applyPendingNow();

    qint64 jobIdAt(int row) const;
    int rowOfJob(qint64 jobId) const; // -1 if not in the model
    QModelIndex indexOfJob(qint64 jobId, int column = IdColumn) const;
    // The record behind a row as last read (progress may lag behind the live ProgressRole).
    const JobRecord &jobAt(int row) const { return m_rows[size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A read from the store failed; the model keeps what it showed.
    void readFailed(const QString &message);

private:
    struct Live {
        double fraction = 0;
        QString text;
    };

    void onJobsChanged(const QList<jobdeck::JobEvent> &events);
    void onProgress(qint64 jobId, double fraction, const QString &text);
    void tickClocks();
    void scheduleApply();
    void applyPending();
    void applyChanged(QList<qint64> ids);
    void merge(std::vector<JobRecord> fresh);
    void reload();
    void trimToLimit();
    void replaceRow(int row, JobRecord record);
    bool matches(const JobRecord &job) const;
    bool belongsInWindow(qint64 jobId) const;
    std::vector<JobRecord> readPages(qint64 beforeId, int rows, bool &more);
    double progressOf(const JobRecord &job) const;
    QString progressTextOf(const JobRecord &job) const;

    Engine &m_engine;
    std::unique_ptr<StoreReader> m_reader;
    JobFilter m_filter;
    QList<JobColumn> m_columns;
    QTimer m_clockTimer; // moves Elapsed and Left along for running jobs
    int m_pageSize = kDefaultPageSize;
    int m_limit = kDefaultPageSize; // rows the window may hold: grows by a page with each fetchMore
    bool m_hasMore = false;         // older matching jobs exist beyond the last row
    std::vector<JobRecord> m_rows;  // id descending
    QHash<qint64, Live> m_live;     // progress of running jobs, fresher than the store's (written once a second)
    QSet<qint64> m_pendingIds;
    bool m_refreshPending = false;
    QTimer m_applyTimer;
    int m_changing = 0; // inside a row change: views (and the model tester) may call fetchMore from its signals
};

} // namespace jobdeck
