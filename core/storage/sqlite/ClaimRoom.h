#pragma once

#include "storage/Mutation.h"

#include <QSet>

namespace jobdeck {

// What a claim still has room for while it picks jobs apart from the plain ones (mutex holders, ordering keys):
// queues that are blocked, queue limits counted down as jobs are picked, and the mutex names held by running jobs
// and by the jobs picked so far. Writer thread only, for one claim.
class ClaimRoom {
public:
    ClaimRoom(ClaimJobs &claim, QSet<QString> heldNames) : m_claim(claim), m_taken(std::move(heldNames)) {}

    // A job of `queue` holding `names` may be picked.
    bool fits(const QString &queue, const QStringList &names) const;
    // It is picked: its queue has one start less, and its names are taken.
    void take(const QString &queue, const QStringList &names);
    // The names taken, for a query to leave their holders out.
    const QSet<QString> &taken() const { return m_taken; }

private:
    ClaimJobs &m_claim;
    QSet<QString> m_taken;
};

} // namespace jobdeck
