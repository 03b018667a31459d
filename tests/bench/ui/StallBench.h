#pragma once

#include <QString>
#include <vector>

namespace jobdeck::bench {

// How long the window's event loop stalls while its runner works through `rate` jobs a second: a timer fires every
// few milliseconds and every late firing is a stall. Measured with the Overview, then the History page shown.
struct StallResult {
    double targetPerSecond = 0;
    double processedPerSecond = 0; // jobs that succeeded, per second, while measuring
    int probes = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    // The same gaps counted in the window thread's own CPU time: the work it did between two firings. Unlike the
    // wall-clock gaps, it leaves out time the thread waited for a core another program was using.
    double cpuP99Ms = 0;
    double cpuMaxMs = 0;
    QString problem;
};

StallResult measureStall(const QString &path, int rate, int seconds, int workers);

} // namespace jobdeck::bench
