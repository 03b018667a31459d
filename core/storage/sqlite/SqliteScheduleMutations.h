#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <functional>

namespace jobdeck {

// Applies the schedule mutations inside the writer's open transaction. Writer thread only.
// Throws StoreError on an SQL failure; a duplicate occurrence or a lease held by another runner is a result.
class SqliteScheduleMutations {
public:
    // Enqueues a job in the same transaction, as EnqueueJob does.
    using Enqueue = std::function<MutationResult(const EnqueueJob &, std::vector<JobEvent> &)>;

    SqliteScheduleMutations(SqlStatementCache &statements, Enqueue enqueue);

    MutationResult apply(const SaveSchedule &m, std::vector<JobEvent> &events);
    MutationResult apply(const DeleteSchedule &m, std::vector<JobEvent> &events);
    MutationResult apply(const SetScheduleState &m, std::vector<JobEvent> &events);
    MutationResult apply(const AdvanceSchedule &m, std::vector<JobEvent> &events);
    MutationResult apply(const FireOccurrence &m, std::vector<JobEvent> &events);
    MutationResult apply(const ReleaseWaitingOccurrence &m, std::vector<JobEvent> &events);
    MutationResult apply(const AcquireSchedulerLease &m, std::vector<JobEvent> &events);
    MutationResult apply(const ReleaseSchedulerLease &m, std::vector<JobEvent> &events);
    MutationResult apply(const SaveCalendar &m, std::vector<JobEvent> &events);

private:
    bool holdsLease(const QString &owner, qint64 nowMs);
    void bumpVersion();
    void writeExclusions(qint64 scheduleId, const QStringList &calendars);
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
    Enqueue m_enqueue;
};

} // namespace jobdeck
