#pragma once

#include "LiveTableModel.h"
#include "model/JobBatch.h"

#include <vector>

namespace jobdeck {

class Engine;
class ReadThread;

// The newest batches of the database with how far each is, live: read again on the read thread (at most a few times
// a second) when jobs are created or end, in this process or another, while the model is live. Rows are updated in
// place, so a view keeps its selection. Answers JobRoles::ProgressRole/ProgressTextRole/StateRole on the progress
// column, so ProgressDelegate draws it. Main thread only.
class BatchRowsModel final : public LiveTableModel {
    Q_OBJECT
public:
    enum Column { Id, Name, Progress, Succeeded, Dead, Cancelled, State, Completion, Created, Ended, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 100, BatchIdRole };
    static constexpr int kShown = 500;

    BatchRowsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const JobBatchRecord &batchAt(int row) const { return m_rows[size_t(row)]; }
    int rowOfBatch(qint64 id) const;

private:
    void read() override;
    int rowsHeld() const override { return int(m_rows.size()); }
    QVariant display(const JobBatchRecord &batch, int column) const;

    ReadThread &m_reads;
    std::vector<JobBatchRecord> m_rows;
};

} // namespace jobdeck
