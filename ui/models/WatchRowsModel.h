#pragma once

#include "LiveTableModel.h"
#include "watch/WatchSpec.h"

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
class WatchRowsModel final : public LiveTableModel {
    Q_OBJECT
public:
    enum Column { Name, Folder, Patterns, Runs, After, State, Enqueued, Done, Failed, Skipped, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, PausedRole };
    static constexpr int kSkipsShown = 200;

    WatchRowsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const WatchRow &rowAt(int row) const { return m_rows[size_t(row)]; }

private:
    void read() override;
    int rowsHeld() const override { return int(m_rows.size()); }
    QVariant display(const WatchRow &row, int column) const;

    ReadThread &m_reads;
    std::vector<WatchRow> m_rows;
};

} // namespace jobdeck
