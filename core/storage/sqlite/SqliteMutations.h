#pragma once

#include "ClaimRoom.h"
#include "SqliteCallbackMutations.h"
#include "SqliteContinuations.h"
#include "SqliteJobBatches.h"
#include "SqliteOrderKeys.h"
#include "SqlitePipelines.h"
#include "SqliteQueueRates.h"
#include "SqliteScheduleMutations.h"
#include "SqliteTally.h"
#include "SqliteTransitions.h"
#include "SqliteWatchMutations.h"
#include "storage/Mutation.h"

namespace jobdeck {

// Where a job goes besides its spec: a batch, the batch it completes, a pipeline; and a reason to wait instead of
// being queued (a pipeline's later step).
struct JobPlacement {
    qint64 batchId = 0;
    qint64 completesBatch = 0;
    qint64 pipelineId = 0;
    QString waitReason;
};

// Applies mutations inside the writer's open transaction. Writer thread only.
// Throws StoreError on an SQL failure; a job in an unexpected state is a result, not an error.
class SqliteMutations {
public:
    // On SQLite's writer connection, whose authorizer then guards the state column (see SqliteTransitions).
    explicit SqliteMutations(sqlite3 *db);
    // On another backend's statements: the same SQL, in the dialect `statements` translates to.
    explicit SqliteMutations(std::unique_ptr<SqlStatementCache> statements);

    MutationResult apply(const Mutation &mutation, std::vector<JobEvent> &events);
    // Applies a group's batches in order, one result for each, as apply() would one by one. A run of batches that
    // each open or close one attempt (most of what a busy runner writes) is applied a set at a time: one statement
    // opens all their attempts, and one closes the attempts of each set of jobs that end alike. On PostgreSQL each
    // statement is a round trip to the server.
    std::vector<BatchResult> applyGroup(const std::vector<const WriteBatch *> &batches);
    // Called before a mutation decides from rows that other writers may be changing at the same time: a batch's or
    // a pipeline's progress, an ordering key's turn, mutexes, rate windows, a queue's concurrency. PostgreSQL's
    // writer then takes the database's writer lock, if its transaction does not hold it yet; its claims, attempt
    // starts and plain ends run without it. SQLite's writer always holds its lock: it needs none.
    void setSerialize(std::function<void()> serialize) { m_serialize = std::move(serialize); }
    // Call inside the transaction just before COMMIT: writes the counts the applied mutations changed.
    void beforeCommit();
    // Call after a ROLLBACK: forgets them.
    void rolledBack();

private:
    MutationResult enqueue(const EnqueueJob &m, std::vector<JobEvent> &events, const JobPlacement &placement = {});
    MutationResult claim(const ClaimJobs &m, std::vector<JobEvent> &events);
    // Queued jobs holding mutexes that may start now, at most `limit`, in claim order: none of their names held by
    // a running job or by another job picked here. Takes them out of `room`.
    std::vector<qint64> mutexHoldersToClaim(ClaimRoom &room, int limit);
    // Whether a row of `indexedWhere` (the FROM and WHERE of a query on `jobs`) exists.
    bool anyQueued(QLatin1String indexedWhere);
    void serialize()
    {
        if (m_serialize)
            m_serialize();
    }
    // The mutex names running jobs hold, on any runner.
    QSet<QString> heldMutexNames();
    MutationResult transition(const Transition &m, std::vector<JobEvent> &events);
    MutationResult startAttempt(const StartAttempt &m);
    MutationResult finishAttempt(const FinishAttempt &m, std::vector<JobEvent> &events);
    // The batches [first, last) of a group, each a StartAttempt or a FinishAttempt.
    void applyAttempts(const std::vector<const WriteBatch *> &batches, size_t first, size_t last,
                       std::vector<BatchResult> &results);
    // Opens the attempts of `batches` (StartAttempts of distinct jobs) in one statement.
    void startAttempts(const std::vector<const WriteBatch *> &batches, const std::vector<size_t> &indexes,
                       std::vector<BatchResult> &results);
    // Closes the attempts of `indexes` (FinishAttempts of distinct jobs that end alike) in one transition.
    void finishAttempts(const std::vector<const WriteBatch *> &batches, const std::vector<size_t> &indexes,
                        std::vector<BatchResult> &results);
    MutationResult saveProgress(const SaveProgress &m);
    MutationResult appendLog(const AppendLog &m);
    MutationResult saveCheckpoint(const SaveCheckpoint &m);
    MutationResult registerRunner(const RegisterRunner &m);
    MutationResult heartbeat(const Heartbeat &m);
    MutationResult retireRunner(const RetireRunner &m);
    MutationResult recoverLeases(const RecoverLeases &m, std::vector<JobEvent> &events);
    MutationResult requestCancel(const RequestCancel &m, std::vector<JobEvent> &events);
    MutationResult requeueAllDead(const RequeueAllDead &m, std::vector<JobEvent> &events);
    MutationResult deleteJob(const DeleteJob &m, std::vector<JobEvent> &events);
    MutationResult setPriority(const SetPriority &m, std::vector<JobEvent> &events);
    MutationResult pruneOld(const PruneOld &m, std::vector<JobEvent> &events);
    MutationResult configureQueue(const ConfigureQueue &m);
    MutationResult setSetting(const SetSetting &m);

    void promoteDue(qint64 nowMs, std::vector<JobEvent> &events);
    MutationResult rescheduleJob(const RescheduleJob &m, std::vector<JobEvent> &events);
    // Moves what follows a job that changed state: its waiting children, its batch.
    // `mayHaveChildren` false: the caller knows that no continuation waits on the job.
    void jobMoved(const ClaimedJob &row, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events,
                  bool mayHaveChildren = true);
    void recordEvent(const JobEvent &event, std::vector<JobEvent> &events);
    // Reports jobs deleted by `query` (which returns id, queue, kind, state); returns how many.
    int recordRemovals(SqlStatement &query, qint64 atMs, std::vector<JobEvent> &events);
    SqlStatement &statement(const QString &sql) { return m_statements->get(sql); }
    SqliteMutations(std::unique_ptr<SqlStatementCache> statements, sqlite3 *db);

    std::unique_ptr<SqlStatementCache> m_statements;
    SqliteTally m_tally;
    SqliteTransitions m_transitions;
    SqliteScheduleMutations m_schedules;
    SqliteCallbackMutations m_callbacks;
    SqliteWatchMutations m_watches;
    SqliteContinuations m_continuations;
    SqliteJobBatches m_batches;
    SqlitePipelines m_pipelines;
    SqliteOrderKeys m_orderKeys;
    SqliteQueueRates m_rates;
    std::function<void()> m_serialize;
};

} // namespace jobdeck
