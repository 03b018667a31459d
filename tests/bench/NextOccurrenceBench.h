#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct NextOccurrenceResult {
    int computations = 0;
    double totalMs = 0;        // all computations
    double perComputationUs = 0;
    // Baseline: the same search done by testing one second after another, on the expressions that fire at
    // least daily (a yearly one would take minutes). Microseconds per computation, and how many times faster
    // the field-by-field search is on the same computations.
    double scanPerComputationUs = 0;
    double fieldSearchOnScanSetUs = 0;
    QString problem;
};

// 10,000 next-occurrence computations over a mix of cron expressions (L, W, #, leap days, seconds, ranges)
// in four zones, from start times spread over two years so that daylight-saving changes are crossed.
NextOccurrenceResult measureNextOccurrence(const BenchOptions &options);

} // namespace jobdeck::bench
