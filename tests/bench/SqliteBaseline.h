#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct BaselineResult {
    double perSecond = 0;         // all four steps: enqueue, claim, start, complete
    double processPerSecond = 0;  // claim, start and complete only (what the end-to-end run times)
    double enqueueSeconds = 0;
    double claimSeconds = 0;
    double startSeconds = 0;
    double completeSeconds = 0;
};

// The same row writes Jobdeck makes for a noop job, through the SQLite C API on one thread, in a database
// whose schema Jobdeck created: WAL, the same synchronous setting, prepared statements, options.batch jobs
// to a transaction in each step. Throws StoreError on an SQLite failure.
BaselineResult measureBaseline(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
