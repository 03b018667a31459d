// Retention pruning (old finished jobs with everything that belongs to them, old log lines, the per-minute series),
// changing the worker count of a running engine, and the console engine that runs no jobs itself but follows and
// commands the runner of another process.

#include "CoreTestSupport.h"

#include "runner/Pruner.h"

#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kDay = 24 * 3'600'000LL;

qint64 rows(TempStore &t, const QString &table)
{
    return scalar(t.path, QStringLiteral("SELECT count(*) FROM %1").arg(table));
}

} // namespace

class TestRetention : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void prunesOnlyWhatIsOlderThanTheRetention();
    void keepsEverythingWithoutARetention();
    void engineAppliesTheSettingAndReportsRemovals();
    void workerCountChangesWhileRunning();
    void consoleFollowsAndCommandsAnotherRunner();
};

void TestRetention::prunesOnlyWhatIsOlderThanTheRetention()
{
    TempStore t;
    ManualClock clock(100 * kDay);
    const qint64 now = clock.nowMs();
    std::vector<FinishedJob> ancient;
    for (int i = 0; i < 1200; ++i) // more than two batches
        ancient.push_back({makeSpec(QStringLiteral("noop"), {{QStringLiteral("tag"), QStringLiteral("ancient")}}),
                           now - 40 * kDay + i, i % 3 ? JobState::Succeeded : JobState::Dead, QStringLiteral("old error")});
    const QList<qint64> old = finishJobs(t, ancient);
    QCOMPARE(old.size(), 1200);
    QVERIFY(t.store->apply({AppendLog{old.first(), LogLine{0, now - 40 * kDay, LogLevel::Info, 1, QStringLiteral("old line")}}}).ok);
    const qint64 recent = finishJob(t, makeSpec(QStringLiteral("noop"), {{QStringLiteral("tag"), QStringLiteral("fresh")}}),
                                    now - 2 * kDay, JobState::Succeeded);
    // Waiting since long ago: never pruned, but its old log lines go.
    const qint64 waiting = t.enqueue(makeSpec(QStringLiteral("noop")), now - 50 * kDay);
    QVERIFY(t.store->apply({AppendLog{waiting, LogLine{0, now - 45 * kDay, LogLevel::Info, 1, QStringLiteral("stale")}},
                            AppendLog{waiting, LogLine{0, now - kDay, LogLevel::Info, 1, QStringLiteral("current")}}})
                .ok);
    QVERIFY(t.store->apply({SetSetting{Pruner::kSetting, QString::number(30 * kDay)}}).ok);
    QVERIFY(t.reader->minutes(0).front().minute < (now - Pruner::kMinutesKeptMs) / 60'000);

    Pruner pruner([&t](WriteBatch b, JobStore::Done d) { t.store->submit(std::move(b), std::move(d)); }, *t.reader, clock);
    QSignalSpy pruned(&pruner, &Pruner::pruned);
    pruner.pruneNow();
    QVERIFY(pruned.wait(20'000));
    // The jobs (the first one's line goes with it), then the stale line of the job still waiting.
    QCOMPARE(pruned.first().first().toLongLong(), 1200 + 1);

    QCOMPARE(rows(t, QStringLiteral("jobs")), 2);
    QVERIFY(t.reader->job(recent));
    QVERIFY(t.reader->job(waiting));
    QCOMPARE(rows(t, QStringLiteral("attempts")), 1); // the recent job's
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM job_events WHERE job_id NOT IN (SELECT id FROM jobs)")), 0);
    QCOMPARE(t.reader->logTail(waiting, 10).size(), size_t(1));
    QCOMPARE(t.reader->logTail(waiting, 10).front().text, QStringLiteral("current"));
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
    HistoryQuery q;
    q.search = QStringLiteral("ancient");
    QVERIFY(t.reader->history(q, {}, 10).jobs.empty());
    q.search = QStringLiteral("fresh");
    QCOMPARE(t.reader->history(q, {}, 10).jobs.size(), size_t(1));
    // Minutes older than a week are gone; the recent ones stay.
    QVERIFY(t.reader->minutes(0).front().minute >= (now - Pruner::kMinutesKeptMs) / 60'000);
}

void TestRetention::keepsEverythingWithoutARetention()
{
    TempStore t;
    ManualClock clock(100 * kDay);
    finishJob(t, makeSpec(QStringLiteral("noop")), clock.nowMs() - 90 * kDay, JobState::Succeeded);
    Pruner pruner([&t](WriteBatch b, JobStore::Done d) { t.store->submit(std::move(b), std::move(d)); }, *t.reader, clock);
    QSignalSpy pruned(&pruner, &Pruner::pruned);
    pruner.pruneNow();
    QVERIFY(pruned.wait(10'000));
    QCOMPARE(pruned.first().first().toLongLong(), 0);
    QCOMPARE(rows(t, QStringLiteral("jobs")), 1);
}

void TestRetention::engineAppliesTheSettingAndReportsRemovals()
{
    TempStore t;
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1));
    const qint64 now = engine.clock().nowMs();
    const qint64 old = finishJob(t, makeSpec(QStringLiteral("noop")), now - 3 * kDay, JobState::Cancelled);
    const qint64 young = finishJob(t, makeSpec(QStringLiteral("noop")), now - 1000, JobState::Cancelled);
    QList<qint64> removed;
    connect(&engine, &Engine::jobsChanged, this, [&](const QList<JobEvent> &events) {
        for (const JobEvent &e : events) {
            if (e.removed)
                removed << e.jobId;
        }
    });
    QSignalSpy pruned(&engine, &Engine::pruned);
    engine.start();
    QVERIFY(submitAndWait(engine, {SetSetting{Pruner::kSetting, QString::number(kDay)}}).ok);
    engine.pruneNow();
    QVERIFY(pruned.wait(10'000));
    QCOMPARE(pruned.first().first().toLongLong(), 1);
    QTRY_COMPARE(removed, QList<qint64>{old});
    QVERIFY(!t.reader->job(old));
    QVERIFY(t.reader->job(young));
    engine.stopAndWait();
}

void TestRetention::workerCountChangesWhileRunning()
{
    TempStore t;
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1));
    QSignalSpy changed(&engine, &Engine::workersChanged);
    engine.start();
    QList<qint64> ids;
    for (int i = 0; i < 4; ++i)
        ids << enqueueVia(engine, makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 20'000}}));
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 1, 10'000);
    engine.setWorkers(3);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(engine.workers(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 3, 10'000);
    QTRY_COMPARE(t.reader->activeRunners().front().workers, 3);
    engine.setWorkers(2); // fewer: running jobs finish, none is stopped
    QCOMPARE(engine.busyWorkers(), 3);
    for (qint64 id : ids)
        engine.cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 0, 10'000);
    engine.stopAndWait();
}

void TestRetention::consoleFollowsAndCommandsAnotherRunner()
{
    TempStore t;
    // Another process's runner: a second store on the same file.
    auto runnerStore = openJobStore(t.path);
    const HandlerRegistry handlers = builtIns();
    EngineOptions consoleOptions = engineOptions(2);
    consoleOptions.runsJobs = false;
    consoleOptions.runnerId = QStringLiteral("console");
    Engine console(*t.store, handlers, consoleOptions);
    QSignalSpy external(&console, &Engine::externalChange);
    QSignalSpy pausedSeen(&console, &Engine::pausedChanged);
    console.start();
    QCOMPARE(console.status(), Engine::Status::Running);
    QVERIFY(!console.runsJobs());

    const qint64 waiting = enqueueVia(console, makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 30'000}}));
    // A console has nothing that claims: once its writes are in, the job is still there for a runner.
    t.store->flush();
    QVERIFY(console.isIdle());
    QCOMPARE(t.stateOf(waiting), QStringLiteral("queued"));
    QVERIFY(t.reader->activeRunners().empty()); // the console is not a runner

    Engine runner(*runnerStore, handlers, engineOptions(2));
    runner.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(waiting), QStringLiteral("running"), 10'000);
    QVERIFY(external.wait(5'000) || !external.isEmpty()); // the runner's commits reach the console

    // A cancel from the console reaches the job through the store; the runner stops it.
    console.cancel(waiting);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(waiting), QStringLiteral("cancelled"), 10'000);
    // So does a pause.
    console.setPaused(true);
    QTRY_VERIFY_WITH_TIMEOUT(runner.isPaused(), 10'000);
    QSignalSpy runnerSaw(&runner, &Engine::externalChange);
    const qint64 held = enqueueVia(console, makeSpec(QStringLiteral("noop")));
    // The paused runner has read the enqueue (and anything it would claim is claimed once its store flushes).
    QVERIFY(runnerSaw.wait(10'000));
    runnerStore->flush();
    QCOMPARE(t.stateOf(held), QStringLiteral("queued"));
    console.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(held), QStringLiteral("succeeded"), 10'000);
    QVERIFY(!pausedSeen.isEmpty());

    console.stopAndWait();
    runner.stopAndWait();
    QCOMPARE(console.status(), Engine::Status::Stopped);
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
