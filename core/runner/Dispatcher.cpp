#include "Dispatcher.h"

#include "model/Clock.h"
#include "storage/JobStore.h"

#include <algorithm>
#include <cmath>

namespace jobdeck {

namespace {
constexpr int kMaxAheadFactor = 128;
constexpr double kAheadBudgetMs = 10.0; // keep about this much work in hand per worker
}

Dispatcher::Dispatcher(JobStore &store, const Clock &clock, Options options, StartJob start, Forward forward,
                       Release release)
    : m_store(store), m_clock(clock), m_options(std::move(options)), m_start(std::move(start)),
      m_forward(std::move(forward)), m_release(std::move(release))
{
}

void Dispatcher::setWorkers(int workers)
{
    {
        QMutexLocker lock(&m_mutex);
        m_options.workers = std::max(1, workers);
    }
    wake();
}

int Dispatcher::workers() const
{
    QMutexLocker lock(&m_mutex);
    return m_options.workers;
}

void Dispatcher::setPaused(bool paused)
{
    {
        QMutexLocker lock(&m_mutex);
        m_paused = paused;
    }
    wake();
}

bool Dispatcher::isPaused() const
{
    QMutexLocker lock(&m_mutex);
    return m_paused;
}

void Dispatcher::setQueues(const std::vector<QueueInfo> &queues)
{
    {
        QMutexLocker lock(&m_mutex);
        m_queues.clear();
        for (const QueueInfo &q : queues)
            m_queues.insert(q.name, q);
    }
    wake();
}

int Dispatcher::queueLimit(const QString &queue) const
{
    const auto it = m_queues.constFind(queue);
    if (it == m_queues.constEnd())
        return 0;
    return it->paused ? -1 : it->concurrency;
}

void Dispatcher::wake()
{
    std::vector<ClaimedJob> startable, lapsed;
    {
        QMutexLocker lock(&m_mutex);
        collectStartableLocked(startable, lapsed);
        claimLocked();
    }
    startAll(startable, lapsed);
}

void Dispatcher::claimLocked()
{
    if (m_stopped || m_paused)
        return;
    if (m_claimInFlight) {
        m_wakePending = true;
        return;
    }
    const int factor = std::clamp(int(std::ceil(kAheadBudgetMs / std::max(m_avgJobMs, 0.01))), 1, kMaxAheadFactor);
    const int wanted = m_options.workers * factor - m_running - int(m_inHand.size());
    // Claim in sizeable steps: a claim costs a transaction, so topping up one job at a time would waste it.
    if (wanted <= 0 || (factor > 1 && wanted < m_options.workers * factor / 2 && !m_inHand.empty()))
        return;

    ClaimJobs claim;
    claim.owner = m_options.owner;
    claim.nowMs = m_clock.nowMs();
    claim.leaseUntilMs = claim.nowMs + m_options.leaseMs;
    claim.limit = wanted;
    claim.workers = m_options.workers;
    claim.blockedQueues = blockedQueuesLocked(&claim.queueLimits);
    m_claimInFlight = true;
    m_wakePending = false;
    m_store.submit({std::move(claim)}, [this](const BatchResult &r) { onClaimed(r); });
}

QStringList Dispatcher::blockedQueuesLocked(QHash<QString, int> *limits) const
{
    QStringList blocked;
    for (auto it = m_queues.constBegin(); it != m_queues.constEnd(); ++it) {
        const QueueInfo &q = it.value();
        const int held = m_heldPerQueue.value(q.name);
        if (q.paused || (q.concurrency > 0 && held >= q.concurrency))
            blocked << q.name;
        else if (q.concurrency > 0 && limits)
            limits->insert(q.name, q.concurrency - held);
    }
    return blocked;
}

QStringList Dispatcher::blockedQueues() const
{
    QMutexLocker lock(&m_mutex);
    return blockedQueuesLocked();
}

void Dispatcher::onClaimed(const BatchResult &result)
{
    if (m_forward)
        m_forward(result);
    std::vector<ClaimedJob> startable, lapsed;
    {
        QMutexLocker lock(&m_mutex);
        m_claimInFlight = false;
        m_claimFailed = !result.ok;
        size_t claimed = 0;
        if (result.ok && !result.results.empty()) {
            for (const ClaimedJob &j : result.results.front().claimed) {
                // Claimed again after its lease lapsed here: the copy in hand is stale.
                const auto stale = std::find_if(m_inHand.begin(), m_inHand.end(),
                                                [&j](const ClaimedJob &held) { return held.id == j.id; });
                if (stale != m_inHand.end())
                    dropHeldLocked(stale);
                m_heldPerQueue[j.queue] += 1;
                m_inHand.push_back(j);
                ++claimed;
            }
            std::stable_sort(m_inHand.begin(), m_inHand.end(), [](const ClaimedJob &a, const ClaimedJob &b) {
                return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
            });
        }
        collectStartableLocked(startable, lapsed);
        // More may be waiting if the claim came back full or someone woke us meanwhile.
        if (result.ok && (m_wakePending || (claimed > 0 && m_inHand.size() < size_t(m_options.workers))))
            claimLocked();
    }
    startAll(startable, lapsed);
}

void Dispatcher::dropHeldLocked(std::deque<ClaimedJob>::iterator it)
{
    if (--m_heldPerQueue[it->queue] <= 0)
        m_heldPerQueue.remove(it->queue);
    m_inHand.erase(it);
}

void Dispatcher::collectStartableLocked(std::vector<ClaimedJob> &out, std::vector<ClaimedJob> &lapsed)
{
    if (m_stopped)
        return;
    const qint64 now = m_clock.nowMs();
    for (auto it = m_inHand.begin(); it != m_inHand.end();) {
        if (it->leaseUntilMs > 0 && it->leaseUntilMs <= now) {
            lapsed.push_back(std::move(*it));
            if (--m_heldPerQueue[lapsed.back().queue] <= 0)
                m_heldPerQueue.remove(lapsed.back().queue);
            it = m_inHand.erase(it);
            continue;
        }
        ++it;
    }
    if (m_paused)
        return;
    for (auto it = m_inHand.begin(); it != m_inHand.end() && m_running < m_options.workers;) {
        const int limit = queueLimit(it->queue);
        if (limit < 0 || (limit > 0 && m_runningPerQueue.value(it->queue) >= limit)) {
            ++it;
            continue;
        }
        ++m_running;
        m_runningPerQueue[it->queue] += 1;
        out.push_back(std::move(*it));
        it = m_inHand.erase(it);
    }
}

void Dispatcher::startAll(const std::vector<ClaimedJob> &jobs, const std::vector<ClaimedJob> &lapsed)
{
    if (!lapsed.empty() && m_release)
        m_release(lapsed);
    for (const ClaimedJob &j : jobs)
        m_start(j);
}

void Dispatcher::finished(const QString &queue, qint64 durationMs)
{
    std::vector<ClaimedJob> startable, lapsed;
    {
        QMutexLocker lock(&m_mutex);
        --m_running;
        if (--m_runningPerQueue[queue] <= 0)
            m_runningPerQueue.remove(queue);
        if (--m_heldPerQueue[queue] <= 0)
            m_heldPerQueue.remove(queue);
        m_avgJobMs = 0.9 * m_avgJobMs + 0.1 * double(std::max<qint64>(durationMs, 0));
        collectStartableLocked(startable, lapsed);
        claimLocked();
    }
    startAll(startable, lapsed);
}

std::vector<ClaimedJob> Dispatcher::stop()
{
    QMutexLocker lock(&m_mutex);
    m_stopped = true;
    std::vector<ClaimedJob> out(std::make_move_iterator(m_inHand.begin()), std::make_move_iterator(m_inHand.end()));
    for (const ClaimedJob &j : out) {
        if (--m_heldPerQueue[j.queue] <= 0)
            m_heldPerQueue.remove(j.queue);
    }
    m_inHand.clear();
    return out;
}

void Dispatcher::retryFailedClaim()
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_claimFailed)
            return;
    }
    wake();
}

bool Dispatcher::takeHeld(qint64 jobId)
{
    QMutexLocker lock(&m_mutex);
    const auto it = std::find_if(m_inHand.begin(), m_inHand.end(), [jobId](const ClaimedJob &j) { return j.id == jobId; });
    if (it == m_inHand.end())
        return false;
    dropHeldLocked(it);
    return true;
}

void Dispatcher::leasesRenewed(const std::vector<qint64> &jobIds, qint64 leaseUntilMs)
{
    QMutexLocker lock(&m_mutex);
    for (ClaimedJob &j : m_inHand) {
        if (std::find(jobIds.begin(), jobIds.end(), j.id) != jobIds.end())
            j.leaseUntilMs = std::max(j.leaseUntilMs, leaseUntilMs);
    }
}

std::vector<qint64> Dispatcher::heldIds() const
{
    QMutexLocker lock(&m_mutex);
    std::vector<qint64> ids;
    ids.reserve(m_inHand.size());
    for (const ClaimedJob &j : m_inHand)
        ids.push_back(j.id);
    return ids;
}

int Dispatcher::running() const
{
    QMutexLocker lock(&m_mutex);
    return m_running;
}

int Dispatcher::inHand() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_inHand.size());
}

bool Dispatcher::isIdle() const
{
    QMutexLocker lock(&m_mutex);
    return m_running == 0 && m_inHand.empty() && !m_claimInFlight;
}

} // namespace jobdeck
