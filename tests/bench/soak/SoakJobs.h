#pragma once

#include <QHash>
#include <QString>
#include <optional>
#include <random>

namespace jobdeck::soak {

enum class SoakKind { Noop, Sleep, Steps };

// The soak's jobs: which ids were enqueued, and of which kind.
struct SoakJobs {
    QHash<qint64, SoakKind> kinds;
    int count(SoakKind kind) const;
};

// Where and how the jobs are made.
struct SoakSetup {
    QString jobdeck;
    QString db;
    QString dir;          // the jobs file goes here
    QString python;       // interpreter of the step script
    QString script;       // the step script
    QString record;       // the file the step script appends to
    int jobs = 0;
    int maxAttempts = 0;  // enough for every kill to interrupt a job once, so no job dies of the kills alone
};

// Writes `setup.jobs` jobs as JSON lines in a seeded shuffle of mostly noop jobs, some step-script jobs and a
// few longer sleep jobs, and enqueues them with `jobdeck enqueue --file`. Nothing (and `error`) on failure.
std::optional<SoakJobs> enqueueSoakJobs(const SoakSetup &setup, std::mt19937 &random, QString &error);

} // namespace jobdeck::soak
