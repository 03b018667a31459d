#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <functional>

namespace jobdeck {

// Applies the watched-folder mutations inside the writer's open transaction. Writer thread only.
// Throws StoreError on an SQL failure; a file version recorded before is a result (not applied), not an error.
class SqliteWatchMutations {
public:
    // Enqueues a job in the same transaction, as EnqueueJob does.
    using Enqueue = std::function<MutationResult(const EnqueueJob &, std::vector<JobEvent> &)>;

    SqliteWatchMutations(SqlStatementCache &statements, Enqueue enqueue);

    MutationResult apply(const SaveWatch &m, std::vector<JobEvent> &events);
    MutationResult apply(const DeleteWatch &m, std::vector<JobEvent> &events);
    MutationResult apply(const SetWatchPaused &m, std::vector<JobEvent> &events);
    MutationResult apply(const EnqueueWatchedFile &m, std::vector<JobEvent> &events);
    MutationResult apply(const RecordWatchSkip &m, std::vector<JobEvent> &events);
    MutationResult apply(const SettleWatchedFile &m, std::vector<JobEvent> &events);

private:
    void bumpVersion();
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
    Enqueue m_enqueue;
};

} // namespace jobdeck
