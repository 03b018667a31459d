#include "ScheduleFiringBench.h"

#include "BenchSupport.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "schedule/ScheduleCommands.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QTimer>
#include <algorithm>

namespace jobdeck::bench {

namespace {

constexpr int kSchedules = 10'000;
constexpr qint64 kLeadMs = 3000;     // from setting up to the first due time
constexpr qint64 kSpreadMs = 15'000; // the due times cover this span
constexpr qint64 kDrainMs = 10'000;  // after the last due time, how long enqueues may still arrive

std::vector<qint64> dueTimes(qint64 start)
{
    std::vector<qint64> due;
    due.reserve(kSchedules);
    for (int i = 0; i < kSchedules; ++i)
        due.push_back(start + kLeadMs + qint64(i) * kSpreadMs / kSchedules);
    return due;
}

struct Percentiles {
    double p50 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> delays)
{
    std::sort(delays.begin(), delays.end());
    if (delays.empty())
        return {};
    return {*percentile(delays, 50), *percentile(delays, 99), delays.back()};
}

// Runs the event loop until every expected job was reported enqueued or time is up; returns, per job id, the wall
// time its enqueue was reported.
QHash<qint64, qint64> collectEnqueues(Engine &engine, int expected, qint64 untilMs, QString &problem)
{
    QHash<qint64, qint64> seen;
    QEventLoop loop;
    QObject::connect(&engine, &Engine::jobsChanged, &loop, [&](const QList<JobEvent> &events) {
        const qint64 now = SystemClock::instance().nowMs();
        for (const JobEvent &e : events) {
            if (e.created)
                seen.insert(e.jobId, now);
        }
        if (seen.size() >= expected)
            loop.quit();
    });
    QObject::connect(&engine, &Engine::storeFailed, &loop, [&](const QString &message) {
        problem = QStringLiteral("database error: %1").arg(message);
        loop.quit();
    });
    QTimer::singleShot(int(std::max<qint64>(0, untilMs - SystemClock::instance().nowMs())), &loop, &QEventLoop::quit);
    loop.exec();
    return seen;
}

} // namespace

FiringResult measureScheduleFiring(const QString &path, const BenchOptions &options)
{
    FiringResult result;
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions engineOptions;
    engineOptions.workers = options.workers;

    // The scheduler: 10,000 schedules, each due once in the window (hourly, so none twice).
    {
        auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
        const qint64 start = SystemClock::instance().nowMs();
        const std::vector<qint64> due = dueTimes(start);
        WriteBatch batch;
        for (int i = 0; i < kSchedules; ++i) {
            ScheduleSpec spec;
            spec.name = QStringLiteral("bench-%1").arg(i, 5, 10, QLatin1Char('0'));
            spec.kind = ScheduleKind::Interval;
            spec.everyMs = 3'600'000;
            spec.atMs = due[size_t(i)];
            spec.zone = QStringLiteral("UTC");
            spec.job = noopSpec();
            batch.push_back(*ScheduleCommands::save(spec, start, false, nullptr));
        }
        if (!store->apply(std::move(batch)).ok)
            throw StoreError(QStringLiteral("the schedules could not be saved"));
        Engine engine(*store, handlers, engineOptions);
        QElapsedTimer load;
        load.start();
        engine.start();
        result.loadMs = double(load.nsecsElapsed()) / 1e6;
        result.schedules = engine.scheduler().scheduleCount();
        const QHash<qint64, qint64> seen =
            collectEnqueues(engine, kSchedules, due.back() + kDrainMs, result.problem);
        engine.stopAndWait();
        // Each job's due time is its occurrence's.
        std::vector<double> delays;
        for (const OccurrenceRecord &o : store->openScheduleReader()->occurrences({0, due.back() + 1, 0, kSchedules * 2})) {
            const auto at = seen.constFind(o.jobId);
            if (o.outcome == OccurrenceOutcome::Fired && at != seen.constEnd())
                delays.push_back(double(*at - o.fireAtMs));
        }
        result.fired = int(delays.size());
        const Percentiles p = percentiles(delays);
        result.p50Ms = p.p50;
        result.p99Ms = p.p99;
        result.maxMs = p.max;
        if (result.fired < kSchedules && result.problem.isEmpty())
            result.problem = QStringLiteral("%1 of %2 schedules fired in time").arg(result.fired).arg(kSchedules);
    }

    // The baseline: one timer re-armed to the next due time, enqueuing whatever is due, through a fresh engine.
    {
        auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
        EngineOptions plain = engineOptions;
        plain.scheduler.enabled = false;
        Engine engine(*store, handlers, plain);
        engine.start();
        const std::vector<qint64> due = dueTimes(SystemClock::instance().nowMs());
        auto dueOfJob = std::make_shared<QHash<qint64, qint64>>(); // filled on the main thread
        size_t next = 0;
        QTimer timer;
        timer.setSingleShot(true);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [&] {
            const qint64 now = SystemClock::instance().nowMs();
            WriteBatch batch;
            std::vector<qint64> dues;
            for (; next < due.size() && due[next] <= now; ++next) {
                batch.push_back(EnqueueJob{noopSpec(), now});
                dues.push_back(due[next]);
            }
            if (!batch.empty()) {
                engine.submit(std::move(batch), [dueOfJob, dues](const BatchResult &r) {
                    for (size_t i = 0; i < r.results.size() && i < dues.size(); ++i)
                        QMetaObject::invokeMethod(QCoreApplication::instance(),
                                                  [dueOfJob, id = r.results[i].jobId, d = dues[i]] { dueOfJob->insert(id, d); });
                });
            }
            if (next < due.size())
                timer.start(int(std::max<qint64>(0, due[next] - SystemClock::instance().nowMs())));
        });
        timer.start(int(std::max<qint64>(0, due.front() - SystemClock::instance().nowMs())));
        QString problem;
        const QHash<qint64, qint64> seen = collectEnqueues(engine, kSchedules, due.back() + kDrainMs, problem);
        QCoreApplication::processEvents();
        engine.stopAndWait();
        std::vector<double> delays;
        for (auto it = seen.constBegin(); it != seen.constEnd(); ++it) {
            const auto d = dueOfJob->constFind(it.key());
            if (d != dueOfJob->constEnd())
                delays.push_back(double(it.value() - *d));
        }
        const Percentiles p = percentiles(delays);
        result.baselineP50Ms = p.p50;
        result.baselineP99Ms = p.p99;
    }
    return result;
}

} // namespace jobdeck::bench
