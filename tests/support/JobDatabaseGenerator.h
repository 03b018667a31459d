#pragma once

#include <QString>

namespace jobdeck::testdata {

// What a generated database holds. The defaults make the million-job database the history view, its tests and
// the benchmark are measured on.
struct GeneratorOptions {
    qint64 jobs = 1'000'000;     // finished jobs
    qint64 endMs = 0;            // the newest finished around here; 0: now
    qint64 spanMs = 30LL * 24 * 3'600'000; // spread over this period before endMs
    int deadPerMille = 20;       // poison jobs
    int cancelledPerMille = 10;
    int logEvery = 10;           // one log line for every Nth job (all searchable)
    bool waves = false;          // busier and quieter stretches instead of an even rate (for charts that look real)
    quint32 seed = 1;
};

// Creates a Jobdeck database at `path` (replacing any file there) full of finished jobs of realistic kinds,
// queues, payloads, errors, attempts and log lines, with the counts and the per-minute series the console
// reads. Writes raw SQLite in large transactions: a million jobs take seconds, not the minutes the runner's
// own durable path would. Throws StoreError.
void generateJobDatabase(const QString &path, const GeneratorOptions &options = {});

} // namespace jobdeck::testdata
