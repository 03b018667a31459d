#include "MultistepBench.h"

#include "BenchSupport.h"
#include "model/Clock.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <functional>
#include <functional>

namespace jobdeck::bench {

namespace {

constexpr int kBatchJobs = 10'000;
constexpr int kChainLinks = 1'000;
constexpr int kMutexNames = 1000; // each shared by ten jobs: many hold one at once, none twice
constexpr int kOrderKeys = 1000;  // ten jobs in sequence under each

// Starts an engine over `store`, submits what `jobs` gives (nothing when they are written already) and returns the nanoseconds from the start until `expected` jobs have succeeded.
qint64 runUntilSucceeded(SqliteStore &store, const BenchOptions &options, qint64 expected, std::function<WriteBatch()> jobs)
{
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions engineOptions;
    engineOptions.workers = options.workers;
    Engine engine(store, handlers, engineOptions);
    QEventLoop loop;
    qint64 succeeded = 0;
    qint64 elapsed = 0;
    QString problem;
    QElapsedTimer timer;
    QObject::connect(&engine, &Engine::jobsChanged, &loop, [&](const QList<JobEvent> &events) {
        for (const JobEvent &e : events)
            succeeded += e.to == JobState::Succeeded ? 1 : 0;
        if (succeeded >= expected && elapsed == 0) {
            elapsed = timer.nsecsElapsed();
            loop.quit();
        }
    });
    QObject::connect(&engine, &Engine::storeFailed, &loop, [&](const QString &message) {
        problem = QStringLiteral("database error: %1").arg(message);
        loop.quit();
    });
    QTimer::singleShot(300'000, &loop, [&] {
        problem = QStringLiteral("timed out with %1 of %2 jobs succeeded").arg(succeeded).arg(expected);
        loop.quit();
    });
    timer.start();
    engine.start();
    // Through the engine, as the window and the API write: its dispatcher learns of the jobs from the commit.
    if (WriteBatch batch = jobs(); !batch.empty()) {
        engine.submit(std::move(batch), &loop, [&](const BatchResult &r) {
            if (!r.ok) {
                problem = QStringLiteral("writing the jobs failed: %1").arg(r.error);
                loop.quit();
            }
        });
    }
    if (elapsed == 0 && problem.isEmpty())
        loop.exec();
    engine.stopAndWait();
    if (!problem.isEmpty())
        throw StoreError(problem);
    return elapsed;
}

std::unique_ptr<SqliteStore> openFresh(const QDir &dir, const QString &name, const BenchOptions &options)
{
    return SqliteStore::open(freshDatabase(dir.filePath(name)), SqliteStore::Options{options.durability, 50});
}

// The measured jobs, enqueued in one transaction: kBatchJobs noop jobs, each shaped by `shape` (with its index).
WriteBatch noopJobs(const std::function<void(JobSpec &, int)> &shape)
{
    const JobSpec noop = noopSpec();
    const qint64 now = SystemClock::instance().nowMs();
    WriteBatch batch;
    batch.reserve(kBatchJobs);
    for (int i = 0; i < kBatchJobs; ++i) {
        JobSpec spec = noop;
        if (shape)
            shape(spec, i);
        batch.push_back(EnqueueJob{spec, now});
    }
    return batch;
}

} // namespace

MultistepResult measureMultistep(const QDir &dir, const BenchOptions &options)
{
    MultistepResult result;
    result.batchJobs = kBatchJobs;
    result.chainLinks = kChainLinks;
    result.mutexNames = kMutexNames;
    result.orderKeys = kOrderKeys;
    const JobSpec noop = noopSpec();
    try {
        {
            auto store = openFresh(dir, QStringLiteral("bench-plain.db"), options);
            const qint64 ns = runUntilSucceeded(*store, options, kBatchJobs, [&] { return noopJobs({}); });
            result.plainPerSecond = perSecond(kBatchJobs, ns);
        }
        {
            auto store = openFresh(dir, QStringLiteral("bench-batch.db"), options);
            const qint64 ns = runUntilSucceeded(*store, options, kBatchJobs + 1, [&] {
                AddJobBatch add;
                add.name = QStringLiteral("bench");
                add.nowMs = SystemClock::instance().nowMs();
                add.jobs.assign(kBatchJobs, noop);
                add.then = noop;
                return WriteBatch{std::move(add)};
            });
            // The completion job is the batch's work too, but the ratio compares the same 10,000 jobs.
            result.batchPerSecond = perSecond(kBatchJobs, ns);
        }
        {
            auto store = openFresh(dir, QStringLiteral("bench-mutex.db"), options);
            const qint64 ns = runUntilSucceeded(*store, options, kBatchJobs, [&] {
                return noopJobs([](JobSpec &spec, int i) { spec.mutexes = {QStringLiteral("resource-%1").arg(i % kMutexNames)}; });
            });
            result.mutexPerSecond = perSecond(kBatchJobs, ns);
        }
        {
            auto store = openFresh(dir, QStringLiteral("bench-ordered.db"), options);
            const qint64 ns = runUntilSucceeded(*store, options, kBatchJobs, [&] {
                return noopJobs([](JobSpec &spec, int i) { spec.orderKey = QStringLiteral("account-%1").arg(i % kOrderKeys); });
            });
            result.orderedPerSecond = perSecond(kBatchJobs, ns);
        }
        {
            // Written before the engine starts: a fresh database numbers its jobs from 1, so link i waits for i - 1.
            auto store = openFresh(dir, QStringLiteral("bench-chain.db"), options);
            const qint64 now = SystemClock::instance().nowMs();
            WriteBatch chain;
            for (qint64 link = 1; link <= kChainLinks; ++link) {
                JobSpec spec = noop;
                if (link > 1)
                    spec.after = {link - 1};
                chain.push_back(EnqueueJob{spec, now});
            }
            const BatchResult written = store->apply(std::move(chain));
            if (!written.ok || written.results.back().jobId != kChainLinks)
                throw StoreError(QStringLiteral("the chain was not written as links 1 to %1: %2").arg(kChainLinks).arg(written.error));
            const qint64 ns = runUntilSucceeded(*store, options, kChainLinks, [] { return WriteBatch{}; });
            result.chainPerSecond = perSecond(kChainLinks, ns);
        }
    } catch (const StoreError &e) {
        result.problem = e.message();
    }
    return result;
}

} // namespace jobdeck::bench
