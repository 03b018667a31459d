#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct FiringResult {
    int schedules = 0;
    int fired = 0;          // enqueues seen
    double loadMs = 0;      // the scheduler reading every schedule at start
    double p50Ms = 0;       // due time to the job's enqueue reaching the engine's listeners
    double p99Ms = 0;
    double maxMs = 0;
    // Baseline: the same due times served by a bare timer that enqueues a job at each, through the same engine.
    double baselineP50Ms = 0;
    double baselineP99Ms = 0;
    QString problem;
};

// 10,000 schedules in a fresh store at `path`, each due once within about fifteen seconds (about one every
// 1.5 ms), fired by the engine's scheduler with two workers running the jobs. For each, the time from its due
// time to the engine reporting its job enqueued (committed) is measured; then the baseline.
FiringResult measureScheduleFiring(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
