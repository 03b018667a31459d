#pragma once

#include "SqliteStatementCache.h"
#include "storage/Mutation.h"

#include <functional>

namespace jobdeck {

// Applies the watched-folder mutations inside the writer's open transaction. Writer thread only.
// Throws StoreError on an SQL failure; a file version recorded before is a result (not applied), not an error.
class SqliteWatchMutations {
public:
    // Enqueues a job in the same transaction, as EnqueueJob does.
    using Enqueue = std::function<MutationResult(const EnqueueJob &, std::vector<JobEvent> &)>;

    SqliteWatchMutations(SqliteStatementCache &statements, Enqueue enqueue);

    MutationResult apply(const SaveWatch &m, std::vector<JobEvent> &events);
    MutationResult apply(const DeleteWatch &m, std::vector<JobEvent> &events);
    MutationResult apply(const SetWatchPaused &m, std::vector<JobEvent> &events);
    MutationResult apply(const EnqueueWatchedFile &m, std::vector<JobEvent> &events);
    MutationResult apply(const RecordWatchSkip &m, std::vector<JobEvent> &events);
    MutationResult apply(const SettleWatchedFile &m, std::vector<JobEvent> &events);

private:
    void bumpVersion();
    SqliteStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqliteStatementCache &m_statements;
    Enqueue m_enqueue;
};

} // namespace jobdeck
