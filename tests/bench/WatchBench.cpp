#include "WatchBench.h"

#include "BenchSupport.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"
#include "watch/WatchCommands.h"
#include "watch/WatchService.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>

namespace jobdeck::bench {

namespace {

constexpr int kFiles = 100;
constexpr int kIntervalMs = 50;
constexpr qint64 kSettleMs = 500;
constexpr qint64 kDrainMs = 10'000;

} // namespace

WatchResult measureWatchedFolder(const QString &path, const BenchOptions &options)
{
    WatchResult result;
    result.settleMs = kSettleMs;
    QTemporaryDir folder;
    if (!folder.isValid())
        throw StoreError(QStringLiteral("cannot create the watched folder"));
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions engineOptions;
    engineOptions.workers = options.workers;
    auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
    WatchSpec spec;
    spec.name = QStringLiteral("bench");
    spec.dir = folder.path();
    spec.job = noopSpec();
    spec.settleMs = kSettleMs;
    if (!store->apply({*WatchCommands::save(spec, SystemClock::instance().nowMs(), false, nullptr)}).ok)
        throw StoreError(QStringLiteral("the watch could not be saved"));
    Engine engine(*store, handlers, engineOptions);
    engine.start();

    QHash<QString, qint64> written; // path -> wall time of its last write
    QHash<qint64, qint64> enqueued; // job id -> wall time its enqueue was reported
    QEventLoop loop;
    QObject::connect(&engine, &Engine::jobsChanged, &loop, [&](const QList<JobEvent> &events) {
        const qint64 now = SystemClock::instance().nowMs();
        for (const JobEvent &e : events) {
            if (e.created)
                enqueued.insert(e.jobId, now);
        }
        if (enqueued.size() >= kFiles)
            loop.quit();
    });
    QObject::connect(&engine, &Engine::storeFailed, &loop, [&](const QString &message) {
        result.problem = QStringLiteral("database error: %1").arg(message);
        loop.quit();
    });
    int next = 0;
    QTimer writer;
    writer.setInterval(kIntervalMs);
    QObject::connect(&writer, &QTimer::timeout, [&] {
        const QString file = QDir(folder.path()).filePath(QStringLiteral("file-%1.dat").arg(next, 4, 10, QLatin1Char('0')));
        QFile f(file);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QByteArray(4096, 'x'));
            f.close();
        }
        written.insert(file, SystemClock::instance().nowMs());
        if (++next == kFiles)
            writer.stop();
    });
    writer.start();
    QTimer::singleShot(int(kFiles * kIntervalMs + kSettleMs + kDrainMs), &loop, &QEventLoop::quit);
    loop.exec();
    engine.stopAndWait();

    std::vector<double> delays;
    const auto reader = store->openWatchReader();
    for (auto it = enqueued.constBegin(); it != enqueued.constEnd(); ++it) {
        const auto file = reader->fileOfJob(it.key());
        if (file && written.contains(file->path))
            delays.push_back(double(it.value() - written.value(file->path) - kSettleMs));
    }
    std::sort(delays.begin(), delays.end());
    result.files = kFiles;
    result.enqueued = int(delays.size());
    if (!delays.empty()) {
        result.p50Ms = *percentile(delays, 50);
        result.p99Ms = *percentile(delays, 99);
        result.maxMs = delays.back();
    }
    if (result.enqueued < kFiles && result.problem.isEmpty())
        result.problem = QStringLiteral("%1 of %2 files enqueued in time").arg(result.enqueued).arg(kFiles);
    return result;
}

} // namespace jobdeck::bench
