#pragma once

#include "SoakJobs.h"
#include "SoakRecord.h"

#include <QMap>
#include <QStringList>

namespace jobdeck::soak {

// What the database and the record say about every job after the drain.
struct SoakVerdict {
    int lost = 0;                 // jobs missing, or not succeeded (every job of the mix can succeed)
    QMap<QString, int> lostBy;    // "missing" or the state they ended in -> jobs
    int rerunCompleted = 0;       // jobs that ran again after an attempt of theirs had succeeded
    int restartedFromZero = 0;    // step-script runs that began at step 0 after a committed checkpoint
    int restartedBehind = 0;      // runs that began after step 0 but before the last committed checkpoint
    int succeededUnfinished = 0;  // step jobs that succeeded though no run of their script reached its end
    int malformedRecordLines = 0;
    // Figures that show what the kills did; none is a fault.
    int abandonedAttempts = 0;    // attempts a killed runner left behind (the next runner closed them)
    int scriptRuns = 0;
    int resumedRuns = 0;          // step-script runs that began from a checkpoint
    int completedAgainBeforeSuccess = 0; // step jobs whose script ended twice because a kill came between its
                                         // end and the recording of the success: at-least-once, allowed
    QStringList examples;         // a few faults spelled out
};

// Reads the drained database at `db` (through Jobdeck's own store) and the step scripts' record.
// Throws StoreError when the database cannot be read.
SoakVerdict judge(const QString &db, const SoakJobs &jobs, const SoakRecord &record);

} // namespace jobdeck::soak
