#include "PickupBench.h"

#include "BenchSupport.h"
#include "model/Clock.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>
#include <algorithm>

namespace jobdeck::bench {

namespace {
constexpr int kJobs = 150; // enough that p99 is not simply the slowest one
constexpr int kMinGapMs = 20;
constexpr int kMaxGapMs = 120;
constexpr qint64 kWaitMs = 30'000;

// Waits until every job has an attempt; returns false on timeout.
bool waitForStarts(StoreReader &reader, const std::vector<qint64> &ids)
{
    QElapsedTimer waited;
    waited.start();
    for (qint64 id : ids) {
        while (reader.attempts(id).empty()) {
            if (waited.elapsed() > kWaitMs)
                return false;
            QThread::msleep(10);
        }
    }
    return true;
}
} // namespace

PickupResult measurePickup(const QString &path, const BenchOptions &options, bool wakeUps)
{
    PickupResult result;
    if (!QFileInfo(options.jobdeck).isExecutable()) {
        result.note = QStringLiteral("no jobdeck binary at %1").arg(options.jobdeck);
        return result;
    }
    auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
    auto reader = store->openReader();
    QProcess runner;
    runner.setProgram(options.jobdeck);
    runner.setArguments({QStringLiteral("--no-gui"), QStringLiteral("--quiet"), QStringLiteral("--durability"),
                         durabilityName(options.durability), QStringLiteral("--db"), path});
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (wakeUps)
        environment.remove(QStringLiteral("JOBDECK_NO_WAKEUP"));
    else
        environment.insert(QStringLiteral("JOBDECK_NO_WAKEUP"), QStringLiteral("1"));
    runner.setProcessEnvironment(environment);
    runner.start();
    if (!runner.waitForStarted()) {
        result.note = QStringLiteral("could not start %1").arg(options.jobdeck);
        return result;
    }
    // A first job shows the runner is up; it is not counted.
    const BatchResult warmUp = store->apply({EnqueueJob{noopSpec(), SystemClock::instance().nowMs()}});
    if (!warmUp.ok || !waitForStarts(*reader, {warmUp.results.front().jobId})) {
        result.note = QStringLiteral("the runner did not start a job within %1 s").arg(kWaitMs / 1000);
        runner.kill();
        runner.waitForFinished();
        return result;
    }
    std::vector<qint64> ids;
    for (int i = 0; i < kJobs; ++i) {
        const BatchResult r = store->apply({EnqueueJob{noopSpec(), SystemClock::instance().nowMs()}});
        if (r.ok)
            ids.push_back(r.results.front().jobId);
        // Irregular gaps: a fixed cadence would lock in phase with the runner's poll and measure the aliasing.
        QThread::msleep(QRandomGenerator::global()->bounded(kMinGapMs, kMaxGapMs + 1));
    }
    const bool started = waitForStarts(*reader, ids);
    runner.terminate();
    runner.waitForFinished(30'000);
    if (!started) {
        result.note = QStringLiteral("not every job started within %1 s").arg(kWaitMs / 1000);
        return result;
    }
    std::vector<double> delays;
    for (qint64 id : ids) {
        const auto job = reader->job(id);
        const auto attempts = reader->attempts(id);
        if (job && !attempts.empty())
            delays.push_back(double(attempts.front().startedAtMs - job->createdAtMs));
    }
    std::sort(delays.begin(), delays.end());
    result.jobs = int(delays.size());
    result.p50Ms = percentile(delays, 50);
    result.p99Ms = percentile(delays, 99);
    result.maxMs = delays.empty() ? std::nullopt : std::optional<double>(delays.back());
    return result;
}

} // namespace jobdeck::bench
