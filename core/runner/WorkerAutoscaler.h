#pragma once

#include "WorkerRange.h"

#include <QtGlobal>

namespace jobdeck {

class Clock;

struct AutoscaleOptions {
    qint64 growAfterMs = 1000;    // grow while a claimable job has waited at least this long and every worker is busy
    qint64 shrinkAfterMs = 30'000; // shrink once some worker has had nothing to do for this long
};

// When a runner with a range of workers grows or shrinks its pool. A small state machine over samples of the pool,
// with time from the injected clock, so tests step through it without waiting.
//
// Grows, doubling up to MAX, while every worker is busy and a job that could be claimed has waited growAfterMs;
// after a growth it waits growAfterMs again, so the new workers claim before the wait is judged again. Shrinks once
// at least one worker has been spare for all of shrinkAfterMs: to half, but never below MIN nor below the most
// workers that were busy at once in that time, so a shrink never takes a worker that the last window needed.
// Any sample with every worker busy starts that window again. Together: no growth without full use, no shrink
// without a whole window of spare capacity, hence no flapping between the two.
class WorkerAutoscaler {
public:
    struct Sample {
        int workers = 1;
        int busy = 0;
        // How long the longest-waiting claimable job has waited; 0 when none waits or when it was not read
        // (see mayGrow()).
        qint64 oldestWaitMs = 0;
    };

    WorkerAutoscaler(WorkerRange range, AutoscaleOptions options, const Clock &clock);

    // Whether a sample with these figures could grow the pool: only then is the oldest wait worth reading.
    bool mayGrow(int workers, int busy) const;
    // The worker count from now on; `sample.workers` when it stays (clamped into the range when outside it).
    int decide(const Sample &sample);

    const WorkerRange &range() const { return m_range; }

private:
    WorkerRange m_range;
    AutoscaleOptions m_options;
    const Clock &m_clock;
    qint64 m_lastChangeAtMs;
    qint64 m_spareSinceMs = 0; // 0: every worker was busy at the last sample
    int m_peakBusy = 0;         // the most workers busy at once since m_spareSinceMs
};

} // namespace jobdeck
