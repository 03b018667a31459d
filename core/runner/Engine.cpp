#include "Engine.h"

#include <QMetaMethod>

#include "ClaimableWait.h"
#include "ContinuousSupervisor.h"
#include "callbacks/CallbackDeliverer.h"
#include "JobRunnable.h"
#include "LeaseKeeper.h"
#include "Pruner.h"
#include "schedule/Scheduler.h"
#include "storage/ReadThread.h"
#include "storage/StoreError.h"
#include "watch/WatchService.h"

#include <QThread>
#include <algorithm>
#include <future>

namespace jobdeck {

namespace {
constexpr int kTickMs = 100;            // progress publication (10/s), timeouts, hang watchdog
constexpr qint64 kProgressWriteMs = 1000; // progress reaches the database at most once a second per job
constexpr int kMaxContinuousJobs = 256;
constexpr int kTicksPerAutoscaleRead = 5; // the oldest wait is read at most twice a second
}

Engine::Engine(JobStore &store, const HandlerRegistry &handlers, EngineOptions options, const Clock &clock,
               QObject *parent)
    : QObject(parent), m_store(store), m_handlers(handlers), m_options(std::move(options)), m_clock(clock),
      m_resolver(m_options.retry, QString(), m_options.restart)
{
    if (m_options.workers <= 0)
        m_options.workers = std::max(1, QThread::idealThreadCount());
    if (m_options.runnerId.isEmpty())
        m_options.runnerId = LeaseKeeper::makeRunnerId();
    m_resolver = AttemptResolver(m_options.retry, m_options.runnerId, m_options.restart);
    if (m_options.runsJobs && m_options.maxWorkers > m_options.workers) {
        const WorkerRange range{m_options.workers, std::min(m_options.maxWorkers, WorkerRange::kMostWorkers)};
        m_autoscaler = std::make_unique<WorkerAutoscaler>(range, m_options.autoscale, m_clock);
    }
    m_workers = m_options.workers;
    m_pool.setObjectName(QStringLiteral("jobdeck-workers"));
    m_pool.setMaxThreadCount(m_options.workers);
    // Threads live as long as the engine: a program a job started is killed when the thread that started it ends.
    m_pool.setExpiryTimeout(-1);
    m_continuousPool.setObjectName(QStringLiteral("jobdeck-continuous"));
    m_continuousPool.setMaxThreadCount(kMaxContinuousJobs);
    m_continuousPool.setExpiryTimeout(-1);
    m_leases = std::make_unique<LeaseKeeper>(m_options.runnerId, m_options.leaseMs);
    if (m_options.runsJobs) {
        m_continuous = std::make_unique<ContinuousSupervisor>(*this);
        m_dispatcher = std::make_unique<Dispatcher>(
            m_store, m_clock, Dispatcher::Options{m_options.runnerId, m_options.workers, m_options.leaseMs},
            [this](const ClaimedJob &job) { startJob(job); }, [this](const BatchResult &r) { forward(r); },
            [this](const std::vector<ClaimedJob> &jobs) {
                release(jobs, QStringLiteral("its lease lapsed before it started (the database was busy); back in the queue"));
            });
    }
    m_scheduler = std::make_unique<Scheduler>(*this, m_options.scheduler);
    if (m_options.runsJobs)
        m_watchService = std::make_unique<WatchService>(*this);

    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &Engine::tick);
    m_dueTimer.setSingleShot(true);
    m_dueTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dueTimer, &QTimer::timeout, this, [this] {
        m_dueAtMs = 0;
        if (m_dispatcher)
            m_dispatcher->wake();
        guarded([this] { scheduleDue(m_reader ? m_reader->earliestDueMs() : 0); });
    });
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, &Engine::checkStopProgress);
}

Engine::~Engine()
{
    if (status() == Status::Running || status() == Status::Stopping)
        stopAndWait();
    m_store.setExternalChangeCallback({});
    // Every worker is out of the engine before its members go (the pools would wait in their own destructors,
    // after the members they use are gone).
    m_pool.waitForDone();
    m_continuousPool.waitForDone();
    [[maybe_unused]] const qint64 left = m_workersLeft.load(std::memory_order_acquire);
}

void Engine::setStatus(Status next)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const Status now = m_status.load();
    [[maybe_unused]] const bool allowed = (now == Status::Idle && (next == Status::Running || next == Status::Stopped))
        || (now == Status::Running && next == Status::Stopping) || (now == Status::Stopping && next == Status::Stopped);
    Q_ASSERT_X(allowed, "Engine::setStatus", "a change of status the life cycle does not have");
    m_status = next;
}

void Engine::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (status() != Status::Idle)
        return;
    const qint64 now = m_clock.nowMs();
    try {
        m_reader = m_store.openReader();
        reloadConfig();
        if (m_options.runsJobs)
            submitRegistration(now);
    } catch (const StoreError &e) {
        Q_EMIT storeFailed(e.message());
        return;
    }
    setStatus(Status::Running);
    if (!m_options.runsJobs) {
        // A console only follows: other processes' commits reach its views as external changes.
        m_store.setExternalChangeCallback(
            [this] { m_calls.post([this] { onExternalChange(); }); });
        return;
    }
    m_store.setExternalChangeCallback([this] {
        m_dispatcher->wake(); // straight from the writer thread: another process's enqueue starts at once
        m_calls.post([this] { onExternalChange(); });
    });
    if (m_autoscaler)
        m_autoscaleReads = std::make_unique<ReadThread>(m_store);
    m_tick.start();
    m_dispatcher->wake();
    m_continuous->start();
    guarded([this] { scheduleDue(m_reader->earliestDueMs()); });
    m_pruner = std::make_unique<Pruner>(
        [this](WriteBatch batch, JobStore::Done done) { submit(std::move(batch), std::move(done)); }, *m_reader, m_clock);
    connect(m_pruner.get(), &Pruner::pruned, this, &Engine::pruned);
    connect(m_pruner.get(), &Pruner::failed, this, &Engine::storeFailed);
    m_pruner->start();
    m_scheduler->start();
    m_callbacks = std::make_unique<CallbackDeliverer>(*this, *m_reader, m_options.callbacks, m_options.retry);
    connect(m_callbacks.get(), &CallbackDeliverer::failed, this, &Engine::storeFailed);
    // A job that ends here, or in another process (a cancel from the command line), may have a callback.
    connect(this, &Engine::jobsChanged, m_callbacks.get(), [this](const QList<JobEvent> &events) {
        if (std::any_of(events.cbegin(), events.cend(), [](const JobEvent &e) { return !e.removed && isFinal(e.to) && e.from != e.to; }))
            m_callbacks->wake();
    });
    connect(this, &Engine::externalChange, m_callbacks.get(), &CallbackDeliverer::wake);
    m_callbacks->start();
    m_watchService->start();
}

void Engine::submitRegistration(qint64 nowMs)
{
    m_registering = true;
    // Submitted, not awaited: another process holding the write lock must not freeze the window that starts
    // us. The writer takes requests in order, so every claim, lease and schedule firing of this runner commits
    // after its registration, and the jobs of runners that died are recovered before this one claims.
    const int workers = this->workers();
    submit({m_leases->registration(workers, nowMs), m_leases->recovery(*m_reader, nowMs)}, [this, workers](const BatchResult &r) {
        m_registered = r.ok; // read by a stop that flushed the writer, before the call below runs
        m_calls.post([this, r, workers] { registrationDone(r, workers); });
    });
}

void Engine::registrationDone(const BatchResult &result, int workers)
{
    m_registering = false;
    if (result.ok)
        m_registeredWorkers = workers;
    if (!result.ok) {
        // Claims fail until it is registered; the tick tries again (a locked database is usually transient).
        Q_EMIT storeFailed(result.error);
        return;
    }
    Q_EMIT registered();
}

void Engine::reloadConfig()
{
    const bool paused = m_reader->setting(QStringLiteral("paused"), QStringLiteral("0")) == QLatin1String("1");
    // Followers first: the jobs folder reads its definitions here, and the dispatcher, once told, may claim a job
    // of one of them and hand it to a worker at once.
    Q_EMIT configChanged();
    if (m_dispatcher) {
        m_dispatcher->setQueues(m_reader->queues());
        m_dispatcher->setPaused(paused);
    }
    if (paused != m_paused) {
        m_paused = paused;
        Q_EMIT pausedChanged(paused);
    }
    if (m_continuous)
        m_continuous->wake(); // a resumed queue or runner, or a continuous job requeued elsewhere
}

void Engine::setPaused(bool paused)
{
    // The claims of every runner read the setting in their own transactions; here it applies at once.
    submit({SetSetting{QStringLiteral("paused"), paused ? QStringLiteral("1") : QStringLiteral("0")}});
    if (m_dispatcher)
        m_dispatcher->setPaused(paused);
    if (paused != m_paused) {
        m_paused = paused;
        Q_EMIT pausedChanged(paused);
    }
    if (m_continuous)
        m_continuous->wake();
}

void Engine::setContinuousJobs(std::vector<ContinuousJob> jobs)
{
    if (m_continuous)
        m_continuous->setJobs(std::move(jobs));
}

void Engine::runContinuous(const ClaimedJob &job)
{
    Q_ASSERT(job.continuous && m_options.runsJobs);
    auto state = std::make_shared<RunState>(job);
    m_running.add(state);
    m_continuousPool.start(new JobRunnable(*this, state));
}

bool Engine::isPaused() const
{
    return m_paused;
}

void Engine::resizePool()
{
    m_pool.setMaxThreadCount(m_workers.load() + m_running.abandoned());
}

void Engine::setWorkers(int workers)
{
    m_autoscaler.reset();
    resize(workers);
}

WorkerRange Engine::workerRange() const
{
    return m_autoscaler ? m_autoscaler->range() : WorkerRange{workers(), workers()};
}

void Engine::resize(int workers)
{
    workers = std::max(1, workers);
    if (workers == m_workers.load())
        return;
    m_workers = workers;
    resizePool();
    if (m_dispatcher) {
        m_dispatcher->setWorkers(workers);
        if (status() == Status::Running)
            submitWorkerCount(workers);
    }
    Q_EMIT workersChanged(workers);
}

void Engine::submitWorkerCount(int workers)
{
    m_workerCountInFlight = true;
    // The registration's upsert, which changes nothing else of a registered runner.
    submit({m_leases->registration(workers, m_clock.nowMs())}, [this, workers](const BatchResult &r) {
        m_calls.post([this, workers, ok = r.ok] {
            m_workerCountInFlight = false;
            if (ok)
                m_registeredWorkers = workers;
        });
    });
}

void Engine::autoscale()
{
    const int workers = m_workers.load();
    const int busy = busyWorkers();
    if (!m_paused && m_autoscaler->mayGrow(workers, busy)) {
        // Only a pool that is full and allowed to grow needs the wait, read on a thread of its own: the engine may
        // run on the window's thread, which must not wait for the database.
        if (m_autoscaleReadInFlight || ++m_autoscaleTicks < kTicksPerAutoscaleRead)
            return;
        m_autoscaleTicks = 0;
        m_autoscaleReadInFlight = true;
        const qint64 now = m_clock.nowMs();
        m_autoscaleReads->read<qint64>(
            this,
            [now, blocked = m_dispatcher->blockedQueues()](StoreReader &reader) {
                return ClaimableWait::oldestWaitMs(reader, now, blocked);
            },
            [this](const qint64 &wait) {
                m_autoscaleReadInFlight = false;
                applyAutoscale(wait);
            },
            [this](const QString &message) {
                m_autoscaleReadInFlight = false;
                Q_EMIT storeFailed(message);
            });
        return;
    }
    m_autoscaleTicks = kTicksPerAutoscaleRead; // the first tick with a full pool reads at once
    applyAutoscale(0);
}

void Engine::applyAutoscale(qint64 oldestWaitMs)
{
    if (!m_autoscaler || status() != Status::Running)
        return;
    resize(m_autoscaler->decide({m_workers.load(), busyWorkers(), oldestWaitMs}));
}

void Engine::pruneNow()
{
    if (m_pruner)
        m_pruner->pruneNow();
}

int Engine::workers() const
{
    return m_workers.load();
}

int Engine::abandonedWorkers() const
{
    return m_running.abandoned();
}

int Engine::busyWorkers() const
{
    return m_dispatcher ? m_dispatcher->running() : 0;
}

bool Engine::isIdle() const
{
    return !m_dispatcher || m_dispatcher->isIdle();
}

std::vector<std::shared_ptr<RunState>> Engine::runningJobs() const
{
    return m_running.snapshot();
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
    const bool watchesEdited = std::any_of(batch.cbegin(), batch.cend(), [](const Mutation &m) {
        return std::holds_alternative<SaveWatch>(m) || std::holds_alternative<DeleteWatch>(m)
            || std::holds_alternative<SetWatchPaused>(m);
    });
    m_store.submit(std::move(batch), [this, configChanged, schedulesEdited, watchesEdited,
                                      done = std::move(done)](const BatchResult &r) {
        forward(r);
        if (schedulesEdited && r.ok)
            m_calls.post([this] { Q_EMIT schedulesChanged(); });
        if (watchesEdited && r.ok)
            m_calls.post([this] { Q_EMIT watchesChanged(); });
        if (configChanged && r.ok) {
            m_calls.post([this] {
                if (status() == Status::Running)
                    guarded([this] { reloadConfig(); });
            });
        }
        if (done)
            done(r);
    });
}

void Engine::submit(WriteBatch batch, const QObject *context, Callback then)
{
    submit(std::move(batch), onMainThread<BatchResult>(context, std::move(then)));
}

void Engine::cancel(qint64 jobId, const QObject *context, std::function<void(const MutationResult &)> then)
{
    cancel(jobId, onMainThread<MutationResult>(context, std::move(then)));
}

void Engine::cancelBatch(qint64 batchId, const QObject *context, Callback then)
{
    auto done = onMainThread<BatchResult>(context, std::move(then));
    submit({CancelJobBatch{batchId, m_clock.nowMs()}}, [this, done](const BatchResult &r) {
        if (r.ok && !r.results.empty() && !r.results.front().jobIds.empty()) {
            m_calls.post([this, running = r.results.front().jobIds] {
                for (const qint64 id : running)
                    cancelHere(id);
            });
        }
        if (done)
            done(r);
    });
}

bool Engine::cancelHere(qint64 jobId)
{
    if (const auto run = m_running.find(jobId)) {
        run->cancel.cancel(CancelReason::User);
        return true;
    }
    if (!m_dispatcher || !m_dispatcher->takeHeld(jobId))
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
           [this, jobId, done, runningHere](const BatchResult &r) {
               MutationResult result;
               result.applied = false;
               if (r.ok && !r.results.empty())
                   result = r.results.front();
               // Claimed here while the request was on its way (the claim committed first, so its job reaches
               // this runner's hands first too): a flag in the database alone would not stop it.
               if (result.cancelRequested && !runningHere)
                   m_calls.post([this, jobId] { cancelHere(jobId); });
               if (!done)
                   return;
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
    m_running.add(state);
    m_pool.start(new JobRunnable(*this, state));
}

bool Engine::attemptStarted(const std::shared_ptr<RunState> &state)
{
    const qint64 now = m_clock.nowMs();
    state->startedAtMs = now;
    const ClaimedJob &j = state->job;
    const StartAttempt start{j.id, j.attemptNumber, now, m_options.runnerId, state->worker, !j.checkpoint.isEmpty()};
    // The attempt opens only while the lease is still ours (checked in the start's transaction). A lease renewed
    // recently cannot have been taken by anyone, so the handler starts at once and a refusal (which would take a
    // clock that jumped) stops it. A lease the writer could not renew for a while may lapse before the start
    // commits: then the handler waits for the commit, so it never runs beside another runner's copy.
    const bool fresh = j.leaseUntilMs == 0 || j.leaseUntilMs - now > m_options.leaseMs / 2;
    if (fresh) {
        submit({start}, [state](const BatchResult &r) {
            if (r.ok && !r.results.empty() && !r.results.front().applied)
                state->cancel.cancel(CancelReason::LeaseLost);
        });
        return true;
    }
    auto opened = std::make_shared<std::promise<bool>>();
    std::future<bool> result = opened->get_future();
    submit({start}, [opened](const BatchResult &r) {
        opened->set_value(r.ok && !r.results.empty() && r.results.front().applied);
    });
    return result.get();
}

void Engine::runRefused(const std::shared_ptr<RunState> &state)
{
    state->finished = true;
    m_running.remove(state);
    if (!state->job.continuous)
        m_dispatcher->finished(state->job.queue, 0);
    if (status() == Status::Stopping)
        m_calls.post([this] { checkStopProgress(); });
}

void Engine::attemptEnded(const std::shared_ptr<RunState> &state, const AttemptEnd &end)
{
    if (state->finished.exchange(true)) {
        // The hang watchdog gave up on this handler and already closed its attempt; hand its thread back.
        m_running.reclaim();
        resizePool();
        return;
    }
    const qint64 now = m_clock.nowMs();
    // The lines written since the last tick reach live followers before the attempt's end does.
    int dropped = 0;
    if (QList<LogLine> lines = state->takeLogs(&dropped); !lines.isEmpty() || dropped > 0) {
        m_calls.post([this, id = state->job.id, lines, dropped] { Q_EMIT logged(id, lines, dropped); });
    }
    AttemptEnd ended = end;
    ended.durationMs = now - state->startedAtMs;
    submit({m_resolver.resolve(state->job, ended, now, state->job.timeoutMs)});
    m_running.remove(state);
    if (!state->job.continuous)
        m_dispatcher->finished(state->job.queue, ended.durationMs);
    if (status() == Status::Stopping)
        m_calls.post([this] { checkStopProgress(); });
}

void Engine::forward(const BatchResult &result)
{
    if (!result.ok) {
        m_calls.post([this, e = result.error] { Q_EMIT storeFailed(e); });
        return;
    }
    // A claim that left jobs behind for a rate limit or an ordering wait says when to claim again.
    for (const MutationResult &r : result.results) {
        if (r.nextClaimAtMs > 0)
            m_calls.post([this, at = r.nextClaimAtMs] { scheduleDue(at); });
    }
    if (result.events.empty())
        return;
    QMutexLocker lock(&m_eventMutex);
    for (const JobEvent &e : result.events)
        m_pendingEvents.append(e);
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        m_calls.post([this] { flushEvents(); });
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
    if (status() == Status::Running && m_dispatcher) {
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
    if (dueMs <= 0 || status() != Status::Running || !m_dispatcher)
        return;
    if (m_dueAtMs != 0 && m_dueAtMs <= dueMs && m_dueTimer.isActive())
        return;
    m_dueAtMs = dueMs;
    const qint64 wait = std::max<qint64>(0, dueMs - m_clock.nowMs());
    m_dueTimer.start(int(std::min<qint64>(wait, 60'000))); // re-checked at least every minute
}

void Engine::onExternalChange()
{
    if (status() != Status::Running)
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
        int dropped = 0;
        if (QList<LogLine> lines = s->takeLogs(&dropped); !lines.isEmpty() || dropped > 0) {
            if (isSignalConnected(QMetaMethod::fromSignal(&Engine::logged)))
                Q_EMIT logged(s->job.id, lines, dropped);
        }
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
    if ((status() == Status::Running || status() == Status::Stopping) && ++m_heartbeatTicks >= ticksPerHeartbeat) {
        m_heartbeatTicks = 0;
        std::vector<qint64> held = m_dispatcher->heldIds();
        for (const auto &s : runningJobs())
            held.push_back(s->job.id);
        // The heartbeat comes first in the batch: the recovery beside it, computed at the same time, then never
        // finds this runner's own jobs expired.
        Heartbeat heartbeat = m_leases->heartbeat(now, std::move(held));
        const qint64 leaseUntil = heartbeat.leaseUntilMs;
        guarded([&] {
            submit({std::move(heartbeat), m_leases->recovery(*m_reader, now)}, [this, leaseUntil](const BatchResult &r) {
                if (r.ok && !r.results.empty())
                    m_dispatcher->leasesRenewed(r.results.front().jobIds, leaseUntil);
            });
        });
    }
    // A handler that ignores cancellation cannot be stopped; its attempt is closed and its worker replaced.
    for (const auto &s : hung) {
        AttemptEnd end;
        end.kind = AttemptEnd::Kind::Cancelled;
        end.cancelReason = s->cancel.reason();
        m_running.abandon();
        resizePool();
        attemptEnded(s, end);
    }
    if (status() == Status::Running && !m_registered && !m_registering)
        guarded([&] { submitRegistration(now); });
    if (status() == Status::Running && m_registered && !m_registering && !m_workerCountInFlight
        && m_registeredWorkers != workers())
        submitWorkerCount(workers()); // a change of size whose write failed
    if (status() == Status::Running && m_autoscaler)
        autoscale();
    if (status() == Status::Running)
        m_dispatcher->retryFailedClaim();
    for (auto it = m_progressWrittenAtMs.begin(); it != m_progressWrittenAtMs.end();)
        it = m_running.contains(it.key()) ? std::next(it) : m_progressWrittenAtMs.erase(it);
}

qint64 Engine::hangGraceFor(const RunState &state) const
{
    return m_options.hangGraceMs + state.stopGraceMs.load();
}

void Engine::release(const std::vector<ClaimedJob> &jobs, const QString &reason)
{
    WriteBatch releases;
    for (const ClaimedJob &j : jobs) {
        Transition t;
        t.jobId = j.id;
        t.from = {JobState::Running};
        t.to = JobState::Queued;
        t.reason = reason;
        t.atMs = m_clock.nowMs();
        t.requireOwner = m_options.runnerId;
        t.refundAttempt = true;
        releases.push_back(t);
    }
    if (!releases.empty())
        submit(std::move(releases));
}

void Engine::releaseInHand()
{
    if (m_dispatcher)
        release(m_dispatcher->stop(), QStringLiteral("runner stopped before starting it"));
}

void Engine::stop()
{
    if (status() != Status::Running) {
        if (status() == Status::Idle) {
            setStatus(Status::Stopped);
            Q_EMIT stopped();
        }
        return;
    }
    m_scheduler->stop();
    if (m_callbacks)
        m_callbacks->stop();
    if (m_watchService)
        m_watchService->stop();
    setStatus(Status::Stopping);
    m_dueTimer.stop();
    releaseInHand();
    // Continuous jobs never finish by themselves: they are told at once and get their own stopping time.
    if (m_continuous)
        m_continuous->stop();
    m_stopCancelledAtMs = 0;
    m_stopTimer.start(int(std::min<qint64>(m_options.stoppingWaitMs, INT_MAX)));
    checkStopProgress();
}

void Engine::checkStopProgress()
{
    if (status() != Status::Stopping)
        return;
    const auto running = runningJobs();
    if (running.empty() && busyWorkers() == 0) {
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
        m_running.abandon();
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
    m_autoscaleReads.reset();
    m_callbacks.reset(); // its interrupted deliveries are recorded
    if (m_options.runsJobs) {
        releaseInHand(); // a claim that was in flight when the stop began
        // After the flush: a registration still in flight has committed or failed by now.
        if (m_registered)
            m_store.apply({RetireRunner{m_options.runnerId, m_clock.nowMs()}});
    }
    flushEvents();
    setStatus(Status::Stopped);
    Q_EMIT stopped();
}

void Engine::stopAndWait()
{
    if (status() != Status::Running && status() != Status::Stopping)
        return;
    m_scheduler->stop();
    if (m_callbacks)
        m_callbacks->stop();
    if (m_watchService)
        m_watchService->stop();
    if (status() == Status::Running) {
        setStatus(Status::Stopping);
        releaseInHand();
        if (m_continuous)
            m_continuous->stop();
    }
    for (const auto &s : runningJobs())
        s->cancel.cancel(CancelReason::Shutdown);
    m_pool.waitForDone(int(std::min<qint64>(m_options.hangGraceMs, INT_MAX)));
    m_continuousPool.waitForDone(int(std::min<qint64>(m_options.hangGraceMs, INT_MAX)));
    m_stopTimer.stop();
    m_stopCancelledAtMs = 1;
    checkStopProgress();
    if (status() != Status::Stopped)
        finishStop();
}

} // namespace jobdeck
