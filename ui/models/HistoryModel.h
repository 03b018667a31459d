#pragma once

#include "JobRowsModel.h"
#include "storage/HistoryQuery.h"

#include <atomic>
#include <memory>

namespace jobdeck {

class Engine;
class ReadThread;

// Finished jobs matching a HistoryQuery, a page at a time as the view scrolls, read on the read thread so the
// window never waits, however many jobs the database holds. The count is read alongside and may be a bound
// ("10,000+"). Jobs that finish after the first page was read are counted (newSinceLoad) rather than slipped in
// above the rows the user is looking at; reload() shows them. Main thread only.
class HistoryModel final : public JobRowsModel {
    Q_OBJECT
public:
    static constexpr int kPage = 200;
    static constexpr qint64 kCountCap = 10'000;

    HistoryModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);
    ~HistoryModel() override;

    // Starts over with `query`: the first page and the count are read anew.
    void setQuery(const HistoryQuery &query);
    HistoryQuery query() const { return m_query; }
    void reload();

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
    void readFailed(const QString &message);

protected:
    qint64 nowMs() const override;

private:
    void readPage(int wanted);
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);
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
};

} // namespace jobdeck
