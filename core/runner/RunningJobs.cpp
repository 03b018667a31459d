#include "RunningJobs.h"

namespace jobdeck {

void RunningJobs::add(const std::shared_ptr<RunState> &state)
{
    QMutexLocker lock(&m_mutex);
    m_runs.insert(state->job.id, state);
}

void RunningJobs::remove(const std::shared_ptr<RunState> &state)
{
    QMutexLocker lock(&m_mutex);
    if (m_runs.value(state->job.id) == state)
        m_runs.remove(state->job.id);
}

std::shared_ptr<RunState> RunningJobs::find(qint64 jobId) const
{
    QMutexLocker lock(&m_mutex);
    return m_runs.value(jobId);
}

bool RunningJobs::contains(qint64 jobId) const
{
    QMutexLocker lock(&m_mutex);
    return m_runs.contains(jobId);
}

std::vector<std::shared_ptr<RunState>> RunningJobs::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    std::vector<std::shared_ptr<RunState>> out;
    out.reserve(size_t(m_runs.size()));
    for (const auto &s : m_runs)
        out.push_back(s);
    return out;
}

bool RunningJobs::isEmpty() const
{
    QMutexLocker lock(&m_mutex);
    return m_runs.isEmpty();
}

void RunningJobs::abandon()
{
    QMutexLocker lock(&m_mutex);
    ++m_abandoned;
}

void RunningJobs::reclaim()
{
    QMutexLocker lock(&m_mutex);
    Q_ASSERT(m_abandoned > 0);
    --m_abandoned;
}

int RunningJobs::abandoned() const
{
    QMutexLocker lock(&m_mutex);
    return m_abandoned;
}

} // namespace jobdeck
