#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <QVariant>
#include <functional>

namespace jobdeck {

// Pipelines inside the writer's open transaction: creates a pipeline with its steps' jobs, and moves it on in the
// transaction that ends a step or a compensation, so a crash between steps loses nothing and no step runs twice
// because of it. Writer thread only.
class SqlitePipelines {
public:
    // Inserts one job of `pipelineId`; a non-empty `waitReason` makes it wait (a later step) with that reason.
    using Enqueue = std::function<MutationResult(const EnqueueJob &, qint64 pipelineId, const QString &waitReason,
                                                 std::vector<JobEvent> &)>;
    // Changes a job's state through the one checked path (SqliteMutations::transition).
    using Move = std::function<MutationResult(const Transition &, std::vector<JobEvent> &)>;

    SqlitePipelines(SqlStatementCache &statements, Enqueue enqueue, Move move);

    MutationResult start(const StartPipeline &m, std::vector<JobEvent> &events);
    // Called for every applied change of state of a pipeline's job.
    void jobMoved(const ClaimedJob &row, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events);

private:
    struct Place {
        qint64 pipelineId = 0;
        int step = 0;
        bool compensation = false;
        QString state; // the pipeline's
        int stepCount = 0;
        QString reason;
    };
    void stepSucceeded(const Place &p, qint64 jobId, qint64 atMs, std::vector<JobEvent> &events);
    void stepFailed(const Place &p, qint64 jobId, JobState to, qint64 atMs, std::vector<JobEvent> &events);
    // Enqueues the compensation of the last step before `below` that has one, or ends the pipeline failed.
    void compensateBelow(qint64 pipelineId, int below, qint64 atMs, std::vector<JobEvent> &events);
    void finish(qint64 pipelineId, const QString &state, const QString &reason, const QVariant &result, qint64 atMs);
    // "step 3 (charge) ended dead: card declined"
    QString ending(const QString &what, qint64 jobId, JobState to);
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
    Enqueue m_enqueue;
    Move m_move;
};

} // namespace jobdeck
