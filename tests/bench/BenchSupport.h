#pragma once

#include "model/JobSpec.h"
#include "storage/JobStore.h"

#include <QString>
#include <optional>
#include <vector>

namespace jobdeck::bench {

// A noop job as `jobdeck enqueue noop` makes it.
JobSpec noopSpec();

// Enqueues `count` noop jobs, `batchSize` to a transaction. Throws StoreError when a batch fails.
void enqueueNoopJobs(JobStore &store, int count, int batchSize);

// `path` with any database, WAL and shared-memory file of a previous run removed.
QString freshDatabase(const QString &path);

// Peak resident set of this process so far, in MB (getrusage).
double selfPeakRssMb();

double perSecond(qint64 count, qint64 nanoseconds);
// CPU time the calling thread has used, in milliseconds.
double threadCpuMs();
// Lets the calling thread's event loop run for `ms` (a window's first reads, a warm-up).
void runEventsFor(qint64 ms);

// Nearest-rank percentile (0 < p <= 100) of sorted values; nothing for an empty list.
std::optional<double> percentile(const std::vector<double> &sorted, double p);

} // namespace jobdeck::bench
