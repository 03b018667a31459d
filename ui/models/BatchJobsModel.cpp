#include "BatchJobsModel.h"

#include "runner/Engine.h"
#include "storage/ReadThread.h"

namespace jobdeck {

namespace {
constexpr int kRefreshMs = 400;
}

BatchJobsModel::BatchJobsModel(Engine &engine, ReadThread &reads, QObject *parent)
    : JobRowsModel({JobColumn::Id, JobColumn::Kind, JobColumn::State, JobColumn::Progress, JobColumn::Attempts,
                    JobColumn::Finished, JobColumn::Duration, JobColumn::Error},
                   parent),
      m_engine(engine), m_reads(reads)
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &BatchJobsModel::refresh);
    connect(&engine, &Engine::externalChange, this, &BatchJobsModel::refreshSoon);
    connect(&engine, &Engine::jobsChanged, this, [this](const QList<JobEvent> &events) {
        if (m_batchId <= 0)
            return;
        for (const JobEvent &e : events) {
            // A shown job moved, or the list may have more to show.
            if (rowOfJob(e.jobId) >= 0 || (m_full == false && e.created)) {
                refreshSoon();
                return;
            }
        }
    });
}

qint64 BatchJobsModel::nowMs() const
{
    return m_engine.clock().nowMs();
}

void BatchJobsModel::setBatch(qint64 batchId)
{
    if (batchId == m_batchId)
        return;
    m_batchId = batchId;
    m_limit = kPage;
    m_full = false;
    m_loaded = false;
    resetRows();
    refresh();
}

void BatchJobsModel::refreshSoon()
{
    if (m_batchId > 0 && !m_refresh.isActive())
        m_refresh.start();
}

void BatchJobsModel::refresh()
{
    m_refresh.stop();
    if (m_batchId <= 0) {
        m_loaded = true;
        Q_EMIT loaded();
        return;
    }
    if (m_reading) {
        m_stale = true;
        return;
    }
    m_reading = true;
    m_stale = false;
    const qint64 batchId = m_batchId;
    const int limit = m_limit;
    m_reads.read<std::vector<JobRecord>>(
        this, [batchId, limit](StoreReader &reader) { return reader.batchJobs(batchId, 0, limit); },
        [this, batchId, limit](const std::vector<JobRecord> &jobs) {
            m_reading = false;
            if (batchId == m_batchId) {
                m_full = int(jobs.size()) >= limit;
                setRows(jobs);
                m_loaded = true;
                Q_EMIT loaded();
            }
            if (m_stale || batchId != m_batchId || limit != m_limit)
                refresh();
        },
        [this](const QString &message) {
            m_reading = false;
            Q_EMIT readFailed(message);
        });
}

bool BatchJobsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_full && !m_reading;
}

void BatchJobsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_limit += kPage;
    // Deferred: views ask from inside their own layout code, where rows must not change under them.
    QMetaObject::invokeMethod(this, &BatchJobsModel::refresh, Qt::QueuedConnection);
}

} // namespace jobdeck
