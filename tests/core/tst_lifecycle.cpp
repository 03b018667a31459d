// A job's life through the engine: failures and retries until dead, requeue, timeouts, cancel, a stop in the
// middle of a long job that the next runner resumes from its checkpoint, and jobs left behind by a dead runner.

#include "CoreTestSupport.h"
#include "GateHandler.h"

#include "runner/JobCommands.h"
#include "runner/LeaseKeeper.h"

#include <QtTest>
#include <atomic>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

JobSpec failSpec(int maxAttempts, const QJsonObject &payload = {{QStringLiteral("message"), QStringLiteral("disk on fire")}})
{
    JobSpec s = makeSpec(QStringLiteral("fail"), payload);
    s.maxAttempts = maxAttempts;
    return s;
}

QStringList outcomes(const std::vector<AttemptRecord> &attempts)
{
    QStringList out;
    for (const AttemptRecord &a : attempts)
        out << outcomeName(a.outcome);
    return out;
}

QJsonObject jsonObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// Counting the primes below 10,000,000 takes about two seconds in a debug build: long enough to stop in the middle.
constexpr int kPrimesN = 10'000'000;
constexpr int kPrimesBelowN = 664'579;

} // namespace

class TestLifecycle : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void retriesUntilMaxAttemptsThenDead();
    void cancelReachesAJobClaimedAheadButNotStarted();
    void requeueOfDeadJobRunsAgain_data();
    void requeueOfDeadJobRunsAgain();
    void retryWaitsForItsBackoff();
    void nonRetryableFailureIsDeadAfterOneAttempt();
    void jobOfUnknownKindIsDead();
    void timedOutJobIsDeadWithTimedOutAttempt();
    void cancelOfRunningJobStopsIt();
    void cancelOfWaitingJobIsImmediate();
    void stoppedJobResumesFromCheckpointOnNextRunner();
    void jobOfDeadRunnerOnThisHostIsRecoveredAtStart();
    void leaseOfRunnerOnAnotherHostIsLeftUntilItExpires();
};

void TestLifecycle::cancelReachesAJobClaimedAheadButNotStarted()
{
    TempStore t;
    HandlerRegistry registry = builtIns();
    const auto gate = std::make_shared<Gate>();
    registry.add(std::make_unique<GateHandler>(gate));
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    // Many short jobs teach the dispatcher to claim ahead.
    WriteBatch warmUp;
    for (int i = 0; i < 300; ++i)
        warmUp.push_back(EnqueueJob{makeSpec(QStringLiteral("noop")), engine.clock().nowMs()});
    QVERIFY(submitAndWait(engine, warmUp).ok);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")), 300, 30'000);

    // Holds the single worker until the test opens the gate.
    const qint64 sleeper = enqueueVia(engine, makeSpec(QStringLiteral("gate")));
    WriteBatch behind;
    for (int i = 0; i < 20; ++i)
        behind.push_back(EnqueueJob{makeSpec(QStringLiteral("noop")), engine.clock().nowMs()});
    const BatchResult queued = submitAndWait(engine, behind);
    QVERIFY(queued.ok);
    const qint64 held = queued.results.back().jobId;
    // Claimed (leased to this runner) while the single worker is busy with the sleeper.
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(held), QStringLiteral("running"), 10'000);
    QCOMPARE(t.stateOf(sleeper), QStringLiteral("running"));
    // The claim is visible as soon as it commits; the dispatcher hands the sleeper to its worker just after.
    QTRY_COMPARE(int(engine.runningJobs().size()), 1);

    engine.cancel(held);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(held), QStringLiteral("cancelled"), 10'000);
    QCOMPARE(t.stateOf(sleeper), QStringLiteral("running"));
    gate->open();
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(sleeper), QStringLiteral("succeeded"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")), 320, 10'000);
    QVERIFY(t.reader->attempts(held).empty()); // it never ran
}

void TestLifecycle::retriesUntilMaxAttemptsThenDead()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(2));
    EventRecorder events(engine);
    engine.start();

    const qint64 id = enqueueVia(engine, failSpec(3));
    QVERIFY(id > 0);
    // Events reach the main thread shortly after the commit the store already shows: wait for them.
    QTRY_COMPARE_WITH_TIMEOUT(events.countFor(id, JobState::Dead), 1, 10000);
    QCOMPARE(t.stateOf(id), QStringLiteral("dead"));
    QCOMPARE(events.countFor(id, JobState::Running), 3);
    QCOMPARE(events.countFor(id, JobState::Failed), 2);

    const auto job = t.reader->job(id);
    QCOMPARE(job->attempts, 3);
    QCOMPARE(job->totalAttempts, 3);
    QCOMPARE(job->error, QStringLiteral("disk on fire"));
    QVERIFY2(job->stateReason.contains(QStringLiteral("no attempts left")), qPrintable(job->stateReason));
    QVERIFY(job->finishedAtMs > 0);
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(outcomes(attempts), (QStringList{QStringLiteral("failed"), QStringLiteral("failed"), QStringLiteral("failed")}));
    for (const AttemptRecord &a : attempts) {
        QCOMPARE(a.error, QStringLiteral("disk on fire"));
        QVERIFY(a.finishedAtMs >= a.startedAtMs);
    }
    // The handler's own error line is in the log, once per attempt.
    const auto log = t.reader->logTail(id, 10);
    QCOMPARE(log.size(), size_t(3));
    QCOMPARE(log.back().level, LogLevel::Error);
    QCOMPARE(log.back().attempt, 3);
    engine.stopAndWait();
}

void TestLifecycle::requeueOfDeadJobRunsAgain_data()
{
    QTest::addColumn<QByteArray>("newPayload"); // empty: requeue as it is
    QTest::addColumn<QString>("finalState");
    QTest::addColumn<int>("attemptsThisRound");
    QTest::addColumn<int>("attemptRows");
    QTest::newRow("as it is: fails its fresh round again") << QByteArray() << QStringLiteral("dead") << 3 << 6;
    QTest::newRow("with an edited payload: succeeds") << QByteArrayLiteral("{\"times\":0}")
                                                       << QStringLiteral("succeeded") << 1 << 4;
}

void TestLifecycle::requeueOfDeadJobRunsAgain()
{
    QFETCH(QByteArray, newPayload);
    QFETCH(QString, finalState);
    QFETCH(int, attemptsThisRound);
    QFETCH(int, attemptRows);

    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(2));
    EventRecorder events(engine);
    engine.start();
    const qint64 id = enqueueVia(engine, failSpec(3));
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("dead"), 10000);
    QCOMPARE(t.reader->attempts(id).size(), size_t(3));

    const std::optional<QByteArray> payload = newPayload.isEmpty() ? std::nullopt : std::optional(newPayload);
    const BatchResult r = submitAndWait(
        engine, {JobCommands::requeue(id, payload, engine.clock().nowMs(), QStringLiteral("test"))});
    QVERIFY(r.ok);
    QVERIFY(r.results.front().applied);
    QTRY_COMPARE_WITH_TIMEOUT(events.countFor(id, JobState::Dead) + events.countFor(id, JobState::Succeeded), 2,
                              10000);
    QCOMPARE(t.stateOf(id), finalState);

    const auto job = t.reader->job(id);
    QCOMPARE(job->attempts, attemptsThisRound);
    QCOMPARE(job->totalAttempts, attemptRows);
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(int(attempts.size()), attemptRows);
    for (int i = 0; i < attemptRows; ++i)
        QCOMPARE(attempts[size_t(i)].number, i + 1); // the history of the first round is kept
    if (!newPayload.isEmpty()) {
        QCOMPARE(job->payload, newPayload);
        QCOMPARE(outcomeName(attempts.back().outcome), QStringLiteral("succeeded"));
    }
    engine.stopAndWait();
}

void TestLifecycle::retryWaitsForItsBackoff()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    JobSpec s = failSpec(2, {{QStringLiteral("times"), 1}});
    s.backoffMs = 300;
    const qint64 id = enqueueVia(engine, s);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("succeeded"), 10000);
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(outcomes(attempts), (QStringList{QStringLiteral("failed"), QStringLiteral("succeeded")}));
    const qint64 waited = attempts[1].startedAtMs - attempts[0].finishedAtMs;
    QVERIFY2(waited >= 300, qPrintable(QStringLiteral("retried after %1 ms").arg(waited)));
    engine.stopAndWait();
}

void TestLifecycle::nonRetryableFailureIsDeadAfterOneAttempt()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    const qint64 id = enqueueVia(engine, failSpec(5, {{QStringLiteral("message"), QStringLiteral("bad input")},
                                                      {QStringLiteral("retryable"), false}}));
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("dead"), 10000);
    const auto job = t.reader->job(id);
    QCOMPARE(job->attempts, 1);
    QVERIFY2(job->stateReason.contains(QStringLiteral("non-retryable")), qPrintable(job->stateReason));
    QCOMPARE(t.reader->attempts(id).size(), size_t(1));
    engine.stopAndWait();
}

void TestLifecycle::jobOfUnknownKindIsDead()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    JobSpec s = makeSpec(QStringLiteral("no-such-kind"));
    s.maxAttempts = 5;
    const qint64 id = enqueueVia(engine, s);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("dead"), 10000);
    const auto job = t.reader->job(id);
    QCOMPARE(job->attempts, 1); // retrying cannot make a handler appear
    QVERIFY2(job->error.contains(QStringLiteral("no-such-kind")), qPrintable(job->error));
    engine.stopAndWait();
}

void TestLifecycle::timedOutJobIsDeadWithTimedOutAttempt()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    JobSpec s = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 10000}});
    s.timeoutMs = 200;
    s.maxAttempts = 1;
    const qint64 id = enqueueVia(engine, s);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("dead"), 5000); // long before the 10 s sleep ends

    const auto job = t.reader->job(id);
    QVERIFY2(job->error.contains(QStringLiteral("timed out")), qPrintable(job->error));
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(outcomes(attempts), QStringList{QStringLiteral("timed_out")});
    QVERIFY2(attempts.front().durationMs() >= 200, qPrintable(QString::number(attempts.front().durationMs())));
    QVERIFY2(attempts.front().durationMs() < 5000, qPrintable(QString::number(attempts.front().durationMs())));
    QTRY_VERIFY_WITH_TIMEOUT(engine.isIdle(), 5000); // the worker is free again
    QCOMPARE(engine.abandonedWorkers(), 0);
    engine.stopAndWait();
}

void TestLifecycle::cancelOfRunningJobStopsIt()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    const qint64 id = enqueueVia(engine, makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 10000}}));
    QTRY_VERIFY_WITH_TIMEOUT(!engine.runningJobs().empty() && engine.runningJobs().front()->startedAtMs > 0, 5000);

    std::atomic<bool> answered = false; // set on the writer thread
    std::atomic<bool> cancelRequested = false;
    engine.cancel(id, [&](const MutationResult &r) {
        cancelRequested = r.cancelRequested;
        answered = true;
    });
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("cancelled"), 5000);
    QTRY_VERIFY(answered);
    QVERIFY(cancelRequested);
    const auto job = t.reader->job(id);
    QVERIFY(job->finishedAtMs > 0);
    QCOMPARE(job->leaseOwner, QString());
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(outcomes(attempts), QStringList{QStringLiteral("cancelled")});
    QVERIFY(attempts.front().durationMs() < 5000);
    QTRY_VERIFY_WITH_TIMEOUT(engine.runningJobs().empty(), 5000);
    engine.stopAndWait();
}

void TestLifecycle::cancelOfWaitingJobIsImmediate()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    EventRecorder events(engine);
    engine.start();
    JobSpec later = makeSpec(QStringLiteral("noop"));
    later.runAtMs = engine.clock().nowMs() + 3'600'000;
    const qint64 id = enqueueVia(engine, later);
    QCOMPARE(t.stateOf(id), QStringLiteral("scheduled"));

    engine.cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(events.countFor(id, JobState::Cancelled), 1, 5000);
    QCOMPARE(t.stateOf(id), QStringLiteral("cancelled"));
    QCOMPARE(t.reader->job(id)->stateReason, QStringLiteral("cancelled by user"));
    QVERIFY(t.reader->attempts(id).empty());
    engine.stopAndWait();
}

void TestLifecycle::stoppedJobResumesFromCheckpointOnNextRunner()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    qint64 id = 0;
    qint64 checkpointedAt = 0;
    {
        Engine first(*t.store, registry, engineOptions(1));
        first.start();
        id = enqueueVia(first, makeSpec(QStringLiteral("cpu"), {{QStringLiteral("n"), kPrimesN},
                                                                 {QStringLiteral("checkpoint_ms"), 20}}));
        // Stop once some work is safely saved, well before the end.
        QTRY_VERIFY_WITH_TIMEOUT(!t.reader->job(id)->checkpoint.isEmpty(), 10000);
        first.stopAndWait();
        QCOMPARE(first.status(), Engine::Status::Stopped);

        const auto job = t.reader->job(id);
        QCOMPARE(stateName(job->state), QStringLiteral("queued"));
        QCOMPARE(job->attempts, 0); // a stopping runner's attempt does not count against the job
        checkpointedAt = qint64(jsonObject(job->checkpoint).value(QStringLiteral("next")).toDouble());
        QVERIFY2(checkpointedAt > 0 && checkpointedAt < kPrimesN,
                 qPrintable(QStringLiteral("the job finished before it could be stopped (%1)").arg(checkpointedAt)));
        QCOMPARE(outcomes(t.reader->attempts(id)), QStringList{QStringLiteral("interrupted")});
    }

    EngineOptions options = engineOptions(1);
    options.runnerId = QStringLiteral("test-runner-2");
    Engine second(*t.store, registry, options);
    second.start();
    // CPU-bound: on a loaded two-core machine the rest of the work takes a while.
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("succeeded"), 120'000);

    const auto job = t.reader->job(id);
    const QJsonObject result = jsonObject(job->result);
    QCOMPARE(result.value(QStringLiteral("n")).toInt(), kPrimesN);
    QCOMPARE(result.value(QStringLiteral("primes")).toInt(), kPrimesBelowN);
    QCOMPARE(job->progress, 1.0);
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(outcomes(attempts), (QStringList{QStringLiteral("interrupted"), QStringLiteral("succeeded")}));
    QVERIFY(!attempts[0].fromCheckpoint);
    QVERIFY(attempts[1].fromCheckpoint);
    QCOMPARE(attempts[1].runner, QStringLiteral("test-runner-2"));
    bool resumedLine = false;
    for (const LogLine &line : t.reader->logTail(id, 20))
        resumedLine = resumedLine || (line.attempt == 2 && line.text.startsWith(QStringLiteral("resuming at")));
    QVERIFY(resumedLine);
    second.stopAndWait();
}

void TestLifecycle::jobOfDeadRunnerOnThisHostIsRecoveredAtStart()
{
    constexpr qint64 kGonePid = 999'999;
    if (LeaseKeeper::processExists(kGonePid))
        QSKIP("a process with pid 999999 exists on this host");
    TempStore t;
    const qint64 now = SystemClock::instance().nowMs();
    const QString dead = QStringLiteral("dead-runner");
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), now);
    const BatchResult r = claimByGoneRunner(t, id, dead, kGonePid, now);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.results[1].claimed.size(), size_t(1));
    QCOMPARE(t.stateOf(id), QStringLiteral("running"));

    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start();
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("succeeded"), 5000);

    const auto job = t.reader->job(id);
    QCOMPARE(job->attempts, 2); // the dead runner's attempt counts: its work was lost
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(outcomes(attempts), (QStringList{QStringLiteral("abandoned"), QStringLiteral("succeeded")}));
    QCOMPARE(attempts[0].runner, dead);
    QVERIFY2(attempts[0].error.contains(QStringLiteral("is gone")), qPrintable(attempts[0].error));
    QCOMPARE(attempts[1].runner, QStringLiteral("test-runner"));
    engine.stopAndWait();
}

void TestLifecycle::leaseOfRunnerOnAnotherHostIsLeftUntilItExpires()
{
    TempStore t;
    const qint64 now = SystemClock::instance().nowMs();
    const QString remote = QStringLiteral("remote-runner");
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), now);
    ClaimJobs claim;
    claim.owner = remote;
    claim.nowMs = now;
    claim.leaseUntilMs = now + 600'000;
    claim.limit = 1;
    // Its pid means nothing here: the process lives on another machine sharing the database.
    QVERIFY(t.store->apply({RegisterRunner{remote, QStringLiteral("elsewhere.invalid"), 999'999, 1, now}, claim,
                            StartAttempt{id, 1, now, remote, {}, false}})
                .ok);

    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(1));
    engine.start(); // recovery at start has run when start() returns
    t.store->flush();
    QTRY_VERIFY_WITH_TIMEOUT(engine.isIdle(), 5000);
    const auto job = t.reader->job(id);
    QCOMPARE(stateName(job->state), QStringLiteral("running"));
    QCOMPARE(job->leaseOwner, remote);
    engine.stopAndWait();
    QCOMPARE(t.stateOf(id), QStringLiteral("running")); // stopping one runner does not touch another's jobs
}

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
