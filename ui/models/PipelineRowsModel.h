#pragma once

#include "LiveReload.h"
#include "model/Pipeline.h"

#include <QAbstractTableModel>
#include <vector>

namespace jobdeck {

class Engine;
class ReadThread;

// The newest pipelines of the database with where each stands, live: read again on the read thread (at most a few
// times a second) when jobs are created or end, in this process or another, while the model is live. Rows are
// updated in place, so a view keeps its selection. Main thread only.
class PipelineRowsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Name, Progress, State, Created, Ended, Outcome, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 100, PipelineIdRole };
    static constexpr int kShown = 500;

    PipelineRowsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const PipelineRecord &pipelineAt(int row) const { return m_rows[size_t(row)]; }
    int rowOfPipeline(qint64 id) const;
    void setLive(bool live) { m_reload.setLive(live); }
    void reload() { m_reload.now(); }
    bool hasLoaded() const { return m_loaded; }

    // "Running", "Undoing step 2", "Succeeded", "Failed": what the State column and the chain's title say.
    static QString stateText(const PipelineRecord &pipeline);

Q_SIGNALS:
    void loaded();
    void readFailed(const QString &message);

private:
    void read();
    void apply(std::vector<PipelineRecord> rows);
    QVariant display(const PipelineRecord &pipeline, int column) const;

    Engine &m_engine;
    ReadThread &m_reads;
    std::vector<PipelineRecord> m_rows;
    LiveReload m_reload;
    bool m_loaded = false;
};

} // namespace jobdeck
