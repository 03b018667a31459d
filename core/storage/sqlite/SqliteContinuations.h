#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <deque>
#include <functional>

namespace jobdeck {

// Continuations inside the writer's open transaction: records a job's parents, and moves a waiting child on in
// the transaction that ends its last parent, so a chain of jobs has no polling delay between its links. A
// requeued parent re-arms the children it had cancelled. Writer thread only.
class SqliteContinuations {
public:
    // Changes a job's state through the one checked path (SqliteMutations::transition).
    using Move = std::function<MutationResult(const Transition &, std::vector<JobEvent> &)>;

    SqliteContinuations(SqlStatementCache &statements, Move move);

    // Records the parents of the job just inserted as waiting, then settles it at once if they have all ended.
    // Throws StoreError (NotFound) when a parent does not exist.
    void addParents(qint64 jobId, const JobSpec &spec, qint64 nowMs, std::vector<JobEvent> &events);
    // Called for every applied change of state: a job that ended, or left an ended state, moves its children.
    void jobMoved(qint64 jobId, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events);
    // A job is about to be deleted: its waiting children count it as ended "deleted".
    void jobDeleted(qint64 jobId, qint64 atMs, std::vector<JobEvent> &events);
    // The parents' ids, how they ended and their results, as the child's handler receives them: a JSON array.
    QByteArray parentsJson(qint64 jobId);
    // Forgets work left by a transaction that rolled back.
    void rolledBack() { m_work.clear(); }

private:
    struct Work {
        qint64 jobId = 0;
        QString ended; // empty: the job left an ended state
        qint64 atMs = 0;
    };
    void drain(std::vector<JobEvent> &events);
    void parentEnded(const Work &w, std::vector<JobEvent> &events);
    void parentRequeued(const Work &w, std::vector<JobEvent> &events);
    void settle(qint64 childId, qint64 atMs, std::vector<JobEvent> &events);
    std::vector<qint64> markEdges(qint64 parentId, const QVariant &ended);
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
    Move m_move;
    // Children settle one after another instead of recursively, so a long chain that is cancelled link by link
    // does not grow the stack.
    std::deque<Work> m_work;
    bool m_draining = false;
};

} // namespace jobdeck
