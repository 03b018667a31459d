#pragma once

#include "LiveReload.h"
#include "watch/WatchSpec.h"

#include <QAbstractTableModel>
#include <vector>

namespace jobdeck {

class Engine;
class ReadThread;

// One watched folder as the page shows it: the stored watch and its newest skipped files.
struct WatchRow {
    WatchRecord record;
    std::vector<WatchSkip> skips;
};

// Every watched folder of the database, live: read again on the read thread (at most a few times a second) when
// watches or jobs change, in this process or another, while the model is live; rows are updated in place, so a
// view keeps its selection. Main thread only.
class WatchRowsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Folder, Patterns, Runs, After, State, Enqueued, Done, Failed, Skipped, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, PausedRole };
    static constexpr int kSkipsShown = 200;

    WatchRowsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const WatchRow &rowAt(int row) const { return m_rows[size_t(row)]; }
    void setLive(bool live) { m_reload.setLive(live); }
    void reload() { m_reload.now(); }
    bool hasLoaded() const { return m_loaded; }

Q_SIGNALS:
    void loaded();
    void readFailed(const QString &message);

private:
    void read();
    void apply(std::vector<WatchRow> rows);
    QVariant display(const WatchRow &row, int column) const;

    Engine &m_engine;
    ReadThread &m_reads;
    std::vector<WatchRow> m_rows;
    LiveReload m_reload;
    bool m_loaded = false;
};

} // namespace jobdeck
