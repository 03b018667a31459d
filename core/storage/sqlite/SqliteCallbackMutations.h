#pragma once

#include "SqliteStatementCache.h"
#include "storage/Mutation.h"

namespace jobdeck {

// Applies the callback deliveries' mutations inside the writer's open transaction. Writer thread only.
// A delivery whose lease another runner holds is a result (not applied), not an error.
class SqliteCallbackMutations {
public:
    explicit SqliteCallbackMutations(SqliteStatementCache &statements) : m_statements(statements) {}

    MutationResult apply(const ClaimCallbacks &m);
    MutationResult apply(const RecordCallbackAttempt &m);

private:
    SqliteStatementCache &m_statements;
};

} // namespace jobdeck
