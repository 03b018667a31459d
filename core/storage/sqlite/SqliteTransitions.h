#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <functional>

struct sqlite3;

namespace jobdeck {

// The one place that writes `jobs.state`. Every change of a job's state, of one job or of a set (a claim), is
// an UPDATE built here: it checks that the transition is allowed and that the job is still where the caller
// expects it (compare-and-set), and a claim checks in the same statement that the claimer is a registered
// runner. An authorizer on the connection refuses to prepare any other statement that writes the column, so
// SQL added elsewhere that changes a state fails at once instead of slipping past the checks. Writer thread only.
class SqliteTransitions {
public:
    // With `db`, an authorizer on that SQLite connection refuses other statements that write the state (none on
    // PostgreSQL, where the same SQL runs and the source check in the tests covers it).
    explicit SqliteTransitions(SqlStatementCache &statements, sqlite3 *db = nullptr);
    ~SqliteTransitions();
    SqliteTransitions(const SqliteTransitions &) = delete;
    SqliteTransitions &operator=(const SqliteTransitions &) = delete;

    // Binds the ids the change applies to, from the given 0-based parameter index on.
    using BindIds = std::function<void(SqlStatement &, int firstIndex)>;

    // Moves the jobs selected by `idsSql` (a list of `?` or a subquery yielding ids) from `from` to `t.to`,
    // with the columns `t` sets. A transition to Running is a claim: `t.requireOwner` is the claimer, which
    // takes the lease until `leaseUntilMs`. Returns the rows that changed, with the columns a claim hands out
    // (the checkpoint is "?" when the job has one, to be loaded by the caller).
    std::vector<ClaimedJob> change(const Transition &t, JobState from, const QString &idsSql, const BindIds &bindIds,
                                   qint64 leaseUntilMs = 0);

private:
    static int authorize(void *self, int action, const char *table, const char *column, const char *, const char *);

    sqlite3 *m_db;
    SqlStatementCache &m_statements;
    bool m_writingState = false;
};

} // namespace jobdeck
