#include "Engine.h"

#include "JobRunnable.h"
#include "LeaseKeeper.h"
#include "Pruner.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"

#include <QThread>
#include <algorithm>

namespace jobdeck {

namespace {
constexpr int kTickMs = 100;            // progress publication (10/s), timeouts, hang watchdog
constexpr qint64 kProgressWriteMs = 1000; // progress reaches the database at most once a second per job
}

Engine::Engine(JobStore &store, const HandlerRegistry &handlers, EngineOptions options, const Clock &clock,
               QObject *parent)
    : QObject(parent), m_store(store), m_handlers(handlers), m_options(std::move(options)), m_clock(clock),
      m_resolver(m_options.retry, QString())
{
    if (m_options.workers <= 0)
        m_options.workers = std::max(1, QThread::idealThreadCount());
    if (m_options.runnerId.isEmpty())
        m_options.runnerId = LeaseKeeper::makeRunnerId();
    m_resolver = AttemptResolver(m_options.retry, m_options.runnerId);
    m_pool.setObjectName(QStringLiteral("jobdeck-workers"));
    m_pool.setMaxThreadCount(m_options.workers);
    m_pool.setExpiryTimeout(-1);
    m_leases = std::make_unique<LeaseKeeper>(m_options.runnerId, m_options.leaseMs);
    m_dispatcher = std::make_unique<Dispatcher>(
        m_store, m_clock, Dispatcher::Options{m_options.runnerId, m_options.workers, m_options.leaseMs},
        [this](const ClaimedJob &job) { startJob(job); }, [this](const BatchResult &r) { forward(r); });
    m_scheduler = std::make_unique<Scheduler>(*this, m_options.scheduler);

    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &Engine::tick);
    m_dueTimer.setSingleShot(true);
    m_dueTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dueTimer, &QTimer::timeout, this, [this] {
        m_dueAtMs = 0;
        m_dispatcher->wake();
        guarded([this] { scheduleDue(m_reader ? m_reader->earliestDueMs() : 0); });
    });
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, &Engine::checkStopProgress);
}

Engine::~Engine()
{
    if (m_status == Status::Running || m_status == Status::Stopping)
        stopAndWait();
    m_store.setExternalChangeCallback({});
}

void Engine::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_status == Status::Running)
        return;
    const qint64 now = m_clock.nowMs();
    try {
        m_reader = m_store.openReader();
        if (m_options.runsJobs) {
            const BatchResult registered = m_store.apply({m_leases->registration(m_options.workers, now)});
            if (!registered.ok)
                throw StoreError(registered.error);
            // Jobs of runners that died are recovered now rather than when their leases run out.
            m_store.apply({m_leases->recovery(*m_reader, now)});
        }
        m_status = Status::Running;
        reloadConfig();
    } catch (const StoreError &e) {
        m_status = Status::Idle;
        Q_EMIT storeFailed(e.message());
        return;
    }
    if (!m_options.runsJobs) {
        // A console only follows: other processes' commits reach its views as external changes.
        m_store.setExternalChangeCallback(
            [this] { QMetaObject::invokeMethod(this, &Engine::onExternalChange, Qt::QueuedConnection); });
        return;
    }
    m_store.setExternalChangeCallback([this] {
        m_dispatcher->wake(); // straight from the writer thread: another process's enqueue starts at once
        QMetaObject::invokeMethod(this, &Engine::onExternalChange, Qt::QueuedConnection);
    });
    m_tick.start();
    m_dispatcher->wake();
    guarded([this] { scheduleDue(m_reader->earliestDueMs()); });
    m_pruner = std::make_unique<Pruner>(
        [this](WriteBatch batch, JobStore::Done done) { submit(std::move(batch), std::move(done)); }, *m_reader, m_clock);
    connect(m_pruner.get(), &Pruner::pruned, this, &Engine::pruned);
    connect(m_pruner.get(), &Pruner::failed, this, &Engine::storeFailed);
    m_pruner->start();
    m_scheduler->start();
}

void Engine::reloadConfig()
{
    m_dispatcher->setQueues(m_reader->queues());
    const bool paused = m_reader->setting(QStringLiteral("paused"), QStringLiteral("0")) == QLatin1String("1");
    if (paused != m_dispatcher->isPaused()) {
        m_dispatcher->setPaused(paused);
        Q_EMIT pausedChanged(paused);
    }
}

void Engine::setPaused(bool paused)
{
    m_store.apply({SetSetting{QStringLiteral("paused"), paused ? QStringLiteral("1") : QStringLiteral("0")}});
    if (paused != m_dispatcher->isPaused()) {
        m_dispatcher->setPaused(paused);
        Q_EMIT pausedChanged(paused);
    }
}

bool Engine::isPaused() const
{
    return m_dispatcher->isPaused();
}

void Engine::setWorkers(int workers)
{
    workers = std::max(1, workers);
    if (workers == m_options.workers)
        return;
    m_options.workers = workers;
    QMutexLocker lock(&m_runningMutex);
    m_pool.setMaxThreadCount(m_options.workers + m_abandoned);
    lock.unlock();
    m_dispatcher->setWorkers(m_options.workers);
    // The runners table says how many workers serve the database (health, other consoles).
    if (m_options.runsJobs && m_status == Status::Running)
        submit({m_leases->registration(m_options.workers, m_clock.nowMs())});
    Q_EMIT workersChanged(m_options.workers);
}

void Engine::pruneNow()
{
    if (m_pruner)
        m_pruner->pruneNow();
}

int Engine::workers() const
{
    return m_options.workers;
}

int Engine::abandonedWorkers() const
{
    QMutexLocker lock(&m_runningMutex);
    return m_abandoned;
}

int Engine::busyWorkers() const
{
    return m_dispatcher->running();
}

bool Engine::isIdle() const
{
    return m_dispatcher->isIdle();
}

std::vector<std::shared_ptr<RunState>> Engine::runningJobs() const
{
    QMutexLocker lock(&m_runningMutex);
    std::vector<std::shared_ptr<RunState>> out;
    out.reserve(size_t(m_running.size()));
    for (const auto &s : m_running)
        out.push_back(s);
    return out;
}

void Engine::submit(WriteBatch batch, JobStore::Done done)
{
    // The dispatcher keeps a copy of the queue settings and the pause. Another process's change reaches it as an
    // external change, but our own writes do not count as one, so a queue resumed here would stay blocked.
    const bool configChanged = std::any_of(batch.cbegin(), batch.cend(), [](const Mutation &m) {
        return std::holds_alternative<ConfigureQueue>(m) || std::holds_alternative<SetSetting>(m);
    });
    // Likewise the scheduler keeps the schedules in memory and hears only of other processes' changes.
    const bool schedulesEdited = std::any_of(batch.cbegin(), batch.cend(), [](const Mutation &m) {
        return std::holds_alternative<SaveSchedule>(m) || std::holds_alternative<DeleteSchedule>(m)
            || std::holds_alternative<SetScheduleState>(m) || std::holds_alternative<SaveCalendar>(m);
    });
    m_store.submit(std::move(batch), [this, configChanged, schedulesEdited, done = std::move(done)](const BatchResult &r) {
        forward(r);
        if (schedulesEdited && r.ok)
            QMetaObject::invokeMethod(this, &Engine::schedulesChanged, Qt::QueuedConnection);
        if (configChanged && r.ok) {
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (m_status == Status::Running)
                        reloadConfig();
                },
                Qt::QueuedConnection);
        }
        if (done)
            done(r);
    });
}

bool Engine::cancelHere(qint64 jobId)
{
    {
        QMutexLocker lock(&m_runningMutex);
        const auto it = m_running.constFind(jobId);
        if (it != m_running.constEnd()) {
            (*it)->cancel.cancel(CancelReason::User);
            return true;
        }
    }
    if (!m_dispatcher->takeHeld(jobId))
        return false;
    // Claimed ahead but not started: nothing to stop, so it is cancelled outright.
    Transition t;
    t.jobId = jobId;
    t.from = {JobState::Running};
    t.to = JobState::Cancelled;
    t.reason = QStringLiteral("cancelled by user before it started");
    t.atMs = m_clock.nowMs();
    t.requireOwner = m_options.runnerId;
    submit({t});
    return true;
}

void Engine::cancel(qint64 jobId, std::function<void(const MutationResult &)> done)
{
    const bool runningHere = cancelHere(jobId);
    submit({RequestCancel{jobId, QStringLiteral("cancelled by user"), m_clock.nowMs()}},
           [done, runningHere](const BatchResult &r) {
               if (!done)
                   return;
               MutationResult result;
               result.applied = false;
               if (r.ok && !r.results.empty())
                   result = r.results.front();
               // The worker may close the attempt as cancelled before this write commits, leaving no running
               // job to flag; the request still reached the job, so it must not be reported as refused.
               if (r.ok && runningHere && !result.applied) {
                   result.applied = true;
                   result.cancelRequested = true;
               }
               done(result);
           });
}

void Engine::startJob(const ClaimedJob &job)
{
    auto state = std::make_shared<RunState>(job);
    {
        QMutexLocker lock(&m_runningMutex);
        m_running.insert(job.id, state);
    }
    m_pool.start(new JobRunnable(*this, state));
}

void Engine::attemptStarted(const std::shared_ptr<RunState> &state)
{
    const qint64 now = m_clock.nowMs();
    state->startedAtMs = now;
    const ClaimedJob &j = state->job;
    submit({StartAttempt{j.id, j.attemptNumber, now, m_options.runnerId, state->worker, !j.checkpoint.isEmpty()}});
}

void Engine::attemptEnded(const std::shared_ptr<RunState> &state, const AttemptEnd &end)
{
    if (state->finished.exchange(true)) {
        // The hang watchdog gave up on this handler and already closed its attempt; hand its thread back.
        QMutexLocker lock(&m_runningMutex);
        --m_abandoned;
        m_pool.setMaxThreadCount(m_options.workers + m_abandoned);
        return;
    }
    const qint64 now = m_clock.nowMs();
    submit({m_resolver.resolve(state->job, end, now, state->job.timeoutMs)});
    {
        QMutexLocker lock(&m_runningMutex);
        // The job may already run again (requeued at once); that run's state is not ours to remove.
        if (m_running.value(state->job.id) == state)
            m_running.remove(state->job.id);
    }
    m_dispatcher->finished(state->job.queue, now - state->startedAtMs);
    if (m_status == Status::Stopping)
        QMetaObject::invokeMethod(this, &Engine::checkStopProgress, Qt::QueuedConnection);
}

void Engine::forward(const BatchResult &result)
{
    if (!result.ok) {
        QMetaObject::invokeMethod(this, [this, e = result.error] { Q_EMIT storeFailed(e); }, Qt::QueuedConnection);
        return;
    }
    if (result.events.empty())
        return;
    QMutexLocker lock(&m_eventMutex);
    for (const JobEvent &e : result.events)
        m_pendingEvents.append(e);
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &Engine::flushEvents, Qt::QueuedConnection);
    }
}

void Engine::flushEvents()
{
    QList<JobEvent> events;
    {
        QMutexLocker lock(&m_eventMutex);
        events.swap(m_pendingEvents);
        m_flushScheduled = false;
    }
    qint64 due = 0;
    bool wake = false;
    for (const JobEvent &e : events) {
        if (e.removed)
            continue;
        if ((e.to == JobState::Scheduled || e.to == JobState::Failed) && e.runAtMs > 0)
            due = due == 0 ? e.runAtMs : std::min(due, e.runAtMs);
        if (e.to == JobState::Queued)
            wake = true;
    }
    if (m_status == Status::Running && m_options.runsJobs) {
        if (due)
            scheduleDue(due);
        if (wake)
            m_dispatcher->wake();
    }
    if (!events.isEmpty())
        Q_EMIT jobsChanged(events);
}

void Engine::scheduleDue(qint64 dueMs)
{
    if (dueMs <= 0 || m_status != Status::Running || !m_options.runsJobs)
        return;
    if (m_dueAtMs != 0 && m_dueAtMs <= dueMs && m_dueTimer.isActive())
        return;
    m_dueAtMs = dueMs;
    const qint64 wait = std::max<qint64>(0, dueMs - m_clock.nowMs());
    m_dueTimer.start(int(std::min<qint64>(wait, 60'000))); // re-checked at least every minute
}

void Engine::onExternalChange()
{
    if (m_status != Status::Running)
        return;
    guarded([this] { readExternalChange(); });
}

void Engine::guarded(const std::function<void()> &work)
{
    // Reads on the main thread can fail (a locked or vanished database); that is reported, never fatal.
    try {
        work();
    } catch (const StoreError &e) {
        Q_EMIT storeFailed(e.message());
    }
}

void Engine::readExternalChange()
{
    reloadConfig();
    for (qint64 id : m_reader->cancelRequests(m_options.runnerId))
        cancelHere(id);
    scheduleDue(m_reader->earliestDueMs());
    Q_EMIT externalChange();
}

void Engine::tick()
{
    const qint64 now = m_clock.nowMs();
    WriteBatch progressWrites;
    std::vector<std::shared_ptr<RunState>> hung;
    for (const auto &s : runningJobs()) {
        double fraction = 0;
        QString text;
        if (s->takeProgress(fraction, text)) {
            Q_EMIT progressChanged(s->job.id, fraction, text);
            qint64 &written = m_progressWrittenAtMs[s->job.id];
            if (now - written >= kProgressWriteMs) {
                written = now;
                progressWrites.push_back(SaveProgress{s->job.id, fraction, text});
            }
        }
        const qint64 started = s->startedAtMs.load();
        if (started > 0 && s->job.timeoutMs > 0 && now - started > s->job.timeoutMs)
            s->cancel.cancel(CancelReason::Timeout);
        if (s->cancel.isCancelled()) {
            qint64 expected = 0;
            s->cancelSeenAtMs.compare_exchange_strong(expected, now);
            if (now - s->cancelSeenAtMs.load() > hangGraceFor(*s))
                hung.push_back(s);
        }
    }
    if (!progressWrites.empty())
        m_store.submit(std::move(progressWrites));

    const int ticksPerHeartbeat = std::max<int>(1, int(m_options.leaseMs / 3 / kTickMs));
    // Leases are kept alive while stopping too: running jobs may take stoppingWaitMs to finish.
    if ((m_status == Status::Running || m_status == Status::Stopping) && ++m_heartbeatTicks >= ticksPerHeartbeat) {
        m_heartbeatTicks = 0;
        std::vector<qint64> held = m_dispatcher->heldIds();
        for (const auto &s : runningJobs())
            held.push_back(s->job.id);
        guarded([&] { submit({m_leases->heartbeat(now, std::move(held)), m_leases->recovery(*m_reader, now)}); });
    }
    // A handler that ignores cancellation cannot be stopped; its attempt is closed and its worker replaced.
    for (const auto &s : hung) {
        AttemptEnd end;
        end.kind = AttemptEnd::Kind::Cancelled;
        end.cancelReason = s->cancel.reason();
        {
            QMutexLocker lock(&m_runningMutex);
            ++m_abandoned;
            m_pool.setMaxThreadCount(m_options.workers + m_abandoned);
        }
        attemptEnded(s, end);
    }
    if (m_status == Status::Running)
        m_dispatcher->retryFailedClaim();
    for (auto it = m_progressWrittenAtMs.begin(); it != m_progressWrittenAtMs.end();) {
        QMutexLocker lock(&m_runningMutex);
        it = m_running.contains(it.key()) ? std::next(it) : m_progressWrittenAtMs.erase(it);
    }
}

qint64 Engine::hangGraceFor(const RunState &state) const
{
    return m_options.hangGraceMs + state.stopGraceMs.load();
}

void Engine::releaseInHand()
{
    WriteBatch releases;
    for (const ClaimedJob &j : m_dispatcher->stop()) {
        Transition t;
        t.jobId = j.id;
        t.from = {JobState::Running};
        t.to = JobState::Queued;
        t.reason = QStringLiteral("runner stopped before starting it");
        t.atMs = m_clock.nowMs();
        t.requireOwner = m_options.runnerId;
        t.refundAttempt = true;
        releases.push_back(t);
    }
    if (!releases.empty())
        submit(std::move(releases));
}

void Engine::stop()
{
    if (m_status != Status::Running) {
        if (m_status == Status::Idle) {
            m_status = Status::Stopped;
            Q_EMIT stopped();
        }
        return;
    }
    m_scheduler->stop();
    m_status = Status::Stopping;
    m_dueTimer.stop();
    releaseInHand();
    m_stopCancelledAtMs = 0;
    m_stopTimer.start(int(std::min<qint64>(m_options.stoppingWaitMs, INT_MAX)));
    checkStopProgress();
}

void Engine::checkStopProgress()
{
    if (m_status != Status::Stopping)
        return;
    const auto running = runningJobs();
    if (running.empty() && m_dispatcher->running() == 0) {
        finishStop();
        return;
    }
    if (m_stopTimer.isActive())
        return; // still within stopping_wait_time
    const qint64 now = m_clock.nowMs();
    if (m_stopCancelledAtMs == 0) {
        m_stopCancelledAtMs = now;
        qint64 grace = m_options.hangGraceMs;
        for (const auto &s : running) {
            s->cancel.cancel(CancelReason::Shutdown);
            grace = std::max(grace, hangGraceFor(*s));
        }
        m_stopTimer.start(int(std::min<qint64>(grace, INT_MAX)));
        return;
    }
    // Handlers that ignore cancellation: close their attempts so the jobs go back to the queue.
    for (const auto &s : running) {
        AttemptEnd end;
        end.kind = AttemptEnd::Kind::Cancelled;
        end.cancelReason = CancelReason::Shutdown;
        {
            QMutexLocker lock(&m_runningMutex);
            ++m_abandoned;
        }
        attemptEnded(s, end);
    }
    finishStop();
}

void Engine::finishStop()
{
    m_tick.stop();
    m_stopTimer.stop();
    if (m_pruner)
        m_pruner->stop();
    m_store.setExternalChangeCallback({});
    m_store.flush();
    m_pruner.reset(); // its last batch, if any, has committed
    if (m_options.runsJobs) {
        releaseInHand(); // a claim that was in flight when the stop began
        m_store.apply({RetireRunner{m_options.runnerId, m_clock.nowMs()}});
    }
    flushEvents();
    m_status = Status::Stopped;
    Q_EMIT stopped();
}

void Engine::stopAndWait()
{
    if (m_status != Status::Running && m_status != Status::Stopping)
        return;
    m_scheduler->stop();
    if (m_status == Status::Running) {
        m_status = Status::Stopping;
        releaseInHand();
    }
    for (const auto &s : runningJobs())
        s->cancel.cancel(CancelReason::Shutdown);
    m_pool.waitForDone(int(std::min<qint64>(m_options.hangGraceMs, INT_MAX)));
    m_stopTimer.stop();
    m_stopCancelledAtMs = 1;
    checkStopProgress();
    if (m_status != Status::Stopped)
        finishStop();
}

} // namespace jobdeck
