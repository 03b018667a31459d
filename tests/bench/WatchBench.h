#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct WatchResult {
    int files = 0;
    int enqueued = 0;
    qint64 settleMs = 0;
    double p50Ms = 0; // from a file's last write to its job's enqueue, minus the settle time
    double p99Ms = 0;
    double maxMs = 0;
    QString problem;
};

// A watched folder in a fresh store at `path`, watched by an engine in this process: files are written into it
// one at a time, each whole, about one every 50 ms, and for each the time from its last write to the engine
// reporting its job enqueued (committed) is measured, less the watch's settle time.
WatchResult measureWatchedFolder(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
