// The scheduler inside the engine, with an injected clock: due occurrences become jobs, missed ones follow the
// misfire policy after downtime and after a clock jump, overlapping ones the overlap policy, excluded days and
// pauses are honoured, and two runners on one database never fire an occurrence twice.

#include "CoreTestSupport.h"
#include "ScheduleTestSupport.h"
#include "schedule/Scheduler.h"

#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kMinute = 60'000;
const qint64 kStart = *parseIsoTime(QStringLiteral("2026-06-01T00:00:00Z"));

// "fired misfired ...": the outcomes of a schedule's recorded occurrences, oldest first.
QString outcomes(JobStore &store, qint64 scheduleId = 0)
{
    QStringList parts;
    for (const OccurrenceRecord &o : store.openScheduleReader()->occurrences({0, kStart * 2, scheduleId, 10'000}))
        parts << occurrenceOutcomeName(o.outcome);
    return parts.join(u' ');
}

std::vector<OccurrenceRecord> occurrences(JobStore &store, qint64 scheduleId = 0)
{
    return store.openScheduleReader()->occurrences({0, kStart * 2, scheduleId, 10'000});
}

ScheduleSpec everyFive(const QString &name, MisfirePolicy misfire = MisfirePolicy::FireOnce,
                       OverlapPolicy overlap = OverlapPolicy::Allow)
{
    ScheduleSpec s = intervalSpec(name, 5 * kMinute, kStart);
    s.misfire = misfire;
    s.overlap = overlap;
    return s;
}

} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dueOccurrenceBecomesAJob();
    void sleepsUntilTheNextOccurrence();
    void misfirePolicyAfterDowntime_data();
    void misfirePolicyAfterDowntime();
    void clockJumpIsHandledByTheMisfirePolicy();
    void overlapSkipRecordsTheReason();
    void overlapReplaceCancelsTheRunningJob();
    void overlapQueueOneRunsAfterThePreviousRun();
    void excludedDayIsRecordedAndNotRun();
    void pauseUntilPassesOverItsOccurrences();
    void disabledScheduleFiresAgainOnceResumed();
    void runNowEnqueuesAndRecords();
    void definitionsAreResolvedOrTheOccurrenceIsSkipped();
    void anotherRunnerTakesOverWhenTheLeaseExpires();
    void twoEnginesOnOneDatabaseNeverFireAnOccurrenceTwice();
};

void TestScheduler::dueOccurrenceBecomesAJob()
{
    TempStore t;
    ManualClock clock(kStart - 1000);
    const qint64 id = saveSchedule(*t.store, everyFive(QStringLiteral("every five")), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QTRY_VERIFY_WITH_TIMEOUT(engine.scheduler().isLeader(), 10'000); // the lease is asked for without waiting
    QCOMPARE(engine.scheduler().nextDueMs(), kStart);
    engine.scheduler().runDue();
    QCOMPARE(outcomes(*t.store), QString()); // not yet
    clock.set(kStart + 20);
    QSignalSpy recorded(&engine.scheduler(), &Scheduler::occurrencesRecorded);
    engine.scheduler().runDue();
    QVERIFY(recorded.wait(10'000));
    const auto fired = occurrences(*t.store, id);
    QCOMPARE(fired.size(), size_t(1));
    QCOMPARE(fired[0].outcome, OccurrenceOutcome::Fired);
    QCOMPARE(fired[0].fireAtMs, kStart);
    QVERIFY(fired[0].jobId > 0);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(fired[0].jobId), QStringLiteral("succeeded"), 10'000);
    QCOMPARE(t.store->openScheduleReader()->schedule(QStringLiteral("every five"))->nextFireAtMs, kStart + 5 * kMinute);
    QCOMPARE(engine.scheduler().nextDueMs(), kStart + 5 * kMinute);
    engine.stopAndWait();
}

void TestScheduler::sleepsUntilTheNextOccurrence()
{
    // With the real clock: an occurrence a second away fires about a second later, by the scheduler's own timer.
    TempStore t;
    const qint64 now = SystemClock::instance().nowMs();
    ScheduleSpec spec = intervalSpec(QStringLiteral("soon"), 3'600'000, now + 1000);
    const qint64 id = saveSchedule(*t.store, spec, now);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1));
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(occurrences(*t.store, id).size(), size_t(1), 15'000);
    const OccurrenceRecord o = occurrences(*t.store, id).front();
    QCOMPARE(o.fireAtMs, now + 1000);
    QVERIFY(o.recordedAtMs >= now + 1000); // not early
    QCOMPARE(o.outcome, OccurrenceOutcome::Fired);
    QCOMPARE(engine.scheduler().nextDueMs(), now + 1000 + 3'600'000);
    engine.stopAndWait();
}

void TestScheduler::misfirePolicyAfterDowntime_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("jobs");
    QTest::newRow("fire once (default)") << int(MisfirePolicy::FireOnce)
                                         << "misfired misfired misfired misfired misfired misfired misfired misfired "
                                            "misfired fired" << 1;
    QTest::newRow("skip") << int(MisfirePolicy::Skip)
                          << "misfired misfired misfired misfired misfired misfired misfired misfired misfired misfired" << 0;
    QTest::newRow("catch up, limit 3") << int(MisfirePolicy::CatchUp)
                                       << "misfired misfired misfired misfired misfired misfired misfired fired fired fired" << 3;
}

void TestScheduler::misfirePolicyAfterDowntime()
{
    QFETCH(int, policy);
    QFETCH(QString, expected);
    QFETCH(int, jobs);
    TempStore t;
    ScheduleSpec spec = everyFive(QStringLiteral("nightly"), MisfirePolicy(policy));
    spec.catchUpLimit = 3;
    saveSchedule(*t.store, spec, kStart - 1000);
    // No runner from before 00:00 until 00:47:30: ten occurrences (00:00 to 00:45) were missed.
    ManualClock clock(kStart + 47 * kMinute + 30'000);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), expected, 10'000);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), jobs);
    for (const OccurrenceRecord &o : occurrences(*t.store)) {
        if (o.outcome == OccurrenceOutcome::Misfired)
            QVERIFY2(o.reason.contains(QLatin1String("while no runner was firing schedules")), qPrintable(o.reason));
    }
    QCOMPARE(engine.scheduler().nextDueMs(), kStart + 50 * kMinute);
    engine.stopAndWait();
}

void TestScheduler::clockJumpIsHandledByTheMisfirePolicy()
{
    TempStore t;
    ManualClock clock(kStart - 1000);
    saveSchedule(*t.store, everyFive(QStringLiteral("jumpy"), MisfirePolicy::Skip), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QTRY_VERIFY_WITH_TIMEOUT(engine.scheduler().isLeader(), 10'000);
    QSignalSpy jumped(&engine.scheduler(), &Scheduler::clockJumped);
    // The machine slept (or someone set the clock) through two hours.
    clock.advance(2 * 3'600'000);
    engine.scheduler().runDue();
    QCOMPARE(jumped.size(), 1);
    QVERIFY(jumped.front().front().toLongLong() > 2 * 3'600'000 - 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(int(occurrences(*t.store).size()), 24, 10'000);
    for (const OccurrenceRecord &o : occurrences(*t.store)) {
        QCOMPARE(o.outcome, OccurrenceOutcome::Misfired);
        QVERIFY2(o.reason.contains(QLatin1String("when the clock jumped forward by ")), qPrintable(o.reason));
    }
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 0);
    // Set back an hour: nothing is missed, and nothing fires twice.
    clock.advance(-3'600'000);
    engine.scheduler().runDue();
    QCOMPARE(jumped.size(), 2);
    QVERIFY(jumped.back().front().toLongLong() < -3'600'000 + 10'000);
    QCOMPARE(int(occurrences(*t.store).size()), 24);
    engine.stopAndWait();
}

void TestScheduler::overlapSkipRecordsTheReason()
{
    TempStore t;
    ManualClock clock(kStart + 10);
    ScheduleSpec spec = everyFive(QStringLiteral("singleton"), MisfirePolicy::FireOnce, OverlapPolicy::Skip);
    spec.job = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}});
    saveSchedule(*t.store, spec, kStart - 1);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired"), 10'000);
    const qint64 first = occurrences(*t.store).front().jobId;
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(first), QStringLiteral("running"), 10'000);
    clock.set(kStart + 5 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired skipped"), 10'000);
    QCOMPARE(occurrences(*t.store).back().reason, QStringLiteral("job %1 is still running (overlap policy skip)").arg(first));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
    engine.cancel(first);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(first), QStringLiteral("cancelled"), 10'000);
    clock.set(kStart + 10 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired skipped fired"), 10'000);
    engine.stopAndWait();
}

void TestScheduler::overlapReplaceCancelsTheRunningJob()
{
    TempStore t;
    ManualClock clock(kStart + 10);
    ScheduleSpec spec = everyFive(QStringLiteral("latest wins"), MisfirePolicy::FireOnce, OverlapPolicy::Replace);
    spec.job = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}});
    saveSchedule(*t.store, spec, kStart - 1);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired"), 10'000);
    const qint64 first = occurrences(*t.store).front().jobId;
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(first), QStringLiteral("running"), 10'000);
    clock.set(kStart + 5 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired fired"), 10'000);
    const OccurrenceRecord second = occurrences(*t.store).back();
    QCOMPARE(second.reason, QStringLiteral("replaced job %1, which was still running (overlap policy replace)").arg(first));
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(first), QStringLiteral("cancelled"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(second.jobId), QStringLiteral("running"), 10'000);
    engine.stopAndWait();
}

void TestScheduler::overlapQueueOneRunsAfterThePreviousRun()
{
    TempStore t;
    ManualClock clock(kStart + 10);
    ScheduleSpec spec = everyFive(QStringLiteral("one behind"), MisfirePolicy::FireOnce, OverlapPolicy::QueueOne);
    spec.job = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}});
    saveSchedule(*t.store, spec, kStart - 1);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(2), clock);
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired"), 10'000);
    const qint64 first = occurrences(*t.store).front().jobId;
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(first), QStringLiteral("running"), 10'000);
    clock.set(kStart + 5 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired waiting"), 10'000);
    clock.set(kStart + 10 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired waiting skipped"), 10'000);
    // Two workers, yet only one run at a time: the waiting one starts when the first ends.
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
    engine.cancel(first);
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired fired skipped"), 10'000);
    const OccurrenceRecord released = occurrences(*t.store)[1];
    QCOMPARE(released.fireAtMs, kStart + 5 * kMinute);
    QCOMPARE(released.reason, QStringLiteral("ran once the previous run finished (overlap policy queue-one)"));
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(released.jobId), QStringLiteral("running"), 10'000);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 2);
    engine.stopAndWait();
}

void TestScheduler::excludedDayIsRecordedAndNotRun()
{
    TempStore t;
    t.store->apply({SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 6, 1), QDate(2026, 6, 1)}}, kStart}});
    ManualClock clock(kStart + 10);
    ScheduleSpec spec = intervalSpec(QStringLiteral("daily"), 86'400'000, kStart);
    spec.exclusions = {QStringLiteral("holidays")};
    saveSchedule(*t.store, spec, kStart - 1);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("excluded"), 10'000);
    QCOMPARE(occurrences(*t.store).front().reason, QStringLiteral("excluded by calendar holidays (2026-06-01)"));
    clock.set(kStart + 86'400'000 + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("excluded fired"), 10'000);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
    engine.stopAndWait();
}

void TestScheduler::pauseUntilPassesOverItsOccurrences()
{
    TempStore t;
    ManualClock clock(kStart - 1000);
    saveSchedule(*t.store, everyFive(QStringLiteral("paused"), MisfirePolicy::CatchUp), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QSignalSpy reloaded(&engine, &Engine::schedulesChanged);
    submitAndWait(engine, {ScheduleCommands::pause(QStringLiteral("paused"), kStart + 30 * kMinute + 1, clock.nowMs())});
    QVERIFY(reloaded.wait(10'000));
    QTRY_COMPARE(engine.scheduler().nextDueMs(), kStart + 35 * kMinute);
    clock.set(kStart + 20 * kMinute);
    engine.scheduler().runDue();
    clock.set(kStart + 35 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired"), 10'000);
    QCOMPARE(occurrences(*t.store).front().fireAtMs, kStart + 35 * kMinute);
    QTRY_COMPARE(t.store->openScheduleReader()->schedule(QStringLiteral("paused"))->pausedUntilMs, 0);
    engine.stopAndWait();
}

void TestScheduler::disabledScheduleFiresAgainOnceResumed()
{
    TempStore t;
    ManualClock clock(kStart - 1000);
    saveSchedule(*t.store, everyFive(QStringLiteral("off and on"), MisfirePolicy::CatchUp), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QSignalSpy reloaded(&engine, &Engine::schedulesChanged);
    submitAndWait(engine, {ScheduleCommands::pause(QStringLiteral("off and on"), 0, clock.nowMs())});
    QVERIFY(reloaded.wait(10'000));
    QTRY_COMPARE(engine.scheduler().nextDueMs(), 0);
    clock.set(kStart + 42 * kMinute);
    engine.scheduler().runDue();
    const auto record = t.store->openScheduleReader()->schedule(QStringLiteral("off and on"));
    QVERIFY(!record->enabled);
    submitAndWait(engine, {ScheduleCommands::resume(*record, clock.nowMs())});
    QVERIFY(reloaded.wait(10'000));
    // From the first occurrence after now: the ones while it was off are not caught up.
    QTRY_COMPARE(engine.scheduler().nextDueMs(), kStart + 45 * kMinute);
    clock.set(kStart + 45 * kMinute + 10);
    engine.scheduler().runDue();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired"), 10'000);
    engine.stopAndWait();
}

void TestScheduler::runNowEnqueuesAndRecords()
{
    TempStore t;
    ManualClock clock(kStart + 123);
    saveSchedule(*t.store, everyFive(QStringLiteral("manual")), kStart + 100);
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    const auto record = t.store->openScheduleReader()->schedule(QStringLiteral("manual"));
    const auto job = ScheduleCommands::jobFor(record->spec, {}, nullptr);
    const BatchResult r = submitAndWait(engine, {ScheduleCommands::runNow(*record, *job, clock.nowMs(), QStringLiteral("a test"))});
    QVERIFY(r.results.front().applied);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(r.results.front().jobId), QStringLiteral("succeeded"), 10'000);
    const auto recorded = occurrences(*t.store);
    QCOMPARE(recorded.size(), size_t(1));
    QCOMPARE(recorded[0].reason, QStringLiteral("run now by a test"));
    QCOMPARE(recorded[0].fireAtMs, kStart + 123);
    // The schedule's own times are unchanged.
    QCOMPARE(t.store->openScheduleReader()->schedule(QStringLiteral("manual"))->nextFireAtMs, kStart + 5 * kMinute);
    engine.stopAndWait();
}

void TestScheduler::definitionsAreResolvedOrTheOccurrenceIsSkipped()
{
    TempStore t;
    ManualClock clock(kStart + 10);
    ScheduleSpec spec = everyFive(QStringLiteral("from the jobs folder"));
    spec.job.kind.clear();
    spec.definition = QStringLiteral("thumbnails");
    saveSchedule(*t.store, spec, kStart - 1);
    const HandlerRegistry handlers = builtIns();
    {
        Engine engine(*t.store, handlers, engineOptions(1), clock);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("skipped"), 10'000);
        QCOMPARE(occurrences(*t.store).front().reason,
                 QStringLiteral("job definition thumbnails cannot be read: this runner has no jobs folder"));
        engine.stopAndWait();
    }
    clock.set(kStart + 5 * kMinute + 10);
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    QStringList asked;
    engine.scheduler().setDefinitionResolver([&asked](const QString &name, QString *) -> std::optional<JobSpec> {
        asked << name;
        JobSpec job = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 1}});
        job.queue = QStringLiteral("media");
        return job;
    });
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("skipped fired"), 10'000);
    QCOMPARE(asked, QStringList{QStringLiteral("thumbnails")});
    const auto job = t.reader->job(occurrences(*t.store).back().jobId);
    QCOMPARE(job->kind, QStringLiteral("sleep"));
    QCOMPARE(job->queue, QStringLiteral("media"));
    engine.stopAndWait();
}

void TestScheduler::anotherRunnerTakesOverWhenTheLeaseExpires()
{
    TempStore t;
    ManualClock clock(kStart - 1000);
    saveSchedule(*t.store, everyFive(QStringLiteral("shared")), clock.nowMs());
    // A runner that took the lease and then died: nobody renews it.
    t.store->apply({AcquireSchedulerLease{QStringLiteral("dead-runner"), clock.nowMs(), clock.nowMs() + 30'000}});
    const HandlerRegistry handlers = builtIns();
    EngineOptions options = engineOptions(1);
    Engine engine(*t.store, handlers, options, clock);
    engine.start();
    QVERIFY(!engine.scheduler().isLeader());
    clock.set(kStart + 10);
    engine.scheduler().runDue();
    engine.scheduler().renewLease();
    // The renewal's answer has come back once the store flushed and the main thread took its queued answer.
    t.store->flush();
    QCoreApplication::sendPostedEvents();
    QVERIFY(!engine.scheduler().isLeader());
    QCOMPARE(outcomes(*t.store), QString());
    // The lease runs out: this runner takes over and fires what became due meanwhile.
    clock.set(kStart + 29'000 + 2000);
    QSignalSpy leadership(&engine.scheduler(), &Scheduler::leadershipChanged);
    engine.scheduler().renewLease();
    QVERIFY(leadership.wait(10'000));
    QVERIFY(engine.scheduler().isLeader());
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(*t.store), QStringLiteral("fired"), 10'000);
    QCOMPARE(occurrences(*t.store).front().fireAtMs, kStart);
    QCOMPARE(t.store->openScheduleReader()->schedulerLease().owner, engine.runnerId());
    engine.stopAndWait();
    QCOMPARE(t.store->openScheduleReader()->schedulerLease().owner, QString()); // handed back on stop
}

void TestScheduler::twoEnginesOnOneDatabaseNeverFireAnOccurrenceTwice()
{
    // Two runners (two stores, as two processes would have) on the real clock, twenty schedules firing every
    // second; the leader stops half-way and the other takes over, then the first comes back.
    TempStore t;
    const qint64 start = SystemClock::instance().nowMs() + 500;
    constexpr int kSchedules = 20;
    for (int i = 0; i < kSchedules; ++i)
        saveSchedule(*t.store, intervalSpec(QStringLiteral("s%1").arg(i), 1000, start), start - 500);
    auto otherStore = openJobStore(t.path);
    JobStore *stores[2] = {t.store.get(), otherStore.get()};
    const HandlerRegistry handlers = builtIns();
    EngineOptions options[2] = {engineOptions(2), engineOptions(2)};
    options[0].runnerId = QStringLiteral("runner-a");
    options[1].runnerId = QStringLiteral("runner-b");
    options[0].leaseMs = options[1].leaseMs = 1500;
    std::unique_ptr<Engine> engines[2];
    for (int i = 0; i < 2; ++i) {
        engines[i] = std::make_unique<Engine>(*stores[i], handlers, options[i]);
        engines[i]->start();
    }
    QTRY_VERIFY_WITH_TIMEOUT(engines[0]->scheduler().isLeader() || engines[1]->scheduler().isLeader(), 10'000);
    QVERIFY(engines[0]->scheduler().isLeader() != engines[1]->scheduler().isLeader());
    // Either may win the first election; from here on "first" is the one that did.
    const int first = engines[0]->scheduler().isLeader() ? 0 : 1;
    const int second = 1 - first;
    const auto firedBy = [&](int engine) {
        return scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE runner = '%1'").arg(options[engine].runnerId));
    };
    QTRY_VERIFY_WITH_TIMEOUT(firedBy(first) >= 3 * kSchedules, 20'000);
    engines[first]->stopAndWait(); // hands the lease back
    QTRY_VERIFY_WITH_TIMEOUT(engines[second]->scheduler().isLeader(), 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(firedBy(second) >= 3 * kSchedules, 20'000);
    engines[first] = std::make_unique<Engine>(*stores[first], handlers, options[first]);
    engines[first]->start();
    QVERIFY(!engines[first]->scheduler().isLeader());
    const qint64 beforeSecond = firedBy(second);
    QTRY_VERIFY_WITH_TIMEOUT(firedBy(second) >= beforeSecond + 2 * kSchedules, 20'000);
    engines[second]->stopAndWait();
    QTRY_VERIFY_WITH_TIMEOUT(engines[first]->scheduler().isLeader(), 10'000);
    const qint64 beforeFirst = firedBy(first);
    QTRY_VERIFY_WITH_TIMEOUT(firedBy(first) >= beforeFirst + 2 * kSchedules, 20'000);
    engines[first]->stopAndWait();

    // Every occurrence from the first to the last is recorded exactly once per schedule, none skipped over, and
    // every fired one has its own job.
    auto reader = t.store->openScheduleReader();
    for (const ScheduleRecord &s : reader->schedules()) {
        const auto recorded = reader->occurrences({0, start * 2, s.id, 100'000});
        QVERIFY(recorded.size() >= 10);
        for (size_t i = 0; i < recorded.size(); ++i)
            QCOMPARE(recorded[i].fireAtMs, start + qint64(i) * 1000);
    }
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE outcome = 'fired' AND job_id IS NULL")), 0);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")),
             scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE outcome = 'fired'")));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM (SELECT job_id FROM schedule_occurrences WHERE job_id IS NOT NULL "
                                           "GROUP BY job_id HAVING count(*) > 1) AS repeated")), 0);
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
