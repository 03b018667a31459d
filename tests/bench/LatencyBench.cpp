#include "LatencyBench.h"

#include "BenchSupport.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QMutex>
#include <QTimer>
#include <algorithm>

namespace jobdeck::bench {

namespace {
constexpr int kSettleMs = 300;  // lets the idle engine finish its start-up writes
constexpr int kWarmUpJobs = 5;  // prepare every statement on the path before measuring
constexpr int kDrainWaitMs = 10'000;
}

LatencyResult measureLatency(const QString &path, const BenchOptions &options)
{
    auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions engineOptions;
    engineOptions.workers = options.workers;

    LatencyResult result;
    QElapsedTimer clock;
    clock.start();
    QMutex mutex;
    QHash<qint64, qint64> submittedAt; // job id -> ns, written on the writer thread
    QHash<qint64, qint64> runningAt;   // job id -> ns, main thread
    int committed = 0;
    int failedSubmits = 0;
    const int total = kWarmUpJobs + options.latencyJobs;

    Engine engine(*store, handlers, engineOptions);
    QEventLoop loop;
    const auto allStarted = [&] {
        QMutexLocker lock(&mutex);
        if (committed < total)
            return false;
        for (auto it = submittedAt.constBegin(); it != submittedAt.constEnd(); ++it) {
            if (!runningAt.contains(it.key()))
                return false;
        }
        return true;
    };
    QObject::connect(&engine, &Engine::jobsChanged, &loop, [&](const QList<JobEvent> &events) {
        const qint64 now = clock.nsecsElapsed();
        for (const JobEvent &e : events) {
            if (e.to == JobState::Running && !runningAt.contains(e.jobId))
                runningAt.insert(e.jobId, now);
        }
        if (allStarted())
            loop.quit();
    });
    QObject::connect(&engine, &Engine::storeFailed, &loop, [&](const QString &message) {
        result.problem = QStringLiteral("database error: %1").arg(message);
        loop.quit();
    });

    int sent = 0;
    std::vector<qint64> warmUpIds;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(options.latencyIntervalMs);
    QObject::connect(&pacer, &QTimer::timeout, &loop, [&] {
        if (sent >= total) {
            pacer.stop();
            QTimer::singleShot(kDrainWaitMs, &loop, [&] {
                if (result.problem.isEmpty())
                    result.problem = QStringLiteral("some jobs had not started %1 s after the last enqueue")
                                         .arg(kDrainWaitMs / 1000);
                loop.quit();
            });
            return;
        }
        const bool warmUp = sent < kWarmUpJobs;
        ++sent;
        const qint64 t0 = clock.nsecsElapsed();
        engine.submit({EnqueueJob{noopSpec(), SystemClock::instance().nowMs()}},
                      [&, t0, warmUp](const BatchResult &r) {
                          QMutexLocker lock(&mutex);
                          ++committed;
                          if (!r.ok || r.results.empty()) {
                              ++failedSubmits;
                              return;
                          }
                          if (warmUp)
                              warmUpIds.push_back(r.results.front().jobId);
                          submittedAt.insert(r.results.front().jobId, t0);
                      });
    });

    engine.start();
    if (engine.status() != Engine::Status::Running) {
        result.problem = QStringLiteral("the engine did not start");
        return result;
    }
    QTimer::singleShot(kSettleMs, &pacer, [&] { pacer.start(); });
    loop.exec();
    pacer.stop();
    engine.stopAndWait();

    QMutexLocker lock(&mutex);
    std::vector<double> latencies;
    for (auto it = submittedAt.constBegin(); it != submittedAt.constEnd(); ++it) {
        if (std::find(warmUpIds.begin(), warmUpIds.end(), it.key()) != warmUpIds.end())
            continue;
        const auto running = runningAt.constFind(it.key());
        if (running != runningAt.constEnd())
            latencies.push_back(double(*running - it.value()) / 1e6);
    }
    std::sort(latencies.begin(), latencies.end());
    result.submitted = options.latencyJobs;
    result.measured = int(latencies.size());
    if (failedSubmits > 0 && result.problem.isEmpty())
        result.problem = QStringLiteral("%1 enqueues failed").arg(failedSubmits);
    if (!latencies.empty()) {
        result.p50Ms = *percentile(latencies, 50);
        result.p90Ms = *percentile(latencies, 90);
        result.p99Ms = *percentile(latencies, 99);
        result.maxMs = latencies.back();
        double sum = 0;
        for (double v : latencies)
            sum += v;
        result.meanMs = sum / double(latencies.size());
    }
    return result;
}

} // namespace jobdeck::bench
