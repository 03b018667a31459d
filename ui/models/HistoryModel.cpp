#include "HistoryModel.h"

#include "storage/ReadThread.h"
#include "runner/Engine.h"

#include <algorithm>

namespace jobdeck {

HistoryModel::HistoryModel(Engine &engine, ReadThread &reads, QObject *parent)
    : JobRowsModel({JobColumn::Id, JobColumn::Kind, JobColumn::Queue, JobColumn::State, JobColumn::Finished,
                    JobColumn::Duration, JobColumn::Attempts, JobColumn::Worker, JobColumn::Error},
                   parent),
      m_engine(engine), m_reads(reads), m_countReads(std::make_unique<ReadThread>(engine.store())),
      m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    connect(&engine, &Engine::jobsChanged, this, &HistoryModel::onJobsChanged);
    connect(&engine, &Engine::externalChange, this, [this] {
        if (m_newSinceLoad != -1) {
            m_newSinceLoad = -1;
            Q_EMIT newSinceLoadChanged(m_newSinceLoad);
        }
        markOutdated(); // which jobs changed is not known: only a read tells
    });
}

HistoryModel::~HistoryModel() = default;

qint64 HistoryModel::nowMs() const
{
    return m_engine.clock().nowMs();
}

void HistoryModel::setQuery(const HistoryQuery &query)
{
    m_query = query;
    reload();
}

void HistoryModel::reload()
{
    ++m_generation;
    m_latest->store(m_generation);
    m_cursor = {};
    m_end = false;
    m_hasCount = false;
    m_count = {};
    m_newSinceLoad = 0;
    m_outdated = false;
    m_refreshing = false;
    m_changedRows.clear();
    setLoading(false); // what was being read belongs to the old generation
    // A view may ask for the first page itself while the rows are reset; readPage reads it once either way.
    resetRows();
    Q_EMIT countChanged();
    Q_EMIT newSinceLoadChanged(0);
    readPage(kPage);
    readCount();
}

void HistoryModel::refresh()
{
    ++m_generation;
    m_latest->store(m_generation);
    m_outdated = false;
    m_changedRows.clear();
    if (m_newSinceLoad != 0) {
        m_newSinceLoad = 0;
        Q_EMIT newSinceLoadChanged(0);
    }
    setLoading(false); // a page on its way continues the old rows: dropped
    m_refreshing = true;
    const int wanted = std::clamp(rowCount(), kPage, kRefreshRows);
    const quint64 generation = m_generation;
    const HistoryQuery query = m_query;
    const auto latest = m_latest;
    m_reads.read<HistoryResult>(
        this,
        [query, wanted, generation, latest](StoreReader &reader) {
            HistoryResult rows;
            // A burst of changes asks again before this read starts: only the last one is worth reading.
            if (latest->load() != generation)
                return rows;
            // Short pages (a filter that matches little) are read on here, so the merge sees the first rows whole
            // instead of dropping the rest for a moment; a few reads at most, then scrolling asks for more.
            for (int reads = 0; reads < 4 && int(rows.jobs.size()) < wanted && !rows.end; ++reads) {
                HistoryResult page = reader.history(query, rows.next, wanted - int(rows.jobs.size()));
                rows.jobs.insert(rows.jobs.end(), std::make_move_iterator(page.jobs.begin()),
                                 std::make_move_iterator(page.jobs.end()));
                rows.next = page.next;
                rows.end = page.end;
            }
            return rows;
        },
        [this, generation, wanted](const HistoryResult &rows) {
            if (generation != m_generation)
                return;
            m_refreshing = false;
            pageArrived(rows, wanted, true);
        },
        [this, generation](const QString &message) {
            if (generation != m_generation)
                return;
            m_refreshing = false;
            Q_EMIT readFailed(message);
        });
    readCount(); // the count shown stays until the new one is in
}

void HistoryModel::refreshChangedRows()
{
    if (m_changedRows.isEmpty())
        return;
    struct Reread {
        std::vector<JobRecord> jobs;
        QSet<qint64> gone;
    };
    QList<qint64> ids(m_changedRows.begin(), m_changedRows.end());
    m_changedRows.clear();
    if (ids.size() > kRefreshRows)
        ids.resize(kRefreshRows); // the rest wait for the next refresh (the model stays outdated)
    m_reads.read<Reread>(
        this,
        [ids](StoreReader &reader) {
            Reread result;
            for (qint64 id : ids) {
                if (std::optional<JobRecord> job = reader.job(id))
                    result.jobs.push_back(std::move(*job));
                else
                    result.gone.insert(id);
            }
            return result;
        },
        [this](const Reread &result) {
            // Rows of another query by now are still these jobs: their current state is right in any list.
            for (const JobRecord &job : result.jobs)
                replaceJob(job);
            removeJobs(result.gone);
        },
        [this](const QString &message) { Q_EMIT readFailed(message); });
}

void HistoryModel::readCount()
{
    const quint64 generation = m_generation;
    const HistoryQuery query = m_query;
    const auto latest = m_latest;
    m_countReads->read<BoundedCount>(
        this,
        [query, generation, latest](StoreReader &reader) {
            // Typing a search asks for a count per pause: only the last one is worth reading.
            return latest->load() == generation ? reader.historyCount(query, kCountCap) : BoundedCount{};
        },
        [this, generation](const BoundedCount &count) {
            if (generation != m_generation)
                return;
            m_count = count;
            m_hasCount = true;
            Q_EMIT countChanged();
        },
        [this](const QString &message) { Q_EMIT readFailed(message); });
}

void HistoryModel::readPage(int wanted)
{
    if (m_loading || m_end || m_refreshing)
        return;
    setLoading(true);
    const quint64 generation = m_generation;
    const HistoryQuery query = m_query;
    const HistoryCursor cursor = m_cursor;
    m_reads.read<HistoryResult>(
        this, [query, cursor, wanted](StoreReader &reader) { return reader.history(query, cursor, wanted); },
        [this, generation, wanted](const HistoryResult &page) {
            if (generation != m_generation)
                return;
            setLoading(false);
            pageArrived(page, wanted, false);
        },
        [this, generation](const QString &message) {
            if (generation != m_generation)
                return;
            setLoading(false);
            m_end = true;
            Q_EMIT readFailed(message);
        });
}

void HistoryModel::pageArrived(const HistoryResult &page, int wanted, bool merge)
{
    m_cursor = page.next;
    m_end = page.end;
    const int got = int(page.jobs.size());
    if (merge)
        setRows(page.jobs);
    else
        appendRows(page.jobs);
    Q_EMIT pageLoaded();
    // A filter that matches little gives short pages: read on until there is something to show.
    if (!m_end && got < wanted)
        readPage(wanted - got);
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_end && !m_loading && !m_refreshing;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        readPage(kPage);
}

void HistoryModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

void HistoryModel::onJobsChanged(const QList<JobEvent> &events)
{
    qint64 added = 0;
    QSet<qint64> touched;
    for (const JobEvent &e : events) {
        if (!e.created) // a job that just came into being is in no list of finished jobs
            touched.insert(e.jobId);
        if (e.removed || e.created || !isFinal(e.to))
            continue;
        if (!m_query.states.isEmpty() && !m_query.states.contains(e.to))
            continue;
        if ((!m_query.kind.isEmpty() && e.kind != m_query.kind) || (!m_query.queue.isEmpty() && e.queue != m_query.queue))
            continue;
        ++added;
    }
    // Any event of a shown job, not only from a final state: a requeued job's row follows it until it ends again.
    bool shownChanged = false;
    for (int row = 0, rows = touched.isEmpty() ? 0 : rowCount(); row < rows; ++row) {
        const qint64 id = jobAt(row).id;
        if (touched.contains(id)) {
            m_changedRows.insert(id);
            shownChanged = true;
        }
    }
    if (added > 0 && m_newSinceLoad >= 0) {
        m_newSinceLoad += added;
        Q_EMIT newSinceLoadChanged(m_newSinceLoad);
    }
    if (added > 0 || shownChanged)
        markOutdated();
}

void HistoryModel::markOutdated()
{
    m_outdated = true;
    Q_EMIT outdated();
}

} // namespace jobdeck
