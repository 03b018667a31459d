#pragma once

#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <functional>

namespace jobdeck {

// Rate limits inside the claim's transaction: a queue limited to N starts per window records each claim of its
// jobs, and a claim takes only as many as the window has room for. The claim is the start (a claimed job is
// running), and writes are one at a time, so the limit holds across every runner. Writer thread only.
class SqliteQueueRates {
public:
    explicit SqliteQueueRates(SqlStatementCache &statements);

    // Before a claim: blocks the rate-limited queues whose window is full and limits the others to the room left
    // (and to the claimer's workers). `nextClaimAtMs` moves to when a full window has room again.
    // `limited`: whether some queue has a rate, which `serialize` is then called for (see
    // SqliteMutations::setSerialize).
    void limit(ClaimJobs &c, qint64 &nextClaimAtMs, bool limited, const std::function<void()> &serialize);
    // After the claim: records the starts of the jobs it took.
    void started(const std::vector<ClaimedJob> &claimed, qint64 nowMs, qint64 &nextClaimAtMs);
    // A queue's rate changed: starts counted under the old one are forgotten when the limit goes.
    void configured(const QString &queue, const QueueRate &rate);

private:
    struct Limited {
        QString queue;
        QueueRate rate;
        int recent = 0; // starts within the window
    };
    qint64 roomAt(const Limited &q);
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
    std::vector<Limited> m_limited; // of the claim in progress
};

} // namespace jobdeck
