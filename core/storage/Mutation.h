#pragma once

#include "model/CallbackDelivery.h"
#include "model/JobRecord.h"
#include "model/JobSpec.h"
#include "schedule/ExclusionCalendar.h"
#include "schedule/Occurrence.h"
#include "schedule/ScheduleSpec.h"
#include "storage/StoreError.h"
#include "watch/WatchSpec.h"

#include <QHash>
#include <QStringList>
#include <optional>
#include <variant>
#include <vector>

namespace jobdeck {

// The vocabulary of writes. Each backend applies these in its own SQL; the engine never writes SQL.

struct EnqueueJob {
    JobSpec spec;
    qint64 nowMs = 0;
    bool returnJob = false; // the result carries the job as written (read in the same transaction)
};

// Moves due Scheduled/Failed jobs to Queued, then leases up to `limit` queued jobs to `owner`,
// highest priority first, FIFO within a priority.
struct ClaimJobs {
    QString owner;
    qint64 nowMs = 0;
    qint64 leaseUntilMs = 0;
    int limit = 0;
    QStringList blockedQueues;       // paused or at their limit
    QHash<QString, int> queueLimits; // queues with a concurrency limit: how many more may start
    // The claimer's pool: a claim takes no more of a rate-limited queue's jobs than this, so that they start as they
    // are claimed and the limit on claims holds for starts.
    int workers = 0;
    // Empty: jobs for workers (never continuous ones). Otherwise only the continuous jobs of these kinds.
    QStringList continuousKinds;
};

// The one choke point for state changes: applies only when the job is in one of `from`.
struct Transition {
    qint64 jobId = 0;
    QList<JobState> from;
    JobState to = JobState::Queued;
    QString reason;
    qint64 atMs = 0;
    std::optional<qint64> runAtMs;
    std::optional<QByteArray> result;
    std::optional<QString> error;
    std::optional<QByteArray> payload;
    QString requireOwner;      // non-empty: only while this runner holds the lease
    bool resetAttempts = false; // a user requeue grants a fresh round of attempts
    bool refundAttempt = false; // the attempt was interrupted by a stopping runner and does not count
};

// Opens the attempt row, only while the runner still holds the job's lease; `applied` says whether it did.
struct StartAttempt {
    qint64 jobId = 0;
    int number = 0;
    qint64 startedAtMs = 0;
    QString runner;
    QString worker;
    bool fromCheckpoint = false;
};

// Closes the attempt row and moves the job on, in the same transaction.
struct FinishAttempt {
    qint64 jobId = 0;
    int number = 0;
    AttemptOutcome outcome = AttemptOutcome::Succeeded;
    QString error;
    qint64 finishedAtMs = 0;
    Transition transition;
};

struct SaveProgress {
    qint64 jobId = 0;
    double fraction = 0;
    QString text;
};

struct AppendLog {
    qint64 jobId = 0;
    LogLine line;
};

struct SaveCheckpoint {
    qint64 jobId = 0;
    QByteArray json;
    qint64 atMs = 0;
};

struct RegisterRunner {
    QString runnerId;
    QString host;
    qint64 pid = 0;
    int workers = 0;
    qint64 nowMs = 0;
    qint64 processStart = 0; // when the process started, as the system counts it: a reused pid shows another
};

// Extends the runner's heartbeat and the leases of the jobs it still holds. Only those: a job whose finish
// could not be written is left to expire and be recovered, instead of staying running forever. The result's
// `jobIds` are the jobs whose leases it extended.
struct Heartbeat {
    QString runnerId;
    qint64 nowMs = 0;
    qint64 leaseUntilMs = 0;
    std::vector<qint64> jobIds;
};

struct RetireRunner {
    QString runnerId;
    qint64 nowMs = 0;
};

// Returns to the queue (or to Dead, when out of attempts) running jobs whose lease has expired or whose
// owner is known to be gone. The interrupted attempt counts.
struct RecoverLeases {
    qint64 nowMs = 0;
    QStringList goneOwners;
    QString excludeOwner; // never counted among the gone owners (its jobs are still recovered once their lease expires)
};

// Cancels a job that has not started; for a running job, flags it so its runner cancels it.
struct RequestCancel {
    qint64 jobId = 0;
    QString reason;
    qint64 nowMs = 0;
};

// Every dead job back to the queue with a fresh round of attempts, in one statement however many there are.
// `affected` counts them.
struct RequeueAllDead {
    QString reason;
    qint64 atMs = 0;
};

struct DeleteJob {
    qint64 jobId = 0;
    qint64 atMs = 0;
};

// A batch: its jobs and its completion job, created together. The completion job waits until every job of the
// batch has ended, then is queued once. `rowId` is the batch, `jobIds` its jobs, `jobId` the completion job (0
// without one).
struct AddJobBatch {
    QString name;
    std::vector<JobSpec> jobs;
    std::optional<JobSpec> then;
    qint64 nowMs = 0;
};

// Cancels a batch: its completion job, and each of its jobs that has not ended (a running one is asked to stop).
// Not applied when the batch does not exist, has completed or was already cancelled. `affected` counts the jobs
// cancelled or asked to stop; `jobIds` holds those running, which their runners must stop.
struct CancelJobBatch {
    qint64 batchId = 0;
    qint64 nowMs = 0;
};

// A pipeline: its steps' jobs, created together. The first is queued; each later one waits until the step before it
// succeeded and then receives its result as "input" in its payload. When a step ends dead or is cancelled, the
// compensations of the steps that had succeeded are enqueued one after another, last step first. `rowId` is the
// pipeline, `jobIds` the steps' jobs in order.
struct PipelineStep {
    JobSpec job;
    std::optional<JobSpec> compensation;
};

struct StartPipeline {
    QString name;
    std::vector<PipelineStep> steps;
    qint64 nowMs = 0;
};

// Changes the priority of a job that has not started (scheduled, queued, or failed awaiting its retry).
struct SetPriority {
    qint64 jobId = 0;
    int priority = 0;
    qint64 atMs = 0;
};

// Retention: deletes up to `limit` finished jobs (with their attempts, log and history) that finished before
// `jobsBeforeMs`, then up to `limit` log lines older than it of the jobs that remain; and the per-minute series
// before `minutesBeforeMs`. A zero time leaves that part alone. `affected` counts the jobs and lines deleted.
struct PruneOld {
    qint64 jobsBeforeMs = 0;
    qint64 minutesBeforeMs = 0;
    int limit = 1000;
    qint64 atMs = 0;
};

struct ConfigureQueue {
    QString name;
    std::optional<int> concurrency;
    std::optional<bool> paused;
    std::optional<QueueRate> rate; // an empty rate turns the limit off
};

struct SetSetting {
    QString key;
    QString value;
};

// Moves a job that waits for its run-at time to another time (the calendar's drag and drop).
struct RescheduleJob {
    qint64 jobId = 0;
    qint64 runAtMs = 0;
    qint64 nowMs = 0;
    QString reason;
};

// Schedules. A user's change (SaveSchedule, DeleteSchedule, SetScheduleState, SaveCalendar) also moves the
// "schedules_version" setting on, which tells every runner's scheduler to read the schedules again.

// Creates a schedule, or replaces the one of the same name when `replace` (otherwise a name in use is not
// applied). The record's state fields (enabled, pause, next and last fire time) are written as given.
struct SaveSchedule {
    ScheduleRecord schedule;
    bool replace = false;
    qint64 nowMs = 0;
};

struct DeleteSchedule {
    QString name;
};

// Enable/disable, pause until a time (0: no pause), and where the next occurrence is.
struct SetScheduleState {
    QString name;
    std::optional<bool> enabled;
    std::optional<qint64> pausedUntilMs;
    std::optional<qint64> nextFireAtMs;
    qint64 nowMs = 0;
};

// The scheduler's cursor after it handled occurrences: the next one to handle (0: none left) and the last one
// handled. Never moves the last one back. Not a user change.
struct AdvanceSchedule {
    qint64 scheduleId = 0;
    qint64 nextFireAtMs = 0;
    qint64 lastFireAtMs = 0;
    bool endPause = false;
    qint64 updatedAtMs = 0; // as the scheduler read it: a schedule a user changed since is left alone
    QString leaseOwner;     // non-empty: applies only while this runner holds the scheduler lease
    qint64 nowMs = 0;
};

// Records one occurrence of a schedule and, for a fired one, enqueues its job in the same transaction.
// An occurrence is recorded once: a second FireOccurrence for the same schedule and time is not applied and
// enqueues nothing, whichever runner sends it.
struct FireOccurrence {
    qint64 scheduleId = 0;
    qint64 fireAtMs = 0;
    OccurrenceOutcome outcome = OccurrenceOutcome::Fired;
    QString reason;
    std::optional<JobSpec> job; // with Fired
    qint64 nowMs = 0;
    QString runner;
    QString leaseOwner; // non-empty: applies only while this runner holds the scheduler lease
};

// Fires an occurrence that was waiting (queue-one) for the previous run to finish. Applies once.
struct ReleaseWaitingOccurrence {
    qint64 occurrenceId = 0;
    JobSpec job;
    QString reason;
    qint64 nowMs = 0;
    QString leaseOwner;
};

// Takes or renews the one scheduler lease of the database: applied when `owner` holds it afterwards, that is,
// when it held it already or the holder's lease had expired.
struct AcquireSchedulerLease {
    QString owner;
    qint64 nowMs = 0;
    qint64 leaseUntilMs = 0;
};

struct ReleaseSchedulerLease {
    QString owner;
};

// Creates an exclusion calendar, or adds the ranges to the one of that name.
struct SaveCalendar {
    QString name;
    std::vector<ExclusionCalendar::Range> ranges;
    qint64 nowMs = 0;
};

// Leases up to `limit` callback deliveries that are due to `owner` (a delivery whose lease expired is due again).
// The result's `deliveries` are the ones it took.
struct ClaimCallbacks {
    QString owner;
    qint64 nowMs = 0;
    qint64 leaseUntilMs = 0;
    int limit = 0;
};

// Records one POST of a delivery and ends its lease, only while `owner` holds it. `nextTryAtMs` 0: no retry,
// the delivery is then `delivered` when `delivered`, otherwise failed.
struct RecordCallbackAttempt {
    qint64 deliveryId = 0;
    QString owner;
    qint64 atMs = 0;
    int httpStatus = 0;
    QString error;
    qint64 nextTryAtMs = 0;
    bool delivered = false;
};

// Watched folders. A user's change (SaveWatch, DeleteWatch, SetWatchPaused) moves the "watches_version" setting
// on, which tells every runner to read the watches again.
struct SaveWatch {
    WatchSpec spec;
    bool replace = false;
    qint64 nowMs = 0;
};

struct DeleteWatch {
    QString name;
};

struct SetWatchPaused {
    QString name;
    bool paused = false;
    qint64 nowMs = 0;
};

// Records a version of a watched file (watch, path, size, mtime, fingerprint) and enqueues its job in the same
// transaction. A version is recorded once: a second EnqueueWatchedFile for it is not applied and enqueues
// nothing, whichever runner sends it, before or after a restart.
struct EnqueueWatchedFile {
    qint64 watchId = 0;
    QString path;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    QString fingerprint;
    JobSpec job;
    qint64 nowMs = 0;
};

// Records (or updates) why a file of a watched folder was passed over.
struct RecordWatchSkip {
    WatchSkip skip;
};

// What became of a watched file after its job ended ("done", "deleted", "failed") and where it went.
struct SettleWatchedFile {
    qint64 jobId = 0;
    QString disposition;
    QString movedTo;
    qint64 nowMs = 0;
};

using Mutation = std::variant<EnqueueJob, ClaimJobs, Transition, StartAttempt, FinishAttempt, SaveProgress,
                              AppendLog, SaveCheckpoint, RegisterRunner, Heartbeat, RetireRunner,
                              RecoverLeases, RequestCancel, RequeueAllDead, DeleteJob, AddJobBatch, CancelJobBatch, StartPipeline, SetPriority, PruneOld, ConfigureQueue,
                              SetSetting, RescheduleJob, SaveSchedule, DeleteSchedule, SetScheduleState,
                              AdvanceSchedule, FireOccurrence, ReleaseWaitingOccurrence, AcquireSchedulerLease,
                              ReleaseSchedulerLease, SaveCalendar, ClaimCallbacks, RecordCallbackAttempt, SaveWatch,
                              DeleteWatch, SetWatchPaused, EnqueueWatchedFile, RecordWatchSkip, SettleWatchedFile>;

// Mutations that commit together or not at all.
using WriteBatch = std::vector<Mutation>;

// Whether a batch only says which runner holds which job: claims, the opening of attempts and lease renewals. A
// power cut that forgets them leaves the job as it was before the claim, to be run again as after any crash, so
// their commits need not wait for the disk; everything else (an enqueue, a finish, a checkpoint) still does. The
// next durable commit makes them durable too, since the log is written in order. Nor need other processes hear of
// them.
bool holdsOnlyLeases(const WriteBatch &batch);

// A job handed to a runner by ClaimJobs.
struct ClaimedJob {
    qint64 id = 0;
    QString kind;
    QString queue;
    int priority = 0;
    QByteArray payload;
    QByteArray checkpoint;
    int attempt = 0;       // tries in this round, including this one
    int attemptNumber = 0; // number of this attempt's row
    int maxAttempts = 0;
    qint64 timeoutMs = 0;
    qint64 backoffMs = 0;
    qint64 createdAtMs = 0;
    int logCount = 0; // log lines the job already has
    bool continuous = false;
    bool continuation = false; // it waited for parent jobs: `parents` holds how they ended and their results
    QByteArray parents;        // JSON array of {id, state, result}; empty when it has none
    qint64 batchId = 0;        // the batch the job belongs to
    qint64 completesBatch = 0; // the batch whose completion job it is: `parents` holds the batch's jobs
    QByteArray batch;          // with completesBatch: the batch's JSON summary
    QString orderKey;          // see JobSpec::orderKey
    qint64 orderSeq = 0;
    qint64 pipelineId = 0;     // the pipeline it is a step or a compensation of
    qint64 leaseUntilMs = 0; // the lease as last committed: the claim's, then each heartbeat's
};

struct MutationResult {
    bool applied = true; // false: the job was not in an expected state (or did not exist)
    qint64 jobId = 0;
    bool created = false; // EnqueueJob: false when an idempotency key matched an existing job
    bool cancelRequested = false; // RequestCancel on a running job
    qint64 rowId = 0; // SaveSchedule: the schedule; FireOccurrence: the occurrence; EnqueueWatchedFile: the file
    int affected = 0;
    std::vector<ClaimedJob> claimed;
    std::vector<qint64> jobIds; // Heartbeat: the jobs whose leases it extended
    std::vector<CallbackDelivery> deliveries; // ClaimCallbacks
    // ClaimJobs: a job left behind may be claimable at this time (a rate limit's window moves on, or a job stops
    // waiting for a missing predecessor); 0: none is known.
    qint64 nextClaimAtMs = 0;
    std::optional<JobRecord> job; // EnqueueJob with returnJob: the new job's row as committed
};

struct BatchResult {
    bool ok = true;
    QString error; // set when !ok: nothing of the batch was written
    StoreErrorCode errorCode = StoreErrorCode::Other;
    std::vector<MutationResult> results;
    std::vector<JobEvent> events;
};

} // namespace jobdeck
