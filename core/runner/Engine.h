#pragma once

#include "AttemptResolver.h"
#include "Dispatcher.h"
#include "HandlerRegistry.h"
#include "RunState.h"
#include "model/Clock.h"
#include "model/JobRecord.h"
#include "schedule/SchedulerOptions.h"
#include "storage/JobStore.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <memory>

namespace jobdeck {

class LeaseKeeper;
class Scheduler;
class Pruner;

struct EngineOptions {
    int workers = 0;                 // 0: one per core
    qint64 leaseMs = 30'000;         // a lease lasts this long without a heartbeat
    qint64 stoppingWaitMs = 30'000;  // on stop, running jobs get this long to finish before they are cancelled
    qint64 hangGraceMs = 10'000;     // a cancelled handler that does not return within this is abandoned
    int logCap = 1000;               // log lines kept per job
    RetryPolicy retry;
    QString runnerId;                // empty: host:pid:random
    SchedulerOptions scheduler;      // the scheduler's lease is `leaseMs` long too
    // false: a console over a database that other processes' runners serve. It claims nothing, registers no
    // runner and keeps no leases; it follows their changes and writes commands for them to apply.
    bool runsJobs = true;
};

// The runner: claims jobs, runs them on an owned thread pool, and reports what happens. The facade the
// window, the headless host and the HTTP API talk to. Main thread only, except where a method says otherwise.
class Engine final : public QObject {
    Q_OBJECT
public:
    enum class Status { Idle, Running, Stopping, Stopped };

    Engine(JobStore &store, const HandlerRegistry &handlers, EngineOptions options,
           const Clock &clock = SystemClock::instance(), QObject *parent = nullptr);
    ~Engine() override;

    void start();
    // Graceful: stop claiming, give running jobs stoppingWaitMs, cancel the rest, release leases. Emits stopped().
    void stop();
    // Stops now (waiting at most hangGraceMs for handlers to return). For tests and shutdown paths.
    void stopAndWait();
    Status status() const { return m_status; }

    void setPaused(bool paused);
    bool isPaused() const;
    // Takes effect at once: more workers start claiming, fewer finish their jobs and are not replaced.
    void setWorkers(int workers);
    int workers() const;
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
    // Submits writes and forwards their events (enqueue, requeue, delete ...).
    void submit(WriteBatch batch, JobStore::Done done = {});

    QString runnerId() const { return m_options.runnerId; }
    const EngineOptions &options() const { return m_options; }
    JobStore &store() { return m_store; }
    const HandlerRegistry &handlers() const { return m_handlers; }
    const Clock &clock() const { return m_clock; }
    int logCap() const { return m_options.logCap; }

    // Fires schedules while the engine runs (when this runner holds the scheduler lease).
    Scheduler &scheduler() const { return *m_scheduler; }

    // Jobs running here now, for live views. Thread-safe.
    std::vector<std::shared_ptr<RunState>> runningJobs() const;

    // Worker-thread entry points (JobRunnable).
    void attemptStarted(const std::shared_ptr<RunState> &state);
    void attemptEnded(const std::shared_ptr<RunState> &state, const AttemptEnd &end);

Q_SIGNALS:
    void jobsChanged(const QList<jobdeck::JobEvent> &events);
    void progressChanged(qint64 jobId, double fraction, const QString &text);
    void externalChange();
    // Schedules or calendars were changed through submit(); another process's changes come as externalChange().
    void schedulesChanged();
    void pausedChanged(bool paused);
    void storeFailed(const QString &message);
    void stopped();
    void workersChanged(int workers);
    // Retention deleted old jobs or log lines (their deletions also arrive through jobsChanged).
    void pruned(qint64 removed);

private:
    void startJob(const ClaimedJob &job);
    void forward(const BatchResult &result);
    void flushEvents();
    void tick();
    void onExternalChange();
    void readExternalChange();
    void guarded(const std::function<void()> &work);
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
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<Pruner> m_pruner;
    Status m_status = Status::Idle;

    mutable QMutex m_runningMutex;
    QHash<qint64, std::shared_ptr<RunState>> m_running;
    int m_abandoned = 0; // workers lost to handlers that never returned
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
    // Last, so it is destroyed first: its destructor waits for workers, which use every member above.
    QThreadPool m_pool;
};

} // namespace jobdeck
