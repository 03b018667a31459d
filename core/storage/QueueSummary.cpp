#include "storage/QueueSummary.h"

#include "storage/StoreReader.h"

#include <QMap>

namespace jobdeck {

std::vector<QueueSummary> QueueSummary::read(StoreReader &reader)
{
    QMap<QString, QueueSummary> byName; // sorted by name
    for (const QueueInfo &q : reader.queues()) {
        QueueSummary &s = byName[q.name];
        s.name = q.name;
        s.limit = q.concurrency;
        s.paused = q.paused;
        s.rate = q.rate;
        s.nextStartAtMs = q.nextStartAtMs;
    }
    for (const JobCount &c : reader.counts()) {
        QueueSummary &s = byName[c.queue];
        s.name = c.queue;
        s.counts[size_t(c.state)] += c.count;
    }
    return {byName.begin(), byName.end()};
}

} // namespace jobdeck
