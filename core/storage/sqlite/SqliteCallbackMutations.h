#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

namespace jobdeck {

// Applies the callback deliveries' mutations inside the writer's open transaction. Writer thread only.
// A delivery whose lease another runner holds is a result (not applied), not an error.
class SqliteCallbackMutations {
public:
    explicit SqliteCallbackMutations(SqlStatementCache &statements) : m_statements(statements) {}

    MutationResult apply(const ClaimCallbacks &m);
    MutationResult apply(const RecordCallbackAttempt &m);

private:
    SqlStatementCache &m_statements;
};

} // namespace jobdeck
