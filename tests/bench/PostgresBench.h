#pragma once

#include "BenchOptions.h"
#include "PickupBench.h"

#include <QJsonObject>

namespace jobdeck::bench {

// The figures of `jobdeck-bench --db postgresql://…`.
struct PostgresBenchResult {
    int runners = 2;
    double endToEndPerSecond = 0;   // options.jobs noop jobs through `runners` runner processes
    double endToEndSeconds = 0;
    double baselinePerSecond = 0;   // the same row writes through libpq on one connection: claim, start, complete
    double baselineEnqueuePerSecond = 0;
    double setBaselinePerSecond = 0; // the same, each step of a batch one statement: what the ratio is taken to
    PickupResult pickup;            // another process's enqueue to its start, at 50 jobs/s
    QStringList notes;
};

// Runs the PostgreSQL measurements on the database `url`, whose Jobdeck schema it empties first (give it a scratch
// database). The runners are the real `jobdeck --no-gui` (options.jobdeck), each with options.workers workers.
PostgresBenchResult measurePostgres(const QString &url, const BenchOptions &options);

QString postgresTable(const BenchOptions &options, const PostgresBenchResult &r);
QJsonObject postgresJson(const BenchOptions &options, const PostgresBenchResult &r);

} // namespace jobdeck::bench
