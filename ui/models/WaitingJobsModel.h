#pragma once

#include "JobRowsModel.h"

#include <QTimer>
#include <memory>

namespace jobdeck {

class Engine;
class StoreReader;

// Jobs waiting to run, in the order runners take them: queued by priority then age, then scheduled and retrying
// ones by their time. The first `limit` of them (more when a view scrolls down), re-read at most a few times a
// second while jobs change, keeping the selection. Main thread only.
class WaitingJobsModel final : public JobRowsModel {
    Q_OBJECT
public:
    static constexpr int kPage = 500;
    static constexpr int kMaxRows = 10'000;
    static constexpr int kRefreshMs = 400;

    explicit WaitingJobsModel(Engine &engine, QObject *parent = nullptr);
    ~WaitingJobsModel() override;

    // Only this queue's jobs; empty: every queue.
    void setQueue(const QString &queue);
    QString queue() const { return m_queue; }
    void refresh();

    // The State of a queued job held by a paused queue or paused runners says so ("queued (paused)").
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void readFailed(const QString &message);

protected:
    qint64 nowMs() const override;

private:
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);
    bool isHeld(const JobRecord &job) const;

    Engine &m_engine;
    std::unique_ptr<StoreReader> m_reader;
    QString m_queue;
    int m_limit = kPage;
    bool m_full = false; // the last read filled the limit: more may wait
    QTimer m_refresh;
    QSet<QString> m_pausedQueues;
};

} // namespace jobdeck
