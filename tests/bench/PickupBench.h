#pragma once

#include "BenchOptions.h"

#include <optional>

namespace jobdeck::bench {

struct PickupResult {
    std::optional<double> p50Ms; // nothing when the runner could not be started
    std::optional<double> p99Ms;
    std::optional<double> maxMs;
    int jobs = 0;
    QString note;
};

// How soon a running headless runner starts a job that another process enqueued: runs the real
// `jobdeck --no-gui` on `path`, enqueues one noop job every 20 to 120 ms from this process, and reads each job's
// created_at and its attempt's started_at from the database. Without `wakeUps` the runner is started with
// JOBDECK_NO_WAKEUP set, so only its poll of the database notices the jobs: the baseline.
PickupResult measurePickup(const QString &path, const BenchOptions &options, bool wakeUps);

} // namespace jobdeck::bench
