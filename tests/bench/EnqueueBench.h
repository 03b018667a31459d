#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct EnqueueResult {
    double perSecond = 0;
    double seconds = 0;
};

// Enqueues options.jobs noop jobs through a fresh store at `path`, options.batch to a batch, one batch
// after another (each waits for its commit).
EnqueueResult measureEnqueue(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
