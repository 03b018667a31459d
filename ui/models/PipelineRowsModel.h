#pragma once

#include "LiveTableModel.h"
#include "model/Pipeline.h"

#include <vector>

namespace jobdeck {

class Engine;
class ReadThread;

// The newest pipelines of the database with where each stands, live: read again on the read thread (at most a few
// times a second) when jobs are created or end, in this process or another, while the model is live. Rows are
// updated in place, so a view keeps its selection. Main thread only.
class PipelineRowsModel final : public LiveTableModel {
    Q_OBJECT
public:
    enum Column { Id, Name, Progress, State, Created, Ended, Outcome, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 100, PipelineIdRole };
    static constexpr int kShown = 500;

    PipelineRowsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const PipelineRecord &pipelineAt(int row) const { return m_rows[size_t(row)]; }
    int rowOfPipeline(qint64 id) const;

    // "Running", "Undoing step 2", "Succeeded", "Failed": what the State column and the chain's title say.
    static QString stateText(const PipelineRecord &pipeline);

private:
    void read() override;
    int rowsHeld() const override { return int(m_rows.size()); }
    QVariant display(const PipelineRecord &pipeline, int column) const;

    ReadThread &m_reads;
    std::vector<PipelineRecord> m_rows;
};

} // namespace jobdeck
