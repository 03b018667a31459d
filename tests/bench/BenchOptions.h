#pragma once

#include "storage/sqlite/SqliteConnection.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace jobdeck::bench {

// What the command line asked for.
struct BenchOptions {
    int jobs = 20000;
    int workers = 2;
    int latencyJobs = 500;       // one every latencyIntervalMs
    int latencyIntervalMs = 20;  // 50 jobs/s
    int batch = 500;             // jobs per enqueue batch (and per baseline transaction)
    Durability durability = Durability::Full;
    bool json = false;
    QString dir;      // empty: a temporary directory
    QString jobdeck;  // empty: <build>/app/jobdeck next to this binary
    QStringList only; // empty: every measurement
    QString postgres; // a PostgreSQL URL: measure that backend instead (end-to-end, baseline, pickup)
    bool runs(const QString &measurement) const { return only.isEmpty() || only.contains(measurement); }
};

// Parses the arguments (the first one is the program). On a bad or help request returns nothing and sets
// `message` (and `exitCode`: 0 for --help, 2 for bad input).
std::optional<BenchOptions> parseBenchOptions(const QStringList &arguments, QString &message, int &exitCode);

QString durabilityName(Durability durability);

} // namespace jobdeck::bench
