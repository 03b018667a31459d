#pragma once

#include "ApiBench.h"
#include "BenchOptions.h"
#include "EndToEndBench.h"
#include "EnqueueBench.h"
#include "LatencyBench.h"
#include "MultistepBench.h"
#include "NextOccurrenceBench.h"
#include "PickupBench.h"
#include "RunnerRss.h"
#include "ScheduleFiringBench.h"
#include "SqliteBaseline.h"
#include "WatchBench.h"

#include <QJsonObject>
#include <QStringList>

namespace jobdeck::bench {

// Every figure of one run.
struct BenchResults {
    EnqueueResult enqueue;
    EndToEndResult endToEnd;
    LatencyResult latency;
    BaselineResult baseline;
    RunnerResult runner;
    PickupResult pickup;         // the runner woken by other processes' commits
    PickupResult pickupPollOnly; // the same runner with wake-ups off: its poll of the database alone
    NextOccurrenceResult nextOccurrence;
    FiringResult firing;
    ApiResult api;
    WatchResult watch;
    MultistepResult multistep;
    double peakRssMb = 0;
    QStringList notes;
};

// The targets the figures are held to.
struct BenchTargets {
    static constexpr double endToEndPerSecond = 25'000; // at least
    static constexpr double ratio = 0.5;                // of the raw SQLite baseline, at least
    static constexpr double latencyP99Ms = 5;           // at most
    static constexpr double runnerPeakRssMb = 60;       // below
    static constexpr double pickupP99Ms = 5;            // at most: another process's enqueue to its start
    static constexpr double nextOccurrenceTotalMs = 1000; // below: 10,000 next-occurrence computations
    static constexpr double firingP99Ms = 20;           // below: due time to enqueue, 10,000 schedules
    static constexpr double apiAwaitedRatio = 0.7;      // at least: awaited POSTs / one-insert transactions
    static constexpr double apiConcurrentPerSecond = 20'000; // at least: 16 clients enqueueing
    static constexpr double apiPacedP99Ms = 5;          // at most: a request at 1,000 requests/s
    static constexpr double apiEventP99Ms = 5;          // at most: a commit to its event on /api/events
    static constexpr double watchP99Ms = 100;           // below: a complete file to its enqueue, minus the settle time
    static constexpr double batchRatio = 0.8;           // at least: a batch with a completion job / the same plain jobs
    static constexpr double chainPerSecond = 500;       // at least: links of a chain of continuations
    static constexpr double mutexRatio = 0.8;           // at least: jobs holding mutexes (or ordering keys) / the same plain jobs
};

QJsonObject toJson(const BenchOptions &options, const BenchResults &results);
QString toTable(const BenchOptions &options, const BenchResults &results);

} // namespace jobdeck::bench
