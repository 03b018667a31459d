#pragma once

#include "storage/Mutation.h"
#include "storage/QueueSummary.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <memory>

namespace jobdeck {

class Engine;
class StoreReader;

// One row per queue (and a first row for all of them): jobs queued, running, scheduled, retrying and dead, the
// concurrency limit and whether the queue is paused. The limit is edited in place, and setPaused pauses a queue;
// both are written through the engine. The rows are QueueSummary::read (as `jobdeck queue list` shows them),
// re-read while jobs change.
class QueueSummaryModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, QueuedColumn, RunningColumn, ScheduledColumn, RetryingColumn, DeadColumn, LimitColumn,
                  StateColumn, ColumnCount };
    enum Role { QueueNameRole = Qt::UserRole + 1, PausedRole }; // the first row's name is empty
    static constexpr int kRefreshMs = 500;

    explicit QueueSummaryModel(Engine &engine, QObject *parent = nullptr);
    ~QueueSummaryModel() override;

    void refresh();
    void setPaused(const QString &queue, bool paused);
    void setLimit(const QString &queue, int limit);
    int rowOfQueue(const QString &queue) const;
    QStringList queueNames() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void readFailed(const QString &message);

private:
    using Row = QueueSummary; // the first row's name is empty: all queues
    void scheduleRefresh();
    void submitConfig(const ConfigureQueue &change);

    Engine &m_engine;
    std::unique_ptr<StoreReader> m_reader;
    std::vector<Row> m_rows;
    QTimer m_refresh;
};

} // namespace jobdeck
