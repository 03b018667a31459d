#include "LockStallBench.h"

#include "BenchSupport.h"
#include "JobDatabaseGenerator.h"
#include "MainWindow.h"
#include "actions/JobActions.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <sqlite3.h>

namespace jobdeck::bench {

namespace {

constexpr int kProbeMs = 4;
constexpr int kAttempts = 10'000;
constexpr qint64 kPoisonJobs = 10'000;

void execOrThrow(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const QString message = QString::fromUtf8(error ? error : sqlite3_errmsg(db));
        sqlite3_free(error);
        throw StoreError(message);
    }
}

// A continuous job that has run 10,000 times: its attempts are written straight into the file, as years of
// restarts would have left them.
qint64 addLongLivedContinuousJob(SqliteStore &store, const QString &path)
{
    JobSpec spec;
    spec.kind = QStringLiteral("watch-inbox");
    spec.continuous = true;
    spec.idempotencyKey = QStringLiteral("continuous:watch-inbox");
    const BatchResult r = store.apply({EnqueueJob{spec, QDateTime::currentMSecsSinceEpoch()}});
    if (!r.ok)
        throw StoreError(r.error);
    const qint64 id = r.results.front().jobId;
    store.flush();
    sqlite3 *db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    sqlite3_busy_timeout(db, 5000);
    execOrThrow(db, "BEGIN");
    sqlite3_stmt *insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO attempts (job_id, number, started_at, finished_at, outcome, error, runner, worker, "
                       "from_checkpoint, duration_ms) VALUES (?, ?, ?, ?, 'failed', 'the inbox went away', 'host:1:aaaa', "
                       "'continuous', 0, ?)",
                       -1, &insert, nullptr);
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(kAttempts) * 60'000;
    for (int n = 1; n <= kAttempts; ++n) {
        const qint64 began = start + qint64(n) * 60'000;
        sqlite3_bind_int64(insert, 1, id);
        sqlite3_bind_int(insert, 2, n);
        sqlite3_bind_int64(insert, 3, began);
        sqlite3_bind_int64(insert, 4, began + 30'000);
        sqlite3_bind_int64(insert, 5, 30'000);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    execOrThrow(db, QStringLiteral("UPDATE jobs SET total_attempts = %1 WHERE id = %2").arg(kAttempts).arg(id).toUtf8().constData());
    execOrThrow(db, "COMMIT");
    sqlite3_close(db);
    return id;
}

} // namespace

int holdWriteLock(const QString &path, int seconds)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return 1;
    sqlite3_busy_timeout(db, 10'000);
    if (sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return 1;
    std::printf("locked\n");
    std::fflush(stdout);
    QThread::sleep(seconds); // the other program's long transaction: its length is the point
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return 0;
}

LockStallResult measureLockStall(const QString &folder, const QString &self, int lockSeconds)
{
    LockStallResult result;
    const QString path = folder + QStringLiteral("/locked.db");
    testdata::GeneratorOptions data;
    data.jobs = kPoisonJobs * 2;
    data.deadPerMille = 500;
    data.cancelledPerMille = 0;
    testdata::generateJobDatabase(path, data);

    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    auto store = SqliteStore::open(path);
    const qint64 continuous = addLongLivedContinuousJob(*store, path);
    EngineOptions options;
    options.workers = 2;
    Engine engine(*store, handlers, options);
    MainWindow window(engine);
    window.show();
    engine.start();
    runEventsFor(1500); // the window's first reads are not what is measured

    QObject::connect(&engine, &Engine::jobsChanged, &window, [&result](const QList<JobEvent> &events) {
        for (const JobEvent &e : events)
            result.requeued += e.from == JobState::Dead && e.to == JobState::Queued ? 1 : 0;
    });

    QProcess holder;
    holder.start(self, {QStringLiteral("--hold-lock"), path, QString::number(lockSeconds)});
    if (!holder.waitForReadyRead(30'000) || !holder.readLine().startsWith("locked")) {
        result.problem = QStringLiteral("the other process could not take the write lock");
        return result;
    }
    QElapsedTimer held;
    held.start();
    QObject::connect(&holder, &QProcess::finished, &window, [&] { result.lockHeldMs = double(held.elapsed()); });

    std::vector<double> gaps;
    QElapsedTimer sinceLast;
    sinceLast.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    std::vector<double> cpuGaps;
    double lastCpu = threadCpuMs();
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        gaps.push_back(std::max(0.0, double(sinceLast.nsecsElapsed()) / 1e6 - kProbeMs));
        sinceLast.start();
        const double cpu = threadCpuMs();
        cpuGaps.push_back(cpu - lastCpu);
        lastCpu = cpu;
    });
    probe.start(kProbeMs);

    // What a user does meanwhile, a moment apart.
    QTimer::singleShot(200, &window, [&] {
        if (auto *pause = window.findChild<QAction *>(QStringLiteral("pauseAction")))
            pause->trigger();
    });
    QTimer::singleShot(400, &window, [&] { window.openJobDetails(continuous); });
    QTimer::singleShot(600, &window, [&] { window.console().actions.requeueAllDead(); });

    QElapsedTimer limit;
    limit.start();
    const qint64 deadline = qint64(lockSeconds) * 1000 + 30'000;
    while ((holder.state() != QProcess::NotRunning || result.requeued < kPoisonJobs / 2) && limit.elapsed() < deadline)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    probe.stop();
    if (result.lockHeldMs == 0)
        result.problem = QStringLiteral("the other process did not let go of the lock");
    else if (result.requeued == 0)
        result.problem = QStringLiteral("the poison jobs were not requeued after the lock was gone");
    engine.stopAndWait();
    if (gaps.size() > 1) {
        gaps.erase(gaps.begin());
        cpuGaps.erase(cpuGaps.begin());
    }
    result.probes = int(gaps.size());
    result.longestMs = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    result.longestCpuMs = cpuGaps.empty() ? 0 : *std::max_element(cpuGaps.begin(), cpuGaps.end());
    return result;
}

} // namespace jobdeck::bench
