// The SQLite store on its own, driven by mutations and a manual clock: idempotent enqueue, claim order and
// limits, the guarded state change, lease recovery and requeue.

#include "CoreTestSupport.h"

#include "runner/JobCommands.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

Q_DECLARE_METATYPE(jobdeck::JobState)

namespace {

const QString kDeadRunner = QStringLiteral("dead-runner");

std::vector<ClaimedJob> claim(TempStore &t, const ManualClock &clock, int limit, const QString &owner = kDeadRunner,
                              qint64 leaseMs = 1000, QStringList blocked = {}, QHash<QString, int> queueLimits = {})
{
    ClaimJobs c;
    c.owner = owner;
    c.nowMs = clock.nowMs();
    c.leaseUntilMs = clock.nowMs() + leaseMs;
    c.limit = limit;
    c.blockedQueues = std::move(blocked);
    c.queueLimits = std::move(queueLimits);
    // Only a registered runner may claim.
    const BatchResult r = t.store->apply({RegisterRunner{owner, QStringLiteral("test-host"), 0, 1, c.nowMs}, c});
    return r.ok && r.results.size() == 2 ? r.results.back().claimed : std::vector<ClaimedJob>{};
}

QList<qint64> ids(const std::vector<ClaimedJob> &jobs)
{
    QList<qint64> out;
    for (const ClaimedJob &j : jobs)
        out << j.id;
    return out;
}

qint64 eventRows(TempStore &t, qint64 jobId)
{
    return scalar(t.path, QStringLiteral("SELECT count(*) FROM job_events WHERE job_id = %1").arg(jobId));
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void enqueueWithSameIdempotencyKeyReturnsExistingJob();
    void idempotencyKeyMatchesWithinOneBatch();
    void jobDueLaterIsScheduledAndClaimedOnlyWhenDue();
    void claimTakesHigherPriorityFirstThenFifo_data();
    void claimTakesHigherPriorityFirstThenFifo();
    void claimSkipsBlockedQueuesAndHonoursQueueLimits();
    void transitionFromUnexpectedStateIsNotApplied_data();
    void transitionFromUnexpectedStateIsNotApplied();
    void matchingTransitionIsAppliedAndRecorded();
    void expiredLeaseReturnsJobToQueueWithAttemptCounted();
    void expiredLeaseOnLastAttemptMakesJobDead();
    void liveLeaseIsNotRecovered();
    void goneOwnerIsRecoveredBeforeItsLeaseExpires();
    void claimedButNeverStartedJobIsRequeuedWithoutCountingAnAttempt();
    void requeueOfDeadJobGrantsFreshAttemptsAndNewPayload();
    void cancelOfWaitingJobIsImmediateAndOfRunningJobIsAFlag();
    void failedBatchWritesNothing();
};

void TestStore::enqueueWithSameIdempotencyKeyReturnsExistingJob()
{
    TempStore t;
    ManualClock clock;
    JobSpec first = makeSpec(QStringLiteral("noop"), {{QStringLiteral("v"), 1}});
    first.idempotencyKey = QStringLiteral("invoice-42");
    const BatchResult a = t.store->apply({EnqueueJob{first, clock.nowMs()}});
    QVERIFY2(a.ok, qPrintable(a.error));
    QVERIFY(a.results.front().created);
    QCOMPARE(a.events.size(), size_t(1));

    clock.advance(1000);
    JobSpec again = first;
    again.payload = QByteArrayLiteral("{\"v\":2}");
    const BatchResult b = t.store->apply({EnqueueJob{again, clock.nowMs()}});
    QVERIFY2(b.ok, qPrintable(b.error));
    QCOMPARE(b.results.front().jobId, a.results.front().jobId);
    QVERIFY(!b.results.front().created);
    QVERIFY(b.events.empty()); // nothing happened, so nothing is announced

    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), qint64(1));
    const auto job = t.reader->job(a.results.front().jobId);
    QVERIFY(job);
    QCOMPARE(job->payload, QByteArrayLiteral("{\"v\":1}")); // the first enqueue wins
    QCOMPARE(job->idempotencyKey, QStringLiteral("invoice-42"));

    JobSpec other = first;
    other.idempotencyKey = QStringLiteral("invoice-43");
    const qint64 otherId = t.enqueue(other, clock.nowMs());
    QVERIFY(otherId > 0);
    QVERIFY(otherId != a.results.front().jobId);
    // Jobs without a key never collide.
    const qint64 plain1 = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    const qint64 plain2 = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    QVERIFY(plain1 > 0 && plain2 > 0 && plain1 != plain2);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), qint64(4));
}

void TestStore::idempotencyKeyMatchesWithinOneBatch()
{
    TempStore t;
    JobSpec s = makeSpec(QStringLiteral("noop"));
    s.idempotencyKey = QStringLiteral("same");
    const BatchResult r = t.store->apply({EnqueueJob{s, 1000}, EnqueueJob{s, 1000}});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.results.size(), size_t(2));
    QCOMPARE(r.results[1].jobId, r.results[0].jobId);
    QVERIFY(r.results[0].created);
    QVERIFY(!r.results[1].created);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), qint64(1));
}

void TestStore::jobDueLaterIsScheduledAndClaimedOnlyWhenDue()
{
    TempStore t;
    ManualClock clock;
    JobSpec s = makeSpec(QStringLiteral("noop"));
    s.runAtMs = clock.nowMs() + 60'000;
    const qint64 id = t.enqueue(s, clock.nowMs());
    QCOMPARE(t.stateOf(id), QStringLiteral("scheduled"));
    QCOMPARE(t.reader->earliestDueMs(), s.runAtMs);

    clock.advance(59'999);
    QVERIFY(claim(t, clock, 10).empty());
    QCOMPARE(t.stateOf(id), QStringLiteral("scheduled"));

    clock.advance(1);
    QCOMPARE(ids(claim(t, clock, 10)), QList<qint64>{id});
    QCOMPARE(t.stateOf(id), QStringLiteral("running"));
    QCOMPARE(t.reader->earliestDueMs(), qint64(0));
}

void TestStore::claimTakesHigherPriorityFirstThenFifo_data()
{
    QTest::addColumn<QList<int>>("priorities"); // in enqueue order
    QTest::addColumn<QList<int>>("expectedOrder"); // indexes into the enqueue order
    QTest::newRow("one priority is FIFO") << QList<int>{0, 0, 0, 0} << QList<int>{0, 1, 2, 3};
    QTest::newRow("higher first") << QList<int>{1, 5, 10} << QList<int>{2, 1, 0};
    QTest::newRow("mixed") << QList<int>{0, 5, 0, 10, 5, 0} << QList<int>{3, 1, 4, 0, 2, 5};
    QTest::newRow("negative priorities last") << QList<int>{-1, 0, -1, 1} << QList<int>{3, 1, 0, 2};
}

void TestStore::claimTakesHigherPriorityFirstThenFifo()
{
    QFETCH(QList<int>, priorities);
    QFETCH(QList<int>, expectedOrder);
    QList<qint64> expected;

    // One claim at a time, as a runner with one free worker does...
    {
        TempStore t;
        ManualClock clock;
        QList<qint64> jobIds;
        for (int p : priorities) {
            jobIds << t.enqueue(makeSpec(QStringLiteral("noop"), {}, p), clock.nowMs());
            clock.advance(1);
        }
        for (int i : expectedOrder)
            expected << jobIds[i];
        QList<qint64> claimed;
        for (int i = 0; i < priorities.size(); ++i)
            claimed += ids(claim(t, clock, 1));
        QCOMPARE(claimed, expected);
        QVERIFY(claim(t, clock, 1).empty());
    }
    // ...and all at once, as a runner claiming ahead does: handed over in the same order.
    {
        TempStore t;
        ManualClock clock;
        for (int p : priorities)
            t.enqueue(makeSpec(QStringLiteral("noop"), {}, p), clock.nowMs());
        QCOMPARE(ids(claim(t, clock, 100)), expected);
    }
}

void TestStore::claimSkipsBlockedQueuesAndHonoursQueueLimits()
{
    TempStore t;
    ManualClock clock;
    QHash<QString, QList<qint64>> byQueue;
    for (const QString &queue : {QStringLiteral("default"), QStringLiteral("paused"), QStringLiteral("limited")}) {
        for (int i = 0; i < 3; ++i) {
            JobSpec s = makeSpec(QStringLiteral("noop"));
            s.queue = queue;
            byQueue[queue] << t.enqueue(s, clock.nowMs());
        }
    }
    const auto claimed = claim(t, clock, 100, kDeadRunner, 1000, {QStringLiteral("paused")},
                               {{QStringLiteral("limited"), 2}});
    QCOMPARE(ids(claimed), byQueue[QStringLiteral("default")] + byQueue[QStringLiteral("limited")].mid(0, 2));
    for (qint64 id : byQueue[QStringLiteral("paused")])
        QCOMPARE(t.stateOf(id), QStringLiteral("queued"));
    QCOMPARE(t.stateOf(byQueue[QStringLiteral("limited")][2]), QStringLiteral("queued"));

    // A queue at its limit is listed as blocked; the overall limit still applies.
    QVERIFY(claim(t, clock, 100, kDeadRunner, 1000, {QStringLiteral("paused"), QStringLiteral("limited")}).empty());
    QCOMPARE(claim(t, clock, 2).size(), size_t(2));
}

void TestStore::transitionFromUnexpectedStateIsNotApplied_data()
{
    QTest::addColumn<QList<JobState>>("from");
    QTest::addColumn<JobState>("to");
    QTest::addColumn<QString>("requireOwner");
    QTest::addColumn<bool>("claimFirst");
    QTest::addColumn<bool>("missingJob");

    using S = JobState;
    QTest::newRow("from does not match the current state")
        << QList<S>{S::Running} << S::Succeeded << QString() << false << false;
    QTest::newRow("from matches but the move is not in the table")
        << QList<S>{S::Queued} << S::Succeeded << QString() << false << false;
    QTest::newRow("running job leased to another runner")
        << QList<S>{S::Running} << S::Succeeded << QStringLiteral("someone-else") << true << false;
    QTest::newRow("job does not exist") << QList<S>{S::Queued} << S::Running << QString() << false << true;
}

void TestStore::transitionFromUnexpectedStateIsNotApplied()
{
    QFETCH(QList<JobState>, from);
    QFETCH(JobState, to);
    QFETCH(QString, requireOwner);
    QFETCH(bool, claimFirst);
    QFETCH(bool, missingJob);

    TempStore t;
    ManualClock clock;
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    if (claimFirst)
        QCOMPARE(claim(t, clock, 1).size(), size_t(1));
    clock.advance(5000);
    const auto before = t.reader->job(id);
    QVERIFY(before);
    const qint64 eventsBefore = eventRows(t, id);

    Transition tr;
    tr.jobId = missingJob ? id + 1000 : id;
    tr.from = from;
    tr.to = to;
    tr.reason = QStringLiteral("should not happen");
    tr.atMs = clock.nowMs();
    tr.error = QStringLiteral("should not be written");
    tr.requireOwner = requireOwner;
    const BatchResult r = t.store->apply({tr});
    QVERIFY2(r.ok, qPrintable(r.error)); // a refused move is an answer, not a store failure
    QVERIFY(!r.results.front().applied);
    QVERIFY(r.events.empty());

    const auto after = t.reader->job(id);
    QVERIFY(after);
    QCOMPARE(stateName(after->state), stateName(before->state));
    QCOMPARE(after->stateReason, before->stateReason);
    QCOMPARE(after->updatedAtMs, before->updatedAtMs);
    QCOMPARE(after->error, QString());
    QCOMPARE(after->leaseOwner, before->leaseOwner);
    QCOMPARE(eventRows(t, id), eventsBefore);
}

void TestStore::matchingTransitionIsAppliedAndRecorded()
{
    TempStore t;
    ManualClock clock;
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    const qint64 eventsBefore = eventRows(t, id);
    clock.advance(10);
    Transition tr;
    tr.jobId = id;
    tr.from = {JobState::Queued, JobState::Scheduled};
    tr.to = JobState::Cancelled;
    tr.reason = QStringLiteral("cancelled by test");
    tr.atMs = clock.nowMs();
    const BatchResult r = t.store->apply({tr});
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.results.front().applied);
    QCOMPARE(r.events.size(), size_t(1));
    QCOMPARE(stateName(r.events.front().from), QStringLiteral("queued"));
    QCOMPARE(stateName(r.events.front().to), QStringLiteral("cancelled"));
    const auto job = t.reader->job(id);
    QCOMPARE(stateName(job->state), QStringLiteral("cancelled"));
    QCOMPARE(job->stateReason, QStringLiteral("cancelled by test"));
    QCOMPARE(job->finishedAtMs, clock.nowMs());
    QCOMPARE(eventRows(t, id), eventsBefore + 1);
}

void TestStore::expiredLeaseReturnsJobToQueueWithAttemptCounted()
{
    TempStore t;
    ManualClock clock;
    JobSpec s = makeSpec(QStringLiteral("noop"));
    s.maxAttempts = 3;
    const qint64 id = t.enqueue(s, clock.nowMs());
    const auto claimed = claim(t, clock, 1, kDeadRunner, 1000);
    QCOMPARE(ids(claimed), QList<qint64>{id});
    QVERIFY(t.store->apply({StartAttempt{id, claimed.front().attemptNumber, clock.nowMs(), kDeadRunner,
                                         QStringLiteral("worker-1"), false}})
                .ok);

    clock.advance(1001);
    const BatchResult r = t.store->apply({RecoverLeases{clock.nowMs(), {}, QStringLiteral("new-runner")}});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.results.front().affected, 1);

    const auto job = t.reader->job(id);
    QCOMPARE(stateName(job->state), QStringLiteral("queued"));
    QCOMPARE(job->attempts, 1);
    QCOMPARE(job->leaseOwner, QString());
    QVERIFY2(job->stateReason.contains(QStringLiteral("expired")), qPrintable(job->stateReason));
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(attempts.size(), size_t(1));
    QCOMPARE(outcomeName(attempts.front().outcome), QStringLiteral("abandoned"));
    QCOMPARE(attempts.front().finishedAtMs, clock.nowMs());
    QCOMPARE(attempts.front().runner, kDeadRunner);

    // The next claim is attempt 2 of 3, in a new attempt row.
    const auto again = claim(t, clock, 1, QStringLiteral("new-runner"));
    QCOMPARE(again.size(), size_t(1));
    QCOMPARE(again.front().attempt, 2);
    QCOMPARE(again.front().attemptNumber, 2);
}

void TestStore::expiredLeaseOnLastAttemptMakesJobDead()
{
    TempStore t;
    ManualClock clock;
    JobSpec s = makeSpec(QStringLiteral("noop"));
    s.maxAttempts = 2;
    const qint64 id = t.enqueue(s, clock.nowMs());
    for (int round = 1; round <= 2; ++round) {
        const auto claimed = claim(t, clock, 1, kDeadRunner, 1000);
        QCOMPARE(ids(claimed), QList<qint64>{id});
        QVERIFY(t.store->apply({StartAttempt{id, claimed.front().attemptNumber, clock.nowMs(), kDeadRunner, {}, false}})
                    .ok);
        clock.advance(2000);
        QVERIFY(t.store->apply({RecoverLeases{clock.nowMs(), {}, {}}}).ok);
    }
    const auto job = t.reader->job(id);
    QCOMPARE(stateName(job->state), QStringLiteral("dead"));
    QCOMPARE(job->attempts, 2);
    QVERIFY2(job->stateReason.contains(QStringLiteral("no attempts left")), qPrintable(job->stateReason));
    QVERIFY(!job->error.isEmpty());
    const auto attempts = t.reader->attempts(id);
    QCOMPARE(attempts.size(), size_t(2));
    for (const AttemptRecord &a : attempts)
        QCOMPARE(outcomeName(a.outcome), QStringLiteral("abandoned"));
    QVERIFY(claim(t, clock, 1).empty());
}

void TestStore::liveLeaseIsNotRecovered()
{
    TempStore t;
    ManualClock clock;
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    const auto claimed = claim(t, clock, 1, kDeadRunner, 1000);
    QVERIFY(t.store->apply({StartAttempt{id, claimed.front().attemptNumber, clock.nowMs(), kDeadRunner, {}, false}}).ok);
    clock.advance(999);
    const BatchResult r = t.store->apply({RecoverLeases{clock.nowMs(), {}, {}}});
    QVERIFY(r.ok);
    QCOMPARE(r.results.front().affected, 0);
    QCOMPARE(t.stateOf(id), QStringLiteral("running"));

    // A heartbeat pushes the lease out, so the job survives past its first deadline.
    QVERIFY(t.store->apply({Heartbeat{kDeadRunner, clock.nowMs(), clock.nowMs() + 1000, {id}}}).ok);
    clock.advance(500);
    QVERIFY(t.store->apply({RecoverLeases{clock.nowMs(), {}, {}}}).ok);
    QCOMPARE(t.stateOf(id), QStringLiteral("running"));
    QCOMPARE(t.reader->job(id)->leaseUntilMs, clock.nowMs() + 500);
}

void TestStore::goneOwnerIsRecoveredBeforeItsLeaseExpires()
{
    TempStore t;
    ManualClock clock;
    const qint64 mine = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    const qint64 theirs = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    const auto a = claim(t, clock, 1, QStringLiteral("me"), 60'000);
    const auto b = claim(t, clock, 1, kDeadRunner, 60'000);
    QCOMPARE(ids(a), QList<qint64>{mine});
    QCOMPARE(ids(b), QList<qint64>{theirs});
    QVERIFY(t.store->apply({StartAttempt{mine, 1, clock.nowMs(), QStringLiteral("me"), {}, false},
                            StartAttempt{theirs, 1, clock.nowMs(), kDeadRunner, {}, false}})
                .ok);
    // A runner never recovers its own live jobs, even if it is named as gone.
    const BatchResult r = t.store->apply(
        {RecoverLeases{clock.nowMs(), {kDeadRunner, QStringLiteral("me")}, QStringLiteral("me")}});
    QVERIFY(r.ok);
    QCOMPARE(t.stateOf(theirs), QStringLiteral("queued"));
    QCOMPARE(t.stateOf(mine), QStringLiteral("running"));
    QVERIFY2(t.reader->job(theirs)->stateReason.contains(QStringLiteral("is gone")),
             qPrintable(t.reader->job(theirs)->stateReason));
}

void TestStore::claimedButNeverStartedJobIsRequeuedWithoutCountingAnAttempt()
{
    TempStore t;
    ManualClock clock;
    const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    QCOMPARE(claim(t, clock, 1, kDeadRunner, 1000).size(), size_t(1));
    clock.advance(5000);
    QVERIFY(t.store->apply({RecoverLeases{clock.nowMs(), {}, {}}}).ok);
    const auto job = t.reader->job(id);
    QCOMPARE(stateName(job->state), QStringLiteral("queued"));
    QCOMPARE(job->attempts, 0); // no work was lost, so the job keeps all its tries
    QVERIFY(t.reader->attempts(id).empty());
}

void TestStore::requeueOfDeadJobGrantsFreshAttemptsAndNewPayload()
{
    TempStore t;
    ManualClock clock;
    JobSpec s = makeSpec(QStringLiteral("fail"));
    s.maxAttempts = 1;
    const qint64 id = t.enqueue(s, clock.nowMs());
    const auto claimed = claim(t, clock, 1, QStringLiteral("me"));
    QVERIFY(t.store->apply({StartAttempt{id, 1, clock.nowMs(), QStringLiteral("me"), {}, false}}).ok);
    const AttemptResolver resolver(RetryPolicy{}, QStringLiteral("me"));
    AttemptEnd end;
    end.kind = AttemptEnd::Kind::Failed;
    end.error = QStringLiteral("boom");
    QVERIFY(t.store->apply({resolver.resolve(claimed.front(), end, clock.nowMs(), 0)}).ok);
    QCOMPARE(t.stateOf(id), QStringLiteral("dead"));

    // Requeuing a job that is not dead (any more) is refused.
    QVERIFY(!t.store->apply({JobCommands::requeue(id + 1, std::nullopt, clock.nowMs(), QStringLiteral("test"))})
                 .results.front()
                 .applied);

    clock.advance(100);
    const BatchResult r = t.store->apply(
        {JobCommands::requeue(id, QByteArrayLiteral("{\"times\":0}"), clock.nowMs(), QStringLiteral("test"))});
    QVERIFY(r.ok);
    QVERIFY(r.results.front().applied);
    const auto job = t.reader->job(id);
    QCOMPARE(stateName(job->state), QStringLiteral("queued"));
    QCOMPARE(job->attempts, 0);
    QCOMPARE(job->totalAttempts, 1);
    QCOMPARE(job->payload, QByteArrayLiteral("{\"times\":0}"));
    const auto next = claim(t, clock, 1, QStringLiteral("me"));
    QCOMPARE(next.size(), size_t(1));
    QCOMPARE(next.front().attempt, 1);
    QCOMPARE(next.front().attemptNumber, 2); // attempt rows keep their history
}

void TestStore::cancelOfWaitingJobIsImmediateAndOfRunningJobIsAFlag()
{
    TempStore t;
    ManualClock clock;
    const qint64 waiting = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    const qint64 running = t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs());
    // Keep the first one waiting (scheduled for later) so that only the second is claimed.
    Transition hold;
    hold.jobId = waiting;
    hold.from = {JobState::Queued};
    hold.to = JobState::Scheduled;
    hold.reason = QStringLiteral("held back by test");
    hold.atMs = clock.nowMs();
    hold.runAtMs = clock.nowMs() + 60'000;
    const BatchResult held = t.store->apply({hold});
    QVERIFY2(held.ok, qPrintable(held.error));
    QVERIFY(held.results.front().applied);
    QCOMPARE(ids(claim(t, clock, 10, QStringLiteral("me"), 60'000)), QList<qint64>{running});

    const BatchResult r = t.store->apply({RequestCancel{waiting, QStringLiteral("by test"), clock.nowMs()},
                                          RequestCancel{running, QStringLiteral("by test"), clock.nowMs()}});
    QVERIFY(r.ok);
    QVERIFY(r.results[0].applied);
    QVERIFY(!r.results[0].cancelRequested);
    QCOMPARE(t.stateOf(waiting), QStringLiteral("cancelled"));
    QVERIFY(r.results[1].applied);
    QVERIFY(r.results[1].cancelRequested);
    QCOMPARE(t.stateOf(running), QStringLiteral("running")); // its runner cancels it
    QCOMPARE(t.reader->cancelRequests(QStringLiteral("me")), std::vector<qint64>{running});

    // A finished job cannot be cancelled.
    const BatchResult again = t.store->apply({RequestCancel{waiting, QStringLiteral("again"), clock.nowMs()}});
    QVERIFY(!again.results.front().applied);
}

void TestStore::failedBatchWritesNothing()
{
    TempStore t;
    ManualClock clock;
    // One refused write fails the whole batch.
    const BatchResult r = t.store->apply({EnqueueJob{makeSpec(QStringLiteral("noop")), clock.nowMs()},
                                          foreignKeyBreakingWrite()});
    QVERIFY(!r.ok);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(r.events.empty());
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), qint64(0));
    // The store keeps working after a failed batch.
    QVERIFY(t.enqueue(makeSpec(QStringLiteral("noop")), clock.nowMs()) > 0);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
