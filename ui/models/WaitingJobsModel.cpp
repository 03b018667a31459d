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
    const auto soon = [this] {
        if (!m_refresh.isActive())
            m_refresh.start();
    };
    connect(&engine, &Engine::externalChange, this, soon);
    connect(&engine, &Engine::configChanged, this, soon); // a queue paused or resumed
    connect(&engine, &Engine::pausedChanged, this, [this] {
        if (rowCount() > 0) // the runner's pause is known here at once: only the words change
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole, Qt::ToolTipRole});
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
        return s == JobState::Queued || s == JobState::Scheduled || s == JobState::Failed || s == JobState::Waiting;
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
    QSet<QString> paused;
    try {
        fresh = m_reader->waitingJobs(m_queue, m_limit);
        for (const QueueInfo &q : m_reader->queues()) {
            if (q.paused)
                paused.insert(q.name);
        }
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    m_full = int(fresh.size()) >= m_limit;
    const bool pausesChanged = paused != m_pausedQueues;
    m_pausedQueues = std::move(paused);
    setRows(std::move(fresh));
    if (pausesChanged && rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole, Qt::ToolTipRole});
}

bool WaitingJobsModel::isHeld(const JobRecord &job) const
{
    return job.state == JobState::Queued && (m_engine.isPaused() || m_pausedQueues.contains(job.queue));
}

QVariant WaitingJobsModel::data(const QModelIndex &index, int role) const
{
    if (index.isValid() && columns().value(index.column()) == JobColumn::State
        && (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
        const JobRecord &job = jobAt(index.row());
        if (isHeld(job)) {
            if (role == Qt::DisplayRole)
                return tr("queued (paused)");
            return m_pausedQueues.contains(job.queue)
                ? tr("Queue %1 is paused: this job waits until the queue is resumed").arg(job.queue)
                : tr("Runners are paused: this job waits until they are resumed");
        }
        if (job.orderBlockedBy > 0) {
            if (role == Qt::DisplayRole)
                return tr("blocked by job %1").arg(job.orderBlockedBy);
            return tr("Job %1 comes first under ordering key %2: this job runs after it has succeeded or was "
                      "cancelled")
                .arg(job.orderBlockedBy)
                .arg(job.orderKey);
        }
    }
    return JobRowsModel::data(index, role);
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
