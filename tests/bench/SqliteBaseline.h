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

// What a disk allows one client that waits for each commit: `count` noop jobs, each inserted in a transaction of
// its own through the C API, at options.durability. Jobs per second. Throws StoreError on an SQLite failure.
double measureSingleInsertCommits(const QString &path, const BenchOptions &options, int count);

} // namespace jobdeck::bench
