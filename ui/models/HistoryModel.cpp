#include "HistoryModel.h"

#include "ReadThread.h"
#include "runner/Engine.h"

namespace jobdeck {

namespace {

struct PageRead {
    HistoryResult page;
    int scanned = 0;
};

} // namespace

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
    setLoading(false); // what was being read belongs to the old generation
    // A view may ask for the first page itself while the rows are reset; readPage reads it once either way.
    resetRows();
    Q_EMIT countChanged();
    Q_EMIT newSinceLoadChanged(0);
    readPage(kPage);
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
    if (m_loading || m_end)
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
            m_cursor = page.next;
            m_end = page.end;
            const int got = int(page.jobs.size());
            appendRows(page.jobs);
            Q_EMIT pageLoaded();
            // A filter that matches little gives short pages: read on until there is something to show.
            if (!m_end && got < wanted)
                readPage(wanted - got);
        },
        [this, generation](const QString &message) {
            if (generation != m_generation)
                return;
            setLoading(false);
            m_end = true;
            Q_EMIT readFailed(message);
        });
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_end && !m_loading;
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
    if (m_newSinceLoad < 0)
        return;
    qint64 added = 0;
    for (const JobEvent &e : events) {
        if (e.removed || e.created || !isFinal(e.to))
            continue;
        if (!m_query.states.isEmpty() && !m_query.states.contains(e.to))
            continue;
        if ((!m_query.kind.isEmpty() && e.kind != m_query.kind) || (!m_query.queue.isEmpty() && e.queue != m_query.queue))
            continue;
        ++added;
    }
    if (added > 0) {
        m_newSinceLoad += added;
        Q_EMIT newSinceLoadChanged(m_newSinceLoad);
    }
}

} // namespace jobdeck
