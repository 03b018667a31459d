#include "WorkerAutoscaler.h"

#include "model/Clock.h"

#include <algorithm>

namespace jobdeck {

WorkerAutoscaler::WorkerAutoscaler(WorkerRange range, AutoscaleOptions options, const Clock &clock)
    : m_range(range), m_options(options), m_clock(clock), m_lastChangeAtMs(clock.nowMs())
{
}

bool WorkerAutoscaler::mayGrow(int workers, int busy) const
{
    return workers < m_range.max && busy >= workers
        && m_clock.nowMs() - m_lastChangeAtMs >= m_options.growAfterMs;
}

int WorkerAutoscaler::decide(const Sample &sample)
{
    const qint64 now = m_clock.nowMs();
    const int workers = std::clamp(sample.workers, m_range.min, m_range.max);
    if (workers != sample.workers) {
        m_lastChangeAtMs = now;
        m_spareSinceMs = 0;
        return workers;
    }
    if (sample.busy >= workers) {
        m_spareSinceMs = 0;
        if (mayGrow(workers, sample.busy) && sample.oldestWaitMs >= m_options.growAfterMs) {
            m_lastChangeAtMs = now;
            return std::min(m_range.max, workers * 2);
        }
        return workers;
    }
    if (m_spareSinceMs == 0) {
        m_spareSinceMs = now;
        m_peakBusy = sample.busy;
        return workers;
    }
    m_peakBusy = std::max(m_peakBusy, sample.busy);
    if (now - m_spareSinceMs < m_options.shrinkAfterMs)
        return workers;
    const int target = std::max({m_range.min, m_peakBusy, workers / 2});
    // A new window either way: the next step down needs spare workers for another whole window.
    m_spareSinceMs = now;
    m_peakBusy = sample.busy;
    if (target < workers)
        m_lastChangeAtMs = now;
    return target;
}

} // namespace jobdeck
