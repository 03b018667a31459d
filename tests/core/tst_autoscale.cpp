// Autoscaling workers: the --workers range, the policy stepped through with an injected clock, the wait it
// measures (which leaves out held-back queues), and an engine that grows under a burst of held jobs and shrinks
// back once they are done.

#include "CoreTestSupport.h"
#include "GateHandler.h"

#include "runner/ClaimableWait.h"
#include "runner/WorkerAutoscaler.h"
#include "runner/WorkerRange.h"

#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kGrowAfter = 1000;
constexpr qint64 kShrinkAfter = 30'000;

// The worker count the runners table has for the one runner; -1 before it registered.
int registeredWorkers(TempStore &t)
{
    const auto runners = t.reader->activeRunners();
    return runners.empty() ? -1 : runners.front().workers;
}

// The clock's time of the runner's last heartbeat: once it shows a time, a tick that saw that time has run.
qint64 heartbeatAt(TempStore &t)
{
    const auto runners = t.reader->activeRunners();
    return runners.empty() ? -1 : runners.front().heartbeatMs;
}

WorkerAutoscaler::Sample sample(int workers, int busy, qint64 oldestWaitMs = 0)
{
    return {workers, busy, oldestWaitMs};
}

} // namespace

class TestAutoscale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesCountsAndRanges();
    void refusesBadRanges_data();
    void refusesBadRanges();
    void growsByDoublingWhileJobsWait();
    void capsAtMax();
    void growsOnlyWhenEveryWorkerIsBusyAndAJobWaitedLongEnough();
    void shrinksStepByStepToMinAfterIdling();
    void neverShrinksBelowWhatTheWindowUsed();
    void doesNotFlapUnderASteadyLoad();
    void clampsACountOutsideTheRange();
    void waitLeavesOutPausedQueues();
    void engineGrowsUnderABurstAndShrinksBack();
    void userCountEndsScaling();
};

void TestAutoscale::parsesCountsAndRanges()
{
    QString error;
    QCOMPARE(WorkerRange::parse(QStringLiteral("2..8"), &error), (WorkerRange{2, 8}));
    QCOMPARE(WorkerRange::parse(QStringLiteral("4"), &error), (WorkerRange{4, 4}));
    QCOMPARE(WorkerRange::parse(QStringLiteral("1..1024"), &error), (WorkerRange{1, 1024}));
    QVERIFY(WorkerRange::parse(QStringLiteral("3..3"), &error)->isFixed());
    QVERIFY(error.isEmpty());
    QCOMPARE((WorkerRange{2, 8}).toString(), QStringLiteral("2..8"));
    QCOMPARE((WorkerRange{4, 4}).toString(), QStringLiteral("4"));
}

void TestAutoscale::refusesBadRanges_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("MIN above MAX") << QStringLiteral("8..2") << QStringLiteral("MIN must not be above MAX");
    QTest::newRow("MIN zero") << QStringLiteral("0..4") << QStringLiteral("MIN must be at least 1");
    QTest::newRow("MAX too large") << QStringLiteral("1..1025") << QStringLiteral("MAX must be at most 1024");
    QTest::newRow("no MAX") << QStringLiteral("2..") << QStringLiteral("two numbers");
    QTest::newRow("no MIN") << QStringLiteral("..4") << QStringLiteral("two numbers");
    QTest::newRow("words") << QStringLiteral("a..b") << QStringLiteral("two numbers");
    QTest::newRow("three dots") << QStringLiteral("2...8") << QStringLiteral("two numbers");
    QTest::newRow("signed") << QStringLiteral("+4") << QStringLiteral("from 1 to 1024");
    QTest::newRow("zero") << QStringLiteral("0") << QStringLiteral("from 1 to 1024");
    QTest::newRow("too many") << QStringLiteral("1025") << QStringLiteral("from 1 to 1024");
    QTest::newRow("empty") << QString() << QStringLiteral("from 1 to 1024");
}

void TestAutoscale::refusesBadRanges()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!WorkerRange::parse(text, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.startsWith(QLatin1String("--workers")), qPrintable(error));
}

void TestAutoscale::growsByDoublingWhileJobsWait()
{
    ManualClock clock;
    WorkerAutoscaler scaler({1, 8}, {kGrowAfter, kShrinkAfter}, clock);
    clock.advance(kGrowAfter);
    QCOMPARE(scaler.decide(sample(1, 1, 1500)), 2);
    // The new workers get their time to claim before the wait is judged again.
    QVERIFY(!scaler.mayGrow(2, 2));
    QCOMPARE(scaler.decide(sample(2, 2, 5000)), 2);
    clock.advance(kGrowAfter - 1);
    QCOMPARE(scaler.decide(sample(2, 2, 5000)), 2);
    clock.advance(1);
    QVERIFY(scaler.mayGrow(2, 2));
    QCOMPARE(scaler.decide(sample(2, 2, 5000)), 4);
    clock.advance(kGrowAfter);
    QCOMPARE(scaler.decide(sample(4, 4, 5000)), 8);
}

void TestAutoscale::capsAtMax()
{
    ManualClock clock;
    WorkerAutoscaler scaler({1, 6}, {kGrowAfter, kShrinkAfter}, clock);
    int workers = 1;
    QList<int> sizes;
    for (int i = 0; i < 10; ++i) {
        clock.advance(kGrowAfter);
        workers = scaler.decide(sample(workers, workers, 60'000));
        sizes << workers;
    }
    QCOMPARE(sizes, (QList<int>{2, 4, 6, 6, 6, 6, 6, 6, 6, 6}));
    QVERIFY(!scaler.mayGrow(6, 6));
}

void TestAutoscale::growsOnlyWhenEveryWorkerIsBusyAndAJobWaitedLongEnough()
{
    ManualClock clock;
    WorkerAutoscaler scaler({2, 8}, {kGrowAfter, kShrinkAfter}, clock);
    clock.advance(10 * kGrowAfter);
    QVERIFY(!scaler.mayGrow(2, 1));
    QCOMPARE(scaler.decide(sample(2, 1, 60'000)), 2); // a spare worker: the waiting jobs are not ours to start
    QCOMPARE(scaler.decide(sample(2, 2, kGrowAfter - 1)), 2);
    QCOMPARE(scaler.decide(sample(2, 2, 0)), 2); // busy, but nothing waits
    QCOMPARE(scaler.decide(sample(2, 2, kGrowAfter)), 4);
}

void TestAutoscale::shrinksStepByStepToMinAfterIdling()
{
    ManualClock clock;
    WorkerAutoscaler scaler({1, 8}, {kGrowAfter, kShrinkAfter}, clock);
    QCOMPARE(scaler.decide(sample(8, 0)), 8); // the idle window starts here
    clock.advance(kShrinkAfter - 1);
    QCOMPARE(scaler.decide(sample(8, 0)), 8);
    clock.advance(1);
    QCOMPARE(scaler.decide(sample(8, 0)), 4);
    // Each step needs a whole window of its own.
    clock.advance(kShrinkAfter - 1);
    QCOMPARE(scaler.decide(sample(4, 0)), 4);
    clock.advance(1);
    QCOMPARE(scaler.decide(sample(4, 0)), 2);
    clock.advance(kShrinkAfter);
    QCOMPARE(scaler.decide(sample(2, 0)), 1);
    for (int i = 0; i < 5; ++i) {
        clock.advance(kShrinkAfter);
        QCOMPARE(scaler.decide(sample(1, 0)), 1);
    }
}

void TestAutoscale::neverShrinksBelowWhatTheWindowUsed()
{
    ManualClock clock;
    WorkerAutoscaler scaler({2, 16}, {kGrowAfter, kShrinkAfter}, clock);
    QCOMPARE(scaler.decide(sample(8, 1)), 8);
    clock.advance(kShrinkAfter / 2);
    QCOMPARE(scaler.decide(sample(8, 7)), 8); // a moment with seven busy
    clock.advance(kShrinkAfter / 2);
    QCOMPARE(scaler.decide(sample(8, 0)), 7);
    // Then a quiet window: half of 7, never below MIN.
    clock.advance(kShrinkAfter);
    QCOMPARE(scaler.decide(sample(7, 0)), 3);
    clock.advance(kShrinkAfter);
    QCOMPARE(scaler.decide(sample(3, 0)), 2);
    clock.advance(kShrinkAfter);
    QCOMPARE(scaler.decide(sample(2, 0)), 2);
}

void TestAutoscale::doesNotFlapUnderASteadyLoad()
{
    ManualClock clock;
    WorkerAutoscaler scaler({1, 8}, {kGrowAfter, kShrinkAfter}, clock);
    // A load that keeps every worker busy now and then resets the idle window: no shrink.
    int workers = 4;
    for (int second = 0; second < 600; ++second) {
        clock.advance(1000);
        const int busy = second % 20 == 0 ? 4 : 2;
        workers = scaler.decide(sample(workers, busy));
        QCOMPARE(workers, 4);
    }
    // A load that needs three: one step down to three, then it stays, whatever waits in queues it cannot start.
    QList<int> changes;
    for (int second = 0; second < 600; ++second) {
        clock.advance(1000);
        const int next = scaler.decide(sample(workers, std::min(workers, 3), workers > 3 ? 60'000 : 0));
        if (next != workers)
            changes << next;
        workers = next;
    }
    QCOMPARE(changes, QList<int>{3});
}

void TestAutoscale::clampsACountOutsideTheRange()
{
    ManualClock clock;
    WorkerAutoscaler scaler({2, 4}, {kGrowAfter, kShrinkAfter}, clock);
    QCOMPARE(scaler.decide(sample(10, 0)), 4);
    QCOMPARE(scaler.decide(sample(1, 1, 60'000)), 2);
}

void TestAutoscale::waitLeavesOutPausedQueues()
{
    TempStore t;
    const qint64 start = 1'700'000'000'000;
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start), 0);
    JobSpec held = makeSpec(QStringLiteral("noop"));
    held.queue = QStringLiteral("held");
    JobSpec open = makeSpec(QStringLiteral("noop"));
    open.queue = QStringLiteral("open");
    QVERIFY(t.enqueue(held, start) > 0);
    QVERIFY(t.enqueue(open, start + 5000) > 0);
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start + 10'000), 10'000);
    QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("held"), std::nullopt, true, std::nullopt}}).ok);
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start + 10'000), 5000);
    QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("open"), std::nullopt, true, std::nullopt}}).ok);
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start + 10'000), 0);
    QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("held"), std::nullopt, false, std::nullopt}}).ok);
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start + 10'000), 10'000);
    // A queue at the runner's limit for it holds its jobs back as a pause does.
    QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("open"), std::nullopt, false, std::nullopt}}).ok);
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start + 10'000, {QStringLiteral("held")}), 5000);
    QCOMPARE(ClaimableWait::oldestWaitMs(*t.reader, start + 10'000, {QStringLiteral("held"), QStringLiteral("open")}), 0);
}

void TestAutoscale::engineGrowsUnderABurstAndShrinksBack()
{
    TempStore t;
    ManualClock clock;
    auto gate = std::make_shared<Gate>();
    HandlerRegistry handlers;
    handlers.add(std::make_unique<GateHandler>(gate));
    EngineOptions options = engineOptions(1);
    options.maxWorkers = 4;
    options.autoscale = {kGrowAfter, kShrinkAfter};
    options.leaseMs = 3'600'000; // the test moves the clock by minutes; leases must not lapse meanwhile
    Engine engine(*t.store, handlers, options, clock);
    QCOMPARE(engine.workerRange(), (WorkerRange{1, 4}));
    QSignalSpy changed(&engine, &Engine::workersChanged);
    engine.start();
    QList<qint64> ids;
    for (int i = 0; i < 8; ++i)
        ids << enqueueVia(engine, makeSpec(QStringLiteral("gate")));
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 1, 10'000);
    QCOMPARE(engine.workers(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(registeredWorkers(t), 1, 10'000);

    // The held jobs keep every worker busy while the others wait: the pool doubles up to its MAX.
    QTRY_VERIFY_WITH_TIMEOUT((clock.advance(250), engine.workers() == 4), 20'000);
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 4, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(registeredWorkers(t), 4, 10'000);

    // Done: the spare workers go, one halving per idle window, down to MIN.
    gate->openForGood();
    for (const qint64 id : ids)
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("succeeded"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 0, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT((clock.advance(2000), engine.workers() == 1), 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(registeredWorkers(t), 1, 10'000);
    QList<int> sizes;
    for (const QList<QVariant> &args : std::as_const(changed))
        sizes << args.front().toInt();
    QCOMPARE(sizes, (QList<int>{2, 4, 2, 1}));
    engine.stopAndWait();
}

void TestAutoscale::userCountEndsScaling()
{
    TempStore t;
    ManualClock clock;
    EngineOptions options = engineOptions(1);
    options.maxWorkers = 4;
    options.autoscale = {kGrowAfter, kShrinkAfter};
    options.leaseMs = 300; // a heartbeat every tick, which shows when a tick has seen the clock's new time
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, options, clock);
    engine.start();
    engine.setWorkers(3);
    QCOMPARE(engine.workerRange(), (WorkerRange{3, 3}));
    QTRY_COMPARE_WITH_TIMEOUT(registeredWorkers(t), 3, 10'000);
    // Idle through several windows, each seen by a tick: a scaling pool would have shrunk to 1.
    for (int i = 0; i < 8; ++i) {
        clock.advance(kShrinkAfter);
        QTRY_COMPARE_WITH_TIMEOUT(heartbeatAt(t), clock.nowMs(), 10'000);
    }
    QCOMPARE(engine.workers(), 3);
    engine.stopAndWait();
}

QTEST_GUILESS_MAIN(TestAutoscale)
#include "tst_autoscale.moc"
