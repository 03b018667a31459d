#pragma once

#include "JobColumns.h"
#include "JobRoles.h"

#include <QAbstractTableModel>
#include <QSet>
#include <vector>

namespace jobdeck {

// Rows of jobs shown through JobColumns, answering the JobRoles like every job model. Subclasses decide which
// jobs: they replace the rows as a whole (setRows keeps selections by matching ids), add a page at the end, update
// or remove single jobs, or start over. Main thread only.
class JobRowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    JobRowsModel(const QList<JobColumn> &columns, QObject *parent = nullptr);

    QList<JobColumn> columns() const { return m_columns; }
    int columnOf(JobColumn column) const { return int(m_columns.indexOf(column)); }
    const JobRecord &jobAt(int row) const { return m_rows[size_t(row)]; }
    int rowOfJob(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    // Becomes `fresh`, in its order: rows that stay keep their selection (moves are a layout change), the rest are
    // removed or inserted, and changed rows are reported.
    void setRows(std::vector<JobRecord> fresh);
    void appendRows(std::vector<JobRecord> more);
    void resetRows(std::vector<JobRecord> rows = {});
    // The row of `job` (read again) takes it where it is; nothing if the job is not shown.
    void replaceJob(const JobRecord &job);
    void removeJobs(const QSet<qint64> &ids);
    virtual qint64 nowMs() const;

private:
    QList<JobColumn> m_columns;
    std::vector<JobRecord> m_rows;
};

} // namespace jobdeck
