#include "EndToEndBench.h"

#include "BenchSupport.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <unistd.h>

namespace jobdeck::bench {

EndToEndResult measureEndToEnd(const QString &path, const BenchOptions &options)
{
    auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
    enqueueNoopJobs(*store, options.jobs, options.batch);
    ::sync(); // the set-up's writes reach the disk before the clock starts

    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions engineOptions;
    engineOptions.workers = options.workers;
    EndToEndResult result;
    qint64 elapsed = 0;
    QElapsedTimer timer;
    {
        Engine engine(*store, handlers, engineOptions);
        QEventLoop loop;
        QObject::connect(&engine, &Engine::jobsChanged, &loop, [&](const QList<JobEvent> &events) {
            for (const JobEvent &e : events) {
                if (e.to == JobState::Succeeded)
                    ++result.succeeded;
            }
            if (result.succeeded >= options.jobs && elapsed == 0) {
                elapsed = timer.nsecsElapsed();
                loop.quit();
            }
        });
        QObject::connect(&engine, &Engine::storeFailed, &loop, [&](const QString &message) {
            result.problem = QStringLiteral("database error: %1").arg(message);
            loop.quit();
        });
        // Generous: a healthy run of 20,000 jobs takes seconds.
        const int timeoutMs = int(std::min<qint64>(600'000, 60'000 + qint64(options.jobs) * 10));
        QTimer::singleShot(timeoutMs, &loop, [&] {
            result.problem = QStringLiteral("timed out after %1 s").arg(timeoutMs / 1000);
            loop.quit();
        });
        timer.start();
        engine.start();
        if (engine.status() == Engine::Status::Running)
            loop.exec();
        else if (result.problem.isEmpty())
            result.problem = QStringLiteral("the engine did not start");
        if (elapsed == 0)
            elapsed = timer.nsecsElapsed();
        engine.stopAndWait();
    }
    store->flush();
    result.leftPending = store->openReader()->pendingCount();
    if (result.problem.isEmpty() && result.leftPending > 0)
        result.problem = QStringLiteral("%1 jobs still pending after the run").arg(result.leftPending);
    result.seconds = double(elapsed) / 1e9;
    result.perSecond = perSecond(result.succeeded, elapsed);
    return result;
}

} // namespace jobdeck::bench
