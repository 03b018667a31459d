#pragma once

#include "AttemptResolver.h"
#include "Dispatcher.h"
#include "HandlerRegistry.h"
#include "RunState.h"
#include "RunningJobs.h"
#include "ThreadCalls.h"
#include "WorkerAutoscaler.h"
#include "callbacks/CallbackOptions.h"
#include "model/Clock.h"
#include "model/JobRecord.h"
#include "schedule/SchedulerOptions.h"
#include "storage/JobStore.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <memory>

namespace jobdeck {

class CallbackDeliverer;
class ContinuousSupervisor;
class LeaseKeeper;
class Scheduler;
class Pruner;
class ReadThread;
class WatchService;
struct ContinuousJob;

struct EngineOptions {
    int workers = 0;                 // 0: one per core
    // Above `workers`: the pool grows up to this many while claimable jobs wait and shrinks back toward `workers`
    // when workers idle (see WorkerAutoscaler). 0: a fixed pool of `workers`.
    int maxWorkers = 0;
    AutoscaleOptions autoscale;
    qint64 leaseMs = 30'000;         // a lease lasts this long without a heartbeat
    qint64 stoppingWaitMs = 30'000;  // on stop, running jobs get this long to finish before they are cancelled
    qint64 hangGraceMs = 10'000;     // a cancelled handler that does not return within this is abandoned
    int logCap = 1000;               // log lines kept per job
    RetryPolicy retry;
    RestartPolicy restart;           // of continuous jobs
    QString runnerId;                // empty: host:pid:random
    SchedulerOptions scheduler;      // the scheduler's lease is `leaseMs` long too
    // false: a console over a database that other processes' runners serve. It claims nothing, registers no
    // runner and keeps no leases; it follows their changes and writes commands for them to apply. Such an engine
    // has no dispatcher and no continuous-job supervisor, so no code path in it can reach a claim.
    bool runsJobs = true;
    CallbackOptions callbacks;       // delivered by runners only (retries capped by `retry`)
};

// The runner: claims jobs, runs them on an owned thread pool, and reports what happens. The facade the
// window, the headless host and the HTTP API talk to. Main thread only, except where a method says otherwise.
//
// Its life cycle: Idle -> Running -> Stopping -> Stopped, or Idle -> Stopped when it never started (a start that
// fails leaves it Idle). setStatus() is the one place that changes it, and asserts each change.
class Engine final : public QObject {
    Q_OBJECT
public:
    enum class Status { Idle, Running, Stopping, Stopped };
    using Callback = std::function<void(const BatchResult &)>;

    Engine(JobStore &store, const HandlerRegistry &handlers, EngineOptions options,
           const Clock &clock = SystemClock::instance(), QObject *parent = nullptr);
    ~Engine() override;

    void start();
    // Graceful: stop claiming, give running jobs stoppingWaitMs, cancel the rest, release leases. Emits stopped().
    void stop();
    // Stops now (waiting at most hangGraceMs for handlers to return). For tests and shutdown paths.
    void stopAndWait();
    Status status() const { return m_status.load(); } // any thread

    // Pauses or resumes every runner of the database. Takes effect here at once; never waits for the commit.
    void setPaused(bool paused);
    bool isPaused() const;
    // Takes effect at once: more workers start claiming, fewer finish their jobs and are not replaced. The user's
    // own count: a runner that scaled its pool keeps this one from now on.
    void setWorkers(int workers);
    int workers() const;
    // The range the pool scales within; a fixed pool's is one number.
    WorkerRange workerRange() const;
    bool runsJobs() const { return m_options.runsJobs; }
    // Applies the retention setting now instead of at the next periodic pass (runners only).
    void pruneNow();
    int busyWorkers() const;
    // Handlers that ignored cancellation and still hold a thread; the process cannot wait for them at exit.
    int abandonedWorkers() const;
    // Nothing running, claimed or being claimed by this runner.
    bool isIdle() const;

    // Cancels a job: at once if it waits, cooperatively if it runs here, through its runner otherwise.
    void cancel(qint64 jobId, std::function<void(const MutationResult &)> done = {});
    // The same, with `then` on the main thread unless `context` is gone by then (see submit()).
    void cancel(qint64 jobId, const QObject *context, std::function<void(const MutationResult &)> then);
    // Cancels a batch (CancelJobBatch); its jobs running here are stopped at once. `then` as for submit().
    void cancelBatch(qint64 batchId, const QObject *context, Callback then);
    // Submits writes and forwards their events (enqueue, requeue, delete ...). `done` runs on the writer thread.
    void submit(WriteBatch batch, JobStore::Done done = {});
    // The window's way to write: never waits for the commit; `then` runs on the main thread once the batch has
    // committed (or failed), unless `context` is gone by then. `context` must live on the main thread.
    void submit(WriteBatch batch, const QObject *context, Callback then);

    // The continuous jobs this runner keeps running (from the jobs folder). May be called at any time; jobs no
    // longer listed, or whose revision changed, are stopped (and the changed ones started again).
    void setContinuousJobs(std::vector<ContinuousJob> jobs);
    // Runs a continuous job claimed by the supervisor, on a thread of its own rather than a worker.
    void runContinuous(const ClaimedJob &job);

    QString runnerId() const { return m_options.runnerId; }
    const EngineOptions &options() const { return m_options; }
    JobStore &store() { return m_store; }
    const HandlerRegistry &handlers() const { return m_handlers; }
    const Clock &clock() const { return m_clock; }
    int logCap() const { return m_options.logCap; }

    // Fires schedules while the engine runs (when this runner holds the scheduler lease).
    Scheduler &scheduler() const { return *m_scheduler; }
    // Watches the database's watched folders while the engine runs; null in a console (runsJobs false).
    WatchService *watchService() const { return m_watchService.get(); }

    // Jobs running here now, for live views. Thread-safe.
    std::vector<std::shared_ptr<RunState>> runningJobs() const;

    // Worker-thread entry points (JobRunnable). attemptStarted() opens the attempt; false: the job's lease is no
    // longer this runner's, so the handler must not run (the run then ends with runRefused()).
    bool attemptStarted(const std::shared_ptr<RunState> &state);
    void attemptEnded(const std::shared_ptr<RunState> &state, const AttemptEnd &end);
    // A worker's last touch of the engine. The pools' waits order it before the engine goes, by locks inside Qt
    // that ThreadSanitizer cannot see; this release, acquired by the destructor, says so where it can.
    void workerLeft() { m_workersLeft.fetch_add(1, std::memory_order_release); }
    void runRefused(const std::shared_ptr<RunState> &state);

Q_SIGNALS:
    void jobsChanged(const QList<jobdeck::JobEvent> &events);
    void progressChanged(qint64 jobId, double fraction, const QString &text);
    // Log lines jobs running here wrote since the last tick (coalesced like progress); `dropped` more were left
    // out of this relay, though not out of the store.
    void logged(qint64 jobId, const QList<jobdeck::LogLine> &lines, int dropped);
    void externalChange();
    // Schedules or calendars were changed through submit(); another process's changes come as externalChange().
    void schedulesChanged();
    // Watched folders were changed through submit(); another process's changes come as externalChange().
    void watchesChanged();
    void pausedChanged(bool paused);
    // Queue settings, the pause or other settings may have changed (this process's writes or another's).
    void configChanged();
    void storeFailed(const QString &message);
    // A runner's registration committed (start() only submits it): from here on it is listed and may hold jobs.
    void registered();
    void stopped();
    void workersChanged(int workers);
    // Retention deleted old jobs or log lines (their deletions also arrive through jobsChanged).
    void pruned(qint64 removed);

private:
    void setStatus(Status next);
    void submitRegistration(qint64 nowMs);
    void registrationDone(const BatchResult &result, int workers);
    void startJob(const ClaimedJob &job);
    void resizePool();
    void resize(int workers);
    // The runners table says how many workers serve the database (health, other consoles, metrics).
    void submitWorkerCount(int workers);
    void autoscale();
    void applyAutoscale(qint64 oldestWaitMs);
    // Hands jobs claimed but never started back to the queue (their attempts do not count).
    void release(const std::vector<ClaimedJob> &jobs, const QString &reason);
    void forward(const BatchResult &result);
    void flushEvents();
    void tick();
    void onExternalChange();
    void readExternalChange();
    void guarded(const std::function<void()> &work);
    // Wraps `then` so that, called on any thread, it runs on the main thread unless `context` is gone by then.
    // Call on the main thread: the guard is made and read there only, where the context lives and dies.
    template<typename R>
    std::function<void(const R &)> onMainThread(const QObject *context, std::function<void(const R &)> then)
    {
        Q_ASSERT(context && context->thread() == thread());
        QPointer<const QObject> guard(context);
        return [this, guard, then = std::move(then)](const R &r) {
            m_calls.post([guard, then, r] {
                if (guard && then)
                    then(r);
            });
        };
    }
    // Cancels a job running or held here; false if this runner has no such job.
    bool cancelHere(qint64 jobId);
    void reloadConfig();
    void scheduleDue(qint64 dueMs);
    void releaseInHand();
    // How long a cancelled handler may take to return before it counts as hung.
    qint64 hangGraceFor(const RunState &state) const;
    void checkStopProgress();
    void finishStop();

    JobStore &m_store;
    const HandlerRegistry &m_handlers;
    EngineOptions m_options;
    const Clock &m_clock;
    AttemptResolver m_resolver;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<Dispatcher> m_dispatcher;
    std::unique_ptr<LeaseKeeper> m_leases;
    std::unique_ptr<ContinuousSupervisor> m_continuous;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<Pruner> m_pruner;
    std::unique_ptr<CallbackDeliverer> m_callbacks;
    std::unique_ptr<WatchService> m_watchService;
    std::unique_ptr<WorkerAutoscaler> m_autoscaler; // null: a fixed pool
    std::unique_ptr<ReadThread> m_autoscaleReads;   // the autoscaler's reads, off this (maybe the window's) thread
    bool m_autoscaleReadInFlight = false;
    int m_autoscaleTicks = 0;
    std::atomic<Status> m_status{Status::Idle};
    std::atomic<int> m_workers{1};
    ThreadCalls m_calls; // what other threads hand to the main thread
    std::atomic<qint64> m_workersLeft{0};
    bool m_paused = false; // as this process last wrote or read it
    std::atomic<bool> m_registered{false}; // this runner's registration committed, so stopping retires it
    bool m_registering = false;             // a registration is in the writer's queue
    int m_registeredWorkers = 0;            // the worker count the runners table has, as last committed
    bool m_workerCountInFlight = false;

    RunningJobs m_running;
    int m_heartbeatTicks = 0;

    QMutex m_eventMutex;
    QList<JobEvent> m_pendingEvents;
    bool m_flushScheduled = false;

    QTimer m_tick;
    QTimer m_dueTimer;
    QTimer m_stopTimer;
    qint64 m_dueAtMs = 0;
    qint64 m_stopCancelledAtMs = 0;
    QHash<qint64, qint64> m_progressWrittenAtMs;
    // Last, so they are destroyed first: their destructors wait for threads that use every member above.
    QThreadPool m_pool;
    QThreadPool m_continuousPool; // continuous jobs run here, so they never hold a worker
};

} // namespace jobdeck
