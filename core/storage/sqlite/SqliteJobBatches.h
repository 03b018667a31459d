#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <functional>

namespace jobdeck {

// Batches inside the writer's open transaction: creates a batch with its jobs, keeps its counts of ended jobs as
// each job ends, and queues the completion job in the transaction that ends the batch's last job, so it runs
// exactly once however many runners share the database. Writer thread only.
class SqliteJobBatches {
public:
    // Inserts one job; `batchId` makes it a member of a batch, `completesBatch` the batch's completion job.
    using Enqueue = std::function<MutationResult(const EnqueueJob &, qint64 batchId, qint64 completesBatch,
                                                 std::vector<JobEvent> &)>;
    // Changes a job's state through the one checked path (SqliteMutations::transition).
    using Move = std::function<MutationResult(const Transition &, std::vector<JobEvent> &)>;
    using Cancel = std::function<MutationResult(const RequestCancel &, std::vector<JobEvent> &)>;

    SqliteJobBatches(SqlStatementCache &statements, Enqueue enqueue, Move move, Cancel cancel);

    MutationResult add(const AddJobBatch &m, std::vector<JobEvent> &events);
    MutationResult cancel(const CancelJobBatch &m, std::vector<JobEvent> &events);
    // Called for every applied change of state of a batch's job.
    void jobMoved(qint64 batchId, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events);
    // A job of the batch was deleted in the state it had: the batch no longer counts it.
    void jobDeleted(qint64 batchId, JobState state, qint64 atMs, std::vector<JobEvent> &events);
    // What the completion job receives: the batch's counts, and each job's id, state and result.
    QByteArray summaryJson(qint64 batchId);
    QByteArray jobsJson(qint64 batchId);

private:
    // Applies count changes and queues the completion job if that ended the batch.
    void count(qint64 batchId, const QString &deltasSql, qint64 atMs, std::vector<JobEvent> &events);
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
    Enqueue m_enqueue;
    Move m_move;
    Cancel m_cancel;
};

} // namespace jobdeck
