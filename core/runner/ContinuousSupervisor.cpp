#include "ContinuousSupervisor.h"

#include "Engine.h"
#include "storage/StoreError.h"

namespace jobdeck {

namespace {
constexpr int kRetryClaimMs = 1000;      // after a claim the database refused
constexpr qint64 kLongestWaitMs = 60'000; // restart times are checked again at least this often
} // namespace

ContinuousSupervisor::ContinuousSupervisor(Engine &engine) : m_engine(engine)
{
    m_claimSoon.setSingleShot(true);
    m_claimSoon.setInterval(0);
    connect(&m_claimSoon, &QTimer::timeout, this, &ContinuousSupervisor::claim);
    m_restartTimer.setSingleShot(true);
    m_restartTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_restartTimer, &QTimer::timeout, this, [this] {
        m_restartAtMs = 0;
        claim();
    });
    connect(&m_engine, &Engine::jobsChanged, this, &ContinuousSupervisor::onEvents);
}

ContinuousSupervisor::~ContinuousSupervisor() = default;

void ContinuousSupervisor::setJobs(std::vector<ContinuousJob> jobs)
{
    m_jobs.clear();
    for (ContinuousJob &job : jobs) {
        const QString kind = job.spec.kind;
        m_jobs.insert(kind, std::move(job));
    }
    if (!m_active)
        return;
    stopOutdatedRuns();
    wake();
}

void ContinuousSupervisor::start()
{
    try {
        m_reader = m_engine.store().openReader();
    } catch (const StoreError &) {
        m_reader.reset(); // restart times then come from events and the periodic check only
    }
    m_active = true;
    claim();
}

void ContinuousSupervisor::stop()
{
    m_active = false;
    m_claimSoon.stop();
    m_restartTimer.stop();
    for (const auto &run : m_engine.runningJobs()) {
        if (run->job.continuous)
            run->cancel.cancel(CancelReason::Shutdown);
    }
}

void ContinuousSupervisor::wake()
{
    if (m_active && !m_jobs.isEmpty())
        m_claimSoon.start();
}

QStringList ContinuousSupervisor::kindsNotRunningHere() const
{
    QStringList kinds = m_jobs.keys();
    for (const auto &run : m_engine.runningJobs()) {
        if (run->job.continuous)
            kinds.removeAll(run->job.kind);
    }
    kinds.sort();
    return kinds;
}

void ContinuousSupervisor::stopOutdatedRuns()
{
    for (const auto &run : m_engine.runningJobs()) {
        if (!run->job.continuous)
            continue;
        const auto it = m_jobs.constFind(run->job.kind);
        if (it == m_jobs.constEnd() || it->revision != m_runRevision.value(run->job.id))
            run->cancel.cancel(CancelReason::Restart);
    }
}

void ContinuousSupervisor::claim()
{
    if (!m_active || m_engine.status() != Engine::Status::Running)
        return;
    if (m_claimInFlight) {
        m_claimAgain = true;
        return;
    }
    const QStringList kinds = kindsNotRunningHere();
    if (kinds.isEmpty())
        return;
    const qint64 now = m_engine.clock().nowMs();
    // Each job's row is enqueued once (its idempotency key) and then found again; a deleted row comes back.
    WriteBatch batch;
    QHash<QString, QByteArray> revisions;
    for (const QString &kind : kinds) {
        batch.push_back(EnqueueJob{m_jobs.value(kind).spec, now});
        revisions.insert(kind, m_jobs.value(kind).revision);
    }
    ClaimJobs claim;
    claim.owner = m_engine.runnerId();
    claim.nowMs = now;
    claim.leaseUntilMs = now + m_engine.options().leaseMs;
    claim.limit = int(kinds.size());
    claim.continuousKinds = kinds;
    batch.push_back(std::move(claim));
    m_claimInFlight = true;
    m_engine.submit(std::move(batch), [this, kinds, revisions](const BatchResult &result) {
        m_calls.post([this, result, kinds, revisions] { onClaimed(result, kinds, revisions); });
    });
}

void ContinuousSupervisor::onClaimed(const BatchResult &result, const QStringList &kinds,
                                     const QHash<QString, QByteArray> &revisions)
{
    m_claimInFlight = false;
    if (!result.ok || result.results.size() != size_t(kinds.size()) + 1) {
        restartAt(m_engine.clock().nowMs() + kRetryClaimMs);
        return;
    }
    QStringList unclaimed = kinds;
    for (const ClaimedJob &job : result.results.back().claimed) {
        unclaimed.removeAll(job.kind);
        if (!m_active || revisions.value(job.kind) != m_jobs.value(job.kind).revision || !m_jobs.contains(job.kind)) {
            release(job); // stopped, removed or changed while the claim was on its way
            continue;
        }
        m_runRevision.insert(job.id, revisions.value(job.kind));
        m_engine.runContinuous(job);
    }
    // The others wait for their restart time, run on another runner, or were stopped by a user.
    for (qsizetype i = 0; i < kinds.size() && m_reader; ++i) {
        if (!unclaimed.contains(kinds[i]))
            continue;
        try {
            const auto row = m_reader->job(result.results[size_t(i)].jobId);
            if (row && (row->state == JobState::Scheduled || row->state == JobState::Failed))
                restartAt(row->runAtMs);
        } catch (const StoreError &) {
            restartAt(m_engine.clock().nowMs() + kRetryClaimMs);
        }
    }
    if (m_claimAgain) {
        m_claimAgain = false;
        claim();
    }
}

void ContinuousSupervisor::release(const ClaimedJob &job)
{
    Transition t;
    t.jobId = job.id;
    t.from = {JobState::Running};
    t.to = JobState::Queued;
    t.reason = QStringLiteral("runner stopped or job definition changed before it started");
    t.atMs = m_engine.clock().nowMs();
    t.requireOwner = m_engine.runnerId();
    t.refundAttempt = true;
    m_engine.submit({t});
}

void ContinuousSupervisor::onEvents(const QList<JobEvent> &events)
{
    for (const JobEvent &e : events) {
        if (!m_jobs.contains(e.kind))
            continue;
        if (e.from == JobState::Running && !e.created)
            m_runRevision.remove(e.jobId);
        if (e.to == JobState::Queued)
            wake();
        else if ((e.to == JobState::Scheduled || e.to == JobState::Failed) && e.runAtMs > 0)
            restartAt(e.runAtMs);
    }
}

void ContinuousSupervisor::restartAt(qint64 atMs)
{
    if (!m_active || (m_restartAtMs != 0 && m_restartAtMs <= atMs && m_restartTimer.isActive()))
        return;
    m_restartAtMs = atMs;
    const qint64 wait = std::max<qint64>(0, atMs - m_engine.clock().nowMs());
    m_restartTimer.start(int(std::min(wait, kLongestWaitMs)));
}

} // namespace jobdeck
