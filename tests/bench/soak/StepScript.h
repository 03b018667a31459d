#pragma once

#include <QString>

namespace jobdeck::soak {

// The program of the soak's `process` jobs: a few steps, a checkpoint after each, and a record of what every
// run of it saw and did, appended to one file shared by all runs.
//
// Record lines, each appended with one write() to a file opened O_APPEND, so lines of parallel runs never mix:
//   start JOB RUN FROM SUCCEEDED  a run began at step FROM (its JOBDECK_CHECKPOINT); SUCCEEDED is 1 when the
//                                 database already held a succeeded attempt of the job as it began
//   saved JOB RUN STEP            the checkpoint of STEP was read back from the database (committed, so any
//                                 later run must start at STEP or after)
//   done JOB RUN                  the run did its last step and is about to exit 0
// RUN is unique to one run. Runs of one job follow each other, so the file's order is their order.
class StepScript {
public:
    static constexpr int kSteps = 4;

    // Writes the script into `dir`; returns its path, or an empty string (and `error`) when it cannot.
    static QString write(const QString &dir, QString &error);

    // The real python3 interpreter (a version manager's shim resolved), so each run starts quickly; empty
    // (and `error`) when there is none.
    static QString interpreter(QString &error);
};

} // namespace jobdeck::soak
