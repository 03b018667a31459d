#pragma once

#include "LiveReload.h"

#include <QAbstractTableModel>
#include <algorithm>
#include <vector>

namespace jobdeck {

class Engine;

// A table whose rows are read whole on the read thread and read again (at most a few times a second, through
// LiveReload) when what they show changes, while the model is live. A subclass keeps its rows, starts a read in
// read(), ends it with replaceRows() (or, merging rows its own way, with rowsRead()) or failRead(), and asks for
// reads with reloadSoon() on the events that move its rows. Rows come back in place when the same ids return in the
// same order, so a view keeps its selection.
// Main thread only.
class LiveTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

    void setLive(bool live) { m_reload.setLive(live); }
    void reload() { m_reload.now(); }
    bool hasLoaded() const { return m_loaded; }

Q_SIGNALS:
    void loaded();
    void readFailed(const QString &message);

protected:
    LiveTableModel(int columnCount, int reloadDelayMs, QObject *parent);

    virtual void read() = 0;
    virtual int rowsHeld() const = 0;
    void reloadSoon() { m_reload.soon(); }
    // Reads again when another process changed the database, and when jobs are created, end, are deleted or
    // are requeued from an end here: what moves counts and progress.
    void followJobs(Engine &engine);

    template <typename Row, typename IdOf>
    void replaceRows(std::vector<Row> &rows, std::vector<Row> fresh, IdOf idOf)
    {
        const bool sameIds = fresh.size() == rows.size()
            && std::equal(fresh.begin(), fresh.end(), rows.begin(),
                          [&idOf](const Row &a, const Row &b) { return idOf(a) == idOf(b); });
        if (sameIds) {
            rows = std::move(fresh);
            if (!rows.empty())
                Q_EMIT dataChanged(index(0, 0), index(int(rows.size()) - 1, m_columns - 1));
        } else {
            beginResetModel();
            rows = std::move(fresh);
            endResetModel();
        }
        rowsRead();
    }
    // The rows now follow the read that arrived.
    void rowsRead();
    void failRead(const QString &message);

private:
    int m_columns;
    LiveReload m_reload;
    bool m_loaded = false;
};

} // namespace jobdeck
