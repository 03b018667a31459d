#include "ClaimableWait.h"

#include "storage/QueueSummary.h"
#include "storage/StoreReader.h"

#include <algorithm>

namespace jobdeck {

qint64 ClaimableWait::oldestWaitMs(StoreReader &reader, qint64 nowMs, const QStringList &blockedQueues)
{
    const std::vector<QueueSummary> queues = QueueSummary::read(reader);
    const auto heldBack = [&](const QueueSummary &q) {
        return q.paused || q.nextStartAtMs > nowMs || blockedQueues.contains(q.name);
    };
    const auto waiting = [](const QueueSummary &q) { return q.count(JobState::Queued) > 0; };
    qint64 since = 0;
    if (std::none_of(queues.cbegin(), queues.cend(), [&](const QueueSummary &q) { return waiting(q) && heldBack(q); })) {
        since = reader.oldestQueuedSinceMs();
    } else {
        for (const QueueSummary &q : queues) {
            if (!waiting(q) || heldBack(q))
                continue;
            const qint64 queueSince = reader.oldestQueuedSinceMs(q.name);
            if (queueSince > 0 && (since == 0 || queueSince < since))
                since = queueSince;
        }
    }
    return since > 0 ? std::max<qint64>(0, nowMs - since) : 0;
}

} // namespace jobdeck
