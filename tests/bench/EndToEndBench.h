#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct EndToEndResult {
    double perSecond = 0;
    double seconds = 0;
    qint64 succeeded = 0;  // Succeeded events seen
    qint64 leftPending = 0; // jobs still queued or running when the run ended (0 on success)
    QString problem;        // empty when every job succeeded in time
};

// Pre-enqueues options.jobs noop jobs in a fresh store at `path`, then times an engine with
// options.workers workers from start() until every job's Succeeded event has been published.
EndToEndResult measureEndToEnd(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
