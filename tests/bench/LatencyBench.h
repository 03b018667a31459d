#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct LatencyResult {
    double p50Ms = 0;
    double p90Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double meanMs = 0;
    int measured = 0; // jobs whose Running event arrived
    int submitted = 0;
    QString problem;  // empty when every job started in time
};

// With an engine running idle on a fresh store at `path`, enqueues one noop job every
// options.latencyIntervalMs and measures, per job, the time from the submit call to the handling of the
// jobsChanged signal that reports the job Running.
//
// Jobs are submitted through Engine::submit, which is JobStore::submit plus the engine's own event
// forwarding: that forwarding is how a runner learns of an in-process enqueue at once (another process's
// enqueue is noticed by the store's change poll instead).
LatencyResult measureLatency(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
