#pragma once

#include "BenchOptions.h"

#include <QDir>

namespace jobdeck::bench {

struct MultistepResult {
    int batchJobs = 0;
    double plainPerSecond = 0; // the batch's jobs as plain noop jobs: enqueued in one transaction, then run
    double batchPerSecond = 0; // the same jobs as one batch with a completion job, until the completion has run
    double mutexPerSecond = 0; // the same jobs each holding one of kMutexNames mutexes, enqueued and run
    int mutexNames = 0;
    double orderedPerSecond = 0; // the same jobs under one of kOrderKeys ordering keys, enqueued and run
    int orderKeys = 0;
    int chainLinks = 0;
    double chainPerSecond = 0; // a chain of continuations, each after the previous, from start to the last link
    QString problem;

    double batchRatio() const { return plainPerSecond > 0 ? batchPerSecond / plainPerSecond : 0; }
    double mutexRatio() const { return plainPerSecond > 0 ? mutexPerSecond / plainPerSecond : 0; }
    double orderedRatio() const { return plainPerSecond > 0 ? orderedPerSecond / plainPerSecond : 0; }
};

// Batches and continuations against plain jobs, each in a fresh database under `dir` with options.workers workers.
MultistepResult measureMultistep(const QDir &dir, const BenchOptions &options);

} // namespace jobdeck::bench
