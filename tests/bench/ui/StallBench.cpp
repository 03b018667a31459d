#include "StallBench.h"

#include "BenchSupport.h"
#include "MainWindow.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/sqlite/SqliteStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <ctime>

namespace jobdeck::bench {

namespace {
constexpr int kProbeMs = 4;
constexpr int kFeedMs = 10;
}

StallResult measureStall(const QString &path, int rate, int seconds, int workers)
{
    StallResult result;
    result.targetPerSecond = rate;
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    auto store = SqliteStore::open(path);
    EngineOptions options;
    options.workers = workers;
    Engine engine(*store, handlers, options);
    MainWindow window(engine);
    window.show();
    engine.start();
    runEventsFor(2000); // the window's first reads are not what is measured

    qint64 succeeded = 0;
    QObject::connect(&engine, &Engine::jobsChanged, &window, [&succeeded](const QList<JobEvent> &events) {
        for (const JobEvent &e : events)
            succeeded += e.to == JobState::Succeeded && !e.created ? 1 : 0;
    });
    // The feeder: `rate` noop jobs a second, in small batches through the engine, as a busy producer would.
    const int perBatch = std::max(1, rate * kFeedMs / 1000);
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    QObject::connect(&feeder, &QTimer::timeout, &window, [&] {
        WriteBatch batch;
        const qint64 now = engine.clock().nowMs();
        for (int i = 0; i < perBatch; ++i)
            batch.push_back(EnqueueJob{noopSpec(), now});
        engine.submit(std::move(batch));
    });
    std::vector<double> stalls;
    std::vector<double> cpuGaps;
    double lastCpu = 0;
    QElapsedTimer sinceLast;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        const double gap = double(sinceLast.nsecsElapsed()) / 1e6;
        sinceLast.start();
        stalls.push_back(std::max(0.0, gap - kProbeMs));
        const double cpu = threadCpuMs();
        cpuGaps.push_back(cpu - lastCpu);
        lastCpu = cpu;
    });
    feeder.start(kFeedMs);
    // Warm up until the runner keeps pace, then measure.
    QElapsedTimer phase;
    phase.start();
    while (phase.elapsed() < 2000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    const qint64 succeededBefore = succeeded;
    QElapsedTimer measured;
    measured.start();
    sinceLast.start();
    lastCpu = threadCpuMs();
    probe.start(kProbeMs);
    for (const QString &page : {QStringLiteral("overview"), QStringLiteral("history")}) {
        window.showPage(page);
        phase.start();
        while (phase.elapsed() < seconds * 500)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    probe.stop();
    feeder.stop();
    result.processedPerSecond = double(succeeded - succeededBefore) * 1000.0 / double(measured.elapsed());
    engine.stopAndWait();
    if (stalls.empty()) {
        result.problem = QStringLiteral("the probe never fired");
        return result;
    }
    stalls.erase(stalls.begin()); // the first gap spans the page switch's start
    cpuGaps.erase(cpuGaps.begin());
    std::sort(stalls.begin(), stalls.end());
    std::sort(cpuGaps.begin(), cpuGaps.end());
    result.cpuP99Ms = percentile(cpuGaps, 99).value_or(0);
    result.cpuMaxMs = cpuGaps.back();
    result.probes = int(stalls.size());
    result.p50Ms = percentile(stalls, 50).value_or(0);
    result.p99Ms = percentile(stalls, 99).value_or(0);
    result.maxMs = stalls.back();
    if (result.processedPerSecond < rate * 0.9)
        result.problem = QStringLiteral("the runner processed %1 jobs/s, not %2").arg(qRound(result.processedPerSecond)).arg(rate);
    return result;
}

} // namespace jobdeck::bench
