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
// concurrency limit, the rate limit and whether the queue is paused or when its rate next lets a job start. The
// limit and the rate are edited in place, and setPaused pauses a queue; all are written through the engine. The rows are QueueSummary::read (as `jobdeck queue list` shows them),
// re-read while jobs change.
class QueueSummaryModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, QueuedColumn, RunningColumn, ScheduledColumn, RetryingColumn, DeadColumn, LimitColumn,
                  RateColumn, StateColumn, ColumnCount };
    enum Role { QueueNameRole = Qt::UserRole + 1, PausedRole }; // the first row's name is empty
    static constexpr int kRefreshMs = 500;

    explicit QueueSummaryModel(Engine &engine, QObject *parent = nullptr);
    ~QueueSummaryModel() override;

    void refresh();
    void setPaused(const QString &queue, bool paused);
    void setLimit(const QString &queue, int limit);
    void setRate(const QString &queue, const QueueRate &rate);
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
    void followNextStarts();
    bool waitsForRate(const Row &r) const;

    Engine &m_engine;
    std::unique_ptr<StoreReader> m_reader;
    std::vector<Row> m_rows;
    QTimer m_refresh;
    QTimer m_nextStart; // a rate-limited queue's next start time passes: its state changes without a job event
};

} // namespace jobdeck
