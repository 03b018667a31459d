#pragma once

#include "HistoryQuery.h"
#include "JobFilter.h"
#include "model/CallbackDelivery.h"
#include "model/JobBatch.h"
#include "model/Pipeline.h"
#include "model/JobRecord.h"

#include <optional>
#include <vector>

namespace jobdeck {

// Read access to the store for one thread. Create it on the thread that uses it and destroy it there.
// Every read is bounded: none reads a whole table, so each stays fast with millions of jobs.
class StoreReader {
public:
    virtual ~StoreReader() = default;

    virtual std::optional<JobRecord> job(qint64 id) = 0;
    virtual std::vector<JobRecord> jobs(const JobFilter &filter) = 0;
    // The job's attempts, oldest first; only the `newest` last ones when it is not -1 (a continuous job may
    // have made tens of thousands: views ask for a page).
    virtual std::vector<AttemptRecord> attempts(qint64 jobId, int newest = -1) = 0;
    virtual std::vector<LogLine> logTail(qint64 jobId, int count) = 0;
    // Lines written after the line `afterId`, oldest first, at most `count`.
    virtual std::vector<LogLine> logAfter(qint64 jobId, qint64 afterId, int count) = 0;
    // The job's changes of state with their reasons, oldest first; only the `newest` last ones unless -1.
    virtual std::vector<StateChange> stateChanges(qint64 jobId, int newest = -1) = 0;
    // Every committed change of state after the change `afterId`, whichever process made it, oldest first, at
    // most `limit`: a cursor over what the whole database did. Changes of jobs deleted since are gone.
    virtual std::vector<JobEvent> eventsAfter(qint64 afterId, int limit) = 0;
    // Where such a cursor starts to hear only what comes next.
    virtual qint64 lastEventId() = 0;
    // The job's callback deliveries with their attempts, oldest first (the newest `newest` when not -1).
    virtual std::vector<CallbackDelivery> callbackDeliveries(qint64 jobId, int newest = -1) = 0;
    // When the next pending callback delivery is due (a leased one: when its lease ends); 0 if none is pending.
    virtual qint64 nextCallbackDueMs() = 0;
    // Jobs per queue, kind and state, as the store keeps them (no count over the jobs table).
    virtual std::vector<JobCount> counts() = 0;
    virtual StoreStats stats() = 0;
    virtual std::vector<QueueInfo> queues() = 0;
    virtual QString setting(const QString &key, const QString &fallback = {}) = 0;
    // What the database takes on disk: SQLite's file and its log, or PostgreSQL's database.
    virtual qint64 databaseBytes() = 0;
    // Jobs that keep a drain from finishing: queued, running, or failed awaiting a retry (continuous jobs never do).
    virtual qint64 pendingCount() = 0;
    // Running jobs leased to `owner` that a user asked to cancel.
    virtual std::vector<qint64> cancelRequests(const QString &owner) = 0;
    // Owners of running jobs that retired or never registered.
    virtual QStringList ownersWithoutLiveRunner() = 0;
    // Runner ids with host and pid, for liveness checks on this machine.
    struct RunnerRow {
        QString id;
        QString host;
        qint64 pid = 0;
        qint64 heartbeatMs = 0;
        bool retired = false;
        int workers = 0;
        qint64 startedAtMs = 0;
        qint64 processStart = 0; // 0: not recorded
    };
    virtual std::vector<RunnerRow> runnersHoldingLeases() = 0;
    // Runners that have not retired, newest heartbeat first.
    virtual std::vector<RunnerRow> activeRunners() = 0;
    virtual qint64 earliestDueMs() = 0; // earliest run_at of a scheduled or failed job, 0 if none
    // Since when the longest-waiting queued job (the first enqueued) has been due; 0 if none is queued.
    virtual qint64 oldestQueuedSinceMs() = 0;
    // The same for one queue.
    virtual qint64 oldestQueuedSinceMs(const QString &queue) = 0;

    // Per-minute figures from `fromMs` on, oldest first; minutes without a row had no activity.
    virtual std::vector<MinuteStats> minutes(qint64 fromMs) = 0;
    // Running jobs whose lease ran out at `nowMs`: their runner stopped renewing it (hung, or gone).
    virtual std::vector<qint64> stalledJobs(qint64 nowMs, int limit) = 0;
    // Jobs waiting to run, in the order runners take them: queued (highest priority first, then oldest), then
    // scheduled and retrying ones by their run-at time, then continuations waiting for their parents. `queue`
    // empty: every queue.
    virtual std::vector<JobRecord> waitingJobs(const QString &queue, int limit) = 0;
    // Jobs waiting for their run-at time within [fromMs, toMs), soonest first (one-off jobs on the calendar).
    virtual std::vector<JobRecord> scheduledBetween(qint64 fromMs, qint64 toMs, int limit) = 0;

    // Batches, newest first, at most `limit`; those older than `beforeId` when it is not 0.
    virtual std::vector<JobBatchRecord> jobBatches(int limit, qint64 beforeId = 0) = 0;
    virtual std::optional<JobBatchRecord> jobBatch(qint64 id) = 0;
    // A batch's jobs in the order they were added, those after `afterId`, at most `limit`.
    virtual std::vector<JobRecord> batchJobs(qint64 batchId, qint64 afterId, int limit) = 0;

    // Pipelines, newest first, at most `limit`; those older than `beforeId` when it is not 0. Without their steps.
    virtual std::vector<PipelineRecord> pipelines(int limit, qint64 beforeId = 0) = 0;
    // One pipeline with its steps.
    virtual std::optional<PipelineRecord> pipeline(qint64 id) = 0;

    // A page of finished jobs (see HistoryQuery). Reads at most about `scanBudget` index entries: with a filter
    // that matches few jobs the page may come back short (not at the end); ask again from `next`.
    virtual HistoryResult history(const HistoryQuery &query, const HistoryCursor &from, int limit,
                                int scanBudget = 50'000) = 0;
    // How many finished jobs match, counting at most to `cap` (and reading at most about `scanBudget` entries).
    virtual BoundedCount historyCount(const HistoryQuery &query, qint64 cap = 10'000, int scanBudget = 200'000) = 0;
};

} // namespace jobdeck
