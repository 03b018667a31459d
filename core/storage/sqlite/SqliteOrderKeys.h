#pragma once

#include "ClaimRoom.h"
#include "storage/sql/SqlStatement.h"
#include "storage/Mutation.h"

#include <QSet>
#include <optional>

namespace jobdeck {

// Ordering keys inside the writer's open transaction. A key's jobs that have not ended wait in sequence order; only
// the first of them may run, and only once it is the next number after the last one that ended, or has waited its
// order wait for the numbers before it. A dead job stays first, so it holds the rest until it is requeued,
// cancelled or deleted. Writer thread only.
class SqliteOrderKeys {
public:
    struct Pick {
        qint64 jobId = 0;
        QString late; // non-empty: it runs before a missing predecessor, and this warning goes into its log
    };

    explicit SqliteOrderKeys(SqlStatementCache &statements);

    // The sequence number of a job about to be enqueued under `spec.orderKey`: its own, or the key's next.
    qint64 sequenceFor(const JobSpec &spec);
    // Queued jobs first in their key's order that may run at `nowMs`, in claim order, for a claim of up to `limit`
    // jobs that `room` has room for (they are taken out of it). `nextClaimAtMs` moves to when a job waiting for a
    // predecessor would run anyway.
    std::vector<Pick> toClaim(ClaimRoom &room, qint64 nowMs, int limit, qint64 &nextClaimAtMs);
    // Called for every applied change of state: a job that succeeded or was cancelled lets the next number in.
    void jobMoved(const ClaimedJob &row, JobState to, qint64 atMs);
    // The key and number of a job about to be deleted; once it is, `passed` lets the next number in.
    struct Place {
        QString key;
        qint64 seq = 0;
    };
    std::optional<Place> placeOf(qint64 jobId);
    void passed(const Place &place, qint64 atMs);

private:
    SqlStatement &statement(const QString &sql) { return m_statements.get(sql); }

    SqlStatementCache &m_statements;
};

} // namespace jobdeck
