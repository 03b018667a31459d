#include "WaitingJobsModel.h"

#include "runner/Engine.h"
#include "storage/StoreError.h"

namespace jobdeck {

WaitingJobsModel::WaitingJobsModel(Engine &engine, QObject *parent)
    : JobRowsModel({JobColumn::Id, JobColumn::Kind, JobColumn::Queue, JobColumn::Priority, JobColumn::State,
                    JobColumn::Due, JobColumn::Attempts, JobColumn::Created},
                   parent),
      m_engine(engine), m_reader(engine.store().openReader())
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &WaitingJobsModel::refresh);
    connect(&engine, &Engine::jobsChanged, this, &WaitingJobsModel::onJobsChanged);
    connect(&engine, &Engine::externalChange, this, [this] {
        if (!m_refresh.isActive())
            m_refresh.start();
    });
    refresh();
}

WaitingJobsModel::~WaitingJobsModel() = default;

qint64 WaitingJobsModel::nowMs() const
{
    return m_engine.clock().nowMs();
}

void WaitingJobsModel::setQueue(const QString &queue)
{
    if (queue == m_queue)
        return;
    m_queue = queue;
    m_limit = kPage;
    resetRows();
    refresh();
}

void WaitingJobsModel::onJobsChanged(const QList<JobEvent> &events)
{
    const auto waiting = [](JobState s) {
        return s == JobState::Queued || s == JobState::Scheduled || s == JobState::Failed;
    };
    for (const JobEvent &e : events) {
        // Only a change into or out of waiting, or of a job shown (a new priority), moves this list.
        if (waiting(e.to) || (!e.created && waiting(e.from)) || rowOfJob(e.jobId) >= 0) {
            if (!m_refresh.isActive())
                m_refresh.start();
            return;
        }
    }
}

void WaitingJobsModel::refresh()
{
    m_refresh.stop();
    std::vector<JobRecord> fresh;
    try {
        fresh = m_reader->waitingJobs(m_queue, m_limit);
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    m_full = int(fresh.size()) >= m_limit;
    setRows(std::move(fresh));
}

bool WaitingJobsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_full && m_limit < kMaxRows;
}

void WaitingJobsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_limit = std::min(kMaxRows, m_limit + kPage);
    // Deferred: views ask from inside their own layout code, where rows must not change under them.
    QMetaObject::invokeMethod(this, &WaitingJobsModel::refresh, Qt::QueuedConnection);
}

} // namespace jobdeck
