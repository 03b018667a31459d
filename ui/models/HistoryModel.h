#pragma once

#include "JobRowsModel.h"
#include "storage/HistoryQuery.h"

#include <QSet>

#include <atomic>
#include <memory>

namespace jobdeck {

class Engine;
class ReadThread;

// Finished jobs matching a HistoryQuery, a page at a time as the view scrolls, read on the read thread so the
// window never waits, however many jobs the database holds. The count is read alongside and may be a bound
// ("10,000+"). The model notices what may make its rows out of date — a matching job finished, a shown job changed
// state, another process committed — counts the jobs that finished (newSinceLoad) and says so (outdated()); it
// never reads on its own. Its page chooses: refresh() the first rows in place when the user is at the top,
// refreshChangedRows() when the rows under the user's eyes must not move, reload() to start over. Main thread only.
class HistoryModel final : public JobRowsModel {
    Q_OBJECT
public:
    static constexpr int kPage = 200;
    static constexpr qint64 kCountCap = 10'000;
    static constexpr int kRefreshRows = 1'000;

    HistoryModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);
    ~HistoryModel() override;

    // Starts over with `query`: the first page and the count are read anew.
    void setQuery(const HistoryQuery &query);
    HistoryQuery query() const { return m_query; }
    void reload();
    // Reads the first rows again and merges them in: new jobs come in above, jobs that left go, rows that stay keep
    // their selection. The rows loaded so far are read again (up to kRefreshRows), the count too.
    void refresh();
    // Reads again the shown jobs this process saw change (a requeue, a deletion) and updates their rows in place;
    // no other row moves. The model stays outdated (new jobs are still only counted).
    void refreshChangedRows();
    // Something happened since the rows were read that may change them.
    bool isOutdated() const { return m_outdated; }

    bool isLoading() const { return m_loading; }
    bool atEnd() const { return m_end; }
    bool hasCount() const { return m_hasCount; }
    BoundedCount count() const { return m_count; }
    // Jobs matching the filters (not the search) that finished since the first page was read; -1 when another
    // process changed the database and the number is not known.
    qint64 newSinceLoad() const { return m_newSinceLoad; }

    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void countChanged();
    void newSinceLoadChanged(qint64 count);
    void pageLoaded(); // a read finished and its rows are in
    void outdated();   // on every change that may concern the rows: receivers coalesce
    void readFailed(const QString &message);

protected:
    qint64 nowMs() const override;

private:
    void readPage(int wanted);
    void readCount();
    void pageArrived(const HistoryResult &page, int wanted, bool merge);
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);
    void markOutdated();
    void setLoading(bool loading);

    Engine &m_engine;
    ReadThread &m_reads;
    // Counts may read for a while: on a thread of their own, so the next page never waits behind one.
    std::unique_ptr<ReadThread> m_countReads;
    std::shared_ptr<std::atomic<quint64>> m_latest; // the current generation, for reads about to start
    HistoryQuery m_query;
    HistoryCursor m_cursor;
    quint64 m_generation = 0; // results of an earlier query are dropped
    bool m_loading = false;
    bool m_end = false;
    bool m_hasCount = false;
    BoundedCount m_count;
    qint64 m_newSinceLoad = 0;
    bool m_outdated = false;
    bool m_refreshing = false; // a refresh is on its way: no page may be appended from the old cursor meanwhile
    QSet<qint64> m_changedRows; // shown jobs whose state changed since they were read
};

} // namespace jobdeck
