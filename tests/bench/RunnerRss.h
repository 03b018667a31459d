#pragma once

#include "BenchOptions.h"

#include <optional>

namespace jobdeck::bench {

struct RunnerResult {
    std::optional<double> peakRssMb;       // nothing when the binary is missing or the run failed
    std::optional<double> perSecond;       // jobs / wall time of the whole process, start-up and drain included
    double seconds = 0;
    QString note;                           // why a figure is missing, or what looked wrong
};

// Pre-enqueues options.jobs noop jobs in a fresh store at `path`, runs
// `jobdeck --no-gui --drain --quiet --workers W --durability D --db path` and reads the child's peak
// resident set from wait4().
RunnerResult measureRunner(const QString &path, const BenchOptions &options);

} // namespace jobdeck::bench
