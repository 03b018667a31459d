// The counts and the per-minute series the store keeps as it writes, so the console never counts a million rows:
// they must equal what counting the jobs table gives after any mix of changes, roll back with a failed batch,
// and the series must put each outcome and the queue depth in the right minute.

#include "CoreTestSupport.h"

#include "runner/JobCommands.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kMinute = 60'000;

const MinuteStats *minuteAt(const std::vector<MinuteStats> &minutes, qint64 ms)
{
    for (const MinuteStats &m : minutes) {
        if (m.minute == ms / kMinute)
            return &m;
    }
    return nullptr;
}

} // namespace

class TestCounts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsFollowEveryKindOfChange();
    void aFailedBatchLeavesTheCountsAsTheyWere();
    void minutesHoldOutcomesAndQueueDepth();
};

void TestCounts::countsFollowEveryKindOfChange()
{
    TempStore t;
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(2));
    const Clock &clock = engine.clock();
    engine.start();

    JobSpec keyed = makeSpec(QStringLiteral("noop"));
    keyed.idempotencyKey = QStringLiteral("once");
    QVERIFY(enqueueVia(engine, keyed) > 0);
    QVERIFY(enqueueVia(engine, keyed) > 0); // the same job: counted once
    for (int i = 0; i < 20; ++i)
        enqueueVia(engine, makeSpec(QStringLiteral("noop")));
    JobSpec poison = makeSpec(QStringLiteral("fail"), {{QStringLiteral("retryable"), false}});
    poison.queue = QStringLiteral("mail");
    const qint64 dead = enqueueVia(engine, poison);
    JobSpec retrying = makeSpec(QStringLiteral("fail"), {{QStringLiteral("times"), 2}});
    const qint64 retried = enqueueVia(engine, retrying);
    JobSpec later = makeSpec(QStringLiteral("noop"));
    later.runAtMs = clock.nowMs() + 3'600'000;
    const qint64 scheduled = enqueueVia(engine, later);
    const qint64 sleeper = enqueueVia(engine, makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}}));

    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(dead), QStringLiteral("dead"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(sleeper), QStringLiteral("running"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(retried), QStringLiteral("succeeded"), 10'000);
    engine.cancel(sleeper);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(sleeper), QStringLiteral("cancelled"), 10'000);
    QVERIFY(submitAndWait(engine, {JobCommands::requeue(dead, std::nullopt, clock.nowMs(), QStringLiteral("test"))}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(dead), QStringLiteral("dead"), 10'000);
    QVERIFY(submitAndWait(engine, {DeleteJob{dead, clock.nowMs()}}).results.front().applied);
    QVERIFY(submitAndWait(engine, {SetPriority{scheduled, 9, clock.nowMs()}}).results.front().applied);
    engine.stopAndWait();

    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
    QCOMPARE(t.reader->stats().byState.value(QStringLiteral("scheduled")), 1);
    QCOMPARE(t.reader->stats().byQueue.value(QStringLiteral("mail")).value(QStringLiteral("dead")), 0);
    QCOMPARE(t.reader->pendingCount(), 0);
    QCOMPARE(t.reader->job(scheduled)->priority, 9);
}

void TestCounts::aFailedBatchLeavesTheCountsAsTheyWere()
{
    TempStore t;
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
    QVERIFY(id > 0);
    const auto before = keptCounts(*t.reader);

    // A job is created and another cancelled, then a refused write fails the batch: the whole batch rolls back,
    // and so must the counts it moved.
    const auto failing = [&] {
        WriteBatch batch;
        batch.push_back(EnqueueJob{makeSpec(QStringLiteral("cpu")), 2000});
        batch.push_back(RequestCancel{id, QStringLiteral("test"), 2000});
        batch.push_back(foreignKeyBreakingWrite());
        return batch;
    };
    QVERIFY(!t.store->apply(failing()).ok);
    QCOMPARE(keptCounts(*t.reader), before);
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));

    // Committed in one group with a good batch, the failing one is retried alone: only the good one counts.
    std::promise<BatchResult> good;
    std::promise<BatchResult> bad;
    t.store->submit({EnqueueJob{makeSpec(QStringLiteral("sleep")), 3000}}, [&](const BatchResult &r) { good.set_value(r); });
    t.store->submit(failing(), [&](const BatchResult &r) { bad.set_value(r); });
    QVERIFY(good.get_future().get().ok);
    QVERIFY(!bad.get_future().get().ok);
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
    QCOMPARE(t.reader->stats().byState.value(QStringLiteral("queued")), 2);
    QCOMPARE(t.reader->stats().byState.value(QStringLiteral("cancelled")), 0);
}

void TestCounts::minutesHoldOutcomesAndQueueDepth()
{
    TempStore t;
    const HandlerRegistry handlers = builtIns();
    ManualClock clock(100 * kMinute + 5'000); // 5 s into a minute
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    engine.setPaused(true);
    const qint64 first = clock.nowMs();
    for (int i = 0; i < 3; ++i)
        enqueueVia(engine, makeSpec(QStringLiteral("noop")));
    JobSpec poison = makeSpec(QStringLiteral("fail"), {{QStringLiteral("retryable"), false}});
    const qint64 dead = enqueueVia(engine, poison);
    {
        const auto minutes = t.reader->minutes(first);
        const MinuteStats *m = minuteAt(minutes, first);
        QVERIFY(m);
        QCOMPARE(m->enqueued, 4);
        QCOMPARE(m->queued, 4); // the depth as the last change in the minute left it
        QCOMPARE(m->succeeded, 0);
    }
    clock.advance(kMinute);
    const qint64 second = clock.nowMs();
    engine.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(dead), QStringLiteral("dead"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(t.reader->pendingCount(), 0, 10'000);
    engine.stopAndWait();
    const auto minutes = t.reader->minutes(first);
    const MinuteStats *m = minuteAt(minutes, second);
    QVERIFY(m);
    QCOMPARE(m->enqueued, 0);
    QCOMPARE(m->succeeded, 3);
    QCOMPARE(m->failed, 1);
    QCOMPARE(m->queued, 0);
    QCOMPARE(m->running, 0);
    QCOMPARE(minuteAt(minutes, first)->succeeded, 0);
    QVERIFY(t.reader->minutes(second + kMinute).empty());
}

QTEST_GUILESS_MAIN(TestCounts)
#include "tst_counts.moc"
