// Retry timing and what the end of an attempt turns into: retry later, dead, cancelled, or back to the queue.

#include "model/RetryPolicy.h"
#include "runner/AttemptResolver.h"

#include <QtTest>

using namespace jobdeck;

Q_DECLARE_METATYPE(jobdeck::AttemptEnd::Kind)
Q_DECLARE_METATYPE(jobdeck::CancelReason)
Q_DECLARE_METATYPE(jobdeck::AttemptOutcome)
Q_DECLARE_METATYPE(jobdeck::JobState)

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
const QString kRunner = QStringLiteral("runner-a");

RetryPolicy noJitter(qint64 capMs = 3'600'000)
{
    RetryPolicy p;
    p.capMs = capMs;
    p.jitter = 0;
    return p;
}

ClaimedJob claimedJob(int attempt, int maxAttempts, qint64 backoffMs)
{
    ClaimedJob j;
    j.id = 7;
    j.kind = QStringLiteral("fail");
    j.queue = QStringLiteral("default");
    j.attempt = attempt;
    j.attemptNumber = attempt + 10; // rows are numbered over all rounds, not within this one
    j.maxAttempts = maxAttempts;
    j.backoffMs = backoffMs;
    return j;
}

} // namespace

class TestBackoff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void delaysDoubleFromBaseUpToCap_data();
    void delaysDoubleFromBaseUpToCap();
    void jitterScalesDelayWithinBounds_data();
    void jitterScalesDelayWithinBounds();
    void randomJitterNeverLeavesBoundsOrExceedsCap();
    void resolvesAttemptEnd_data();
    void resolvesAttemptEnd();
    void failedAttemptRetriesAfterGrowingBackoff();
    void successKeepsTheResult();
    void closesOnlyTheRunnersOwnRunningAttempt();
};

void TestBackoff::delaysDoubleFromBaseUpToCap_data()
{
    QTest::addColumn<qint64>("base");
    QTest::addColumn<int>("failedAttempts");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("1st retry waits the base") << qint64(1000) << 1 << qint64(1000);
    QTest::newRow("2nd doubles") << qint64(1000) << 2 << qint64(2000);
    QTest::newRow("3rd") << qint64(1000) << 3 << qint64(4000);
    QTest::newRow("4th") << qint64(1000) << 4 << qint64(8000);
    QTest::newRow("5th hits the cap") << qint64(1000) << 5 << qint64(10'000);
    QTest::newRow("6th stays at the cap") << qint64(1000) << 6 << qint64(10'000);
    QTest::newRow("100th does not overflow") << qint64(1000) << 100 << qint64(10'000);
    QTest::newRow("base above cap is capped") << qint64(60'000) << 1 << qint64(10'000);
    QTest::newRow("zero base retries at once") << qint64(0) << 3 << qint64(0);
    QTest::newRow("0 failures counts as the first") << qint64(1000) << 0 << qint64(1000);
}

void TestBackoff::delaysDoubleFromBaseUpToCap()
{
    QFETCH(qint64, base);
    QFETCH(int, failedAttempts);
    QFETCH(qint64, expected);
    QCOMPARE(noJitter(10'000).delayMs(base, failedAttempts), expected);
}

void TestBackoff::jitterScalesDelayWithinBounds_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expected");
    // base 1000, jitter 0.2: the factor runs from 0.8 to 1.2.
    QTest::newRow("lowest draw") << 0.0 << qint64(800);
    QTest::newRow("middle draw") << 0.5 << qint64(1000);
    QTest::newRow("quarter draw") << 0.25 << qint64(900);
    QTest::newRow("highest draw") << 0.999999 << qint64(1200);
}

void TestBackoff::jitterScalesDelayWithinBounds()
{
    QFETCH(double, random);
    QFETCH(qint64, expected);
    RetryPolicy p;
    p.capMs = 60'000;
    p.jitter = 0.2;
    p.random = [random] { return random; };
    QCOMPARE(p.delayMs(1000, 1), expected);
    // Jitter never lifts a delay above the cap.
    QVERIFY(p.delayMs(1000, 20) <= p.capMs);
}

void TestBackoff::randomJitterNeverLeavesBoundsOrExceedsCap()
{
    RetryPolicy p;
    p.capMs = 4000;
    p.jitter = 0.2;
    QSet<qint64> seen;
    for (int i = 0; i < 2000; ++i) {
        const qint64 first = p.delayMs(1000, 1);
        QVERIFY2(first >= 800 && first <= 1200, qPrintable(QString::number(first)));
        seen.insert(first);
        const qint64 capped = p.delayMs(1000, 8);
        QVERIFY2(capped >= 3200 && capped <= 4000, qPrintable(QString::number(capped)));
    }
    QVERIFY2(seen.size() > 10, "jitter should spread retries, not repeat one delay");
}

void TestBackoff::resolvesAttemptEnd_data()
{
    QTest::addColumn<AttemptEnd::Kind>("kind");
    QTest::addColumn<CancelReason>("reason");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<AttemptOutcome>("outcome");
    QTest::addColumn<JobState>("state");
    QTest::addColumn<qint64>("retryDelay"); // -1: no retry time
    QTest::addColumn<bool>("refund");
    QTest::addColumn<QString>("errorContains");

    using K = AttemptEnd::Kind;
    using R = CancelReason;
    using O = AttemptOutcome;
    using S = JobState;
    // backoff 100 ms, no jitter
    QTest::newRow("success") << K::Succeeded << R::None << true << 1 << 3 << O::Succeeded << S::Succeeded << qint64(-1)
                             << false << QString();
    QTest::newRow("failure below max attempts waits for a retry")
        << K::Failed << R::None << true << 1 << 3 << O::Failed << S::Failed << qint64(100) << false
        << QStringLiteral("boom");
    QTest::newRow("failure at max attempts is dead")
        << K::Failed << R::None << true << 3 << 3 << O::Failed << S::Dead << qint64(-1) << false << QStringLiteral("boom");
    QTest::newRow("non-retryable failure is dead at once")
        << K::Failed << R::None << false << 1 << 3 << O::Failed << S::Dead << qint64(-1) << false
        << QStringLiteral("boom");
    QTest::newRow("timeout is retried like a failure")
        << K::Cancelled << R::Timeout << true << 1 << 3 << O::TimedOut << S::Failed << qint64(100) << false
        << QStringLiteral("timed out after 1.5s");
    QTest::newRow("timeout of the last attempt is dead")
        << K::Cancelled << R::Timeout << true << 1 << 1 << O::TimedOut << S::Dead << qint64(-1) << false
        << QStringLiteral("timed out");
    QTest::newRow("user cancel")
        << K::Cancelled << R::User << true << 1 << 3 << O::Cancelled << S::Cancelled << qint64(-1) << false
        << QStringLiteral("cancelled");
    QTest::newRow("user cancel of the last attempt is still a cancel")
        << K::Cancelled << R::User << true << 3 << 3 << O::Cancelled << S::Cancelled << qint64(-1) << false
        << QStringLiteral("cancelled");
    QTest::newRow("shutdown puts the job back without counting the attempt")
        << K::Cancelled << R::Shutdown << true << 3 << 3 << O::Interrupted << S::Queued << qint64(-1) << true
        << QStringLiteral("interrupted");
}

void TestBackoff::resolvesAttemptEnd()
{
    QFETCH(AttemptEnd::Kind, kind);
    QFETCH(CancelReason, reason);
    QFETCH(bool, retryable);
    QFETCH(int, attempt);
    QFETCH(int, maxAttempts);
    QFETCH(AttemptOutcome, outcome);
    QFETCH(JobState, state);
    QFETCH(qint64, retryDelay);
    QFETCH(bool, refund);
    QFETCH(QString, errorContains);

    const AttemptResolver resolver(noJitter(), kRunner);
    const ClaimedJob job = claimedJob(attempt, maxAttempts, 100);
    AttemptEnd end;
    end.kind = kind;
    end.cancelReason = reason;
    end.retryable = retryable;
    if (kind == AttemptEnd::Kind::Failed)
        end.error = QStringLiteral("boom");

    const FinishAttempt f = resolver.resolve(job, end, kNow, 1500);
    QCOMPARE(outcomeName(f.outcome), outcomeName(outcome));
    QCOMPARE(stateName(f.transition.to), stateName(state));
    QCOMPARE(f.transition.refundAttempt, refund);
    QVERIFY(!f.transition.resetAttempts);
    if (retryDelay >= 0) {
        QVERIFY(f.transition.runAtMs.has_value());
        QCOMPARE(*f.transition.runAtMs, kNow + retryDelay);
    } else {
        QVERIFY(!f.transition.runAtMs.has_value());
    }
    QVERIFY2(f.error.contains(errorContains), qPrintable(f.error));
    QCOMPARE(f.finishedAtMs, kNow);
    QVERIFY(!f.transition.reason.isEmpty()); // users see why a job moved
}

void TestBackoff::failedAttemptRetriesAfterGrowingBackoff()
{
    const AttemptResolver resolver(noJitter(1000), kRunner);
    AttemptEnd end;
    end.kind = AttemptEnd::Kind::Failed;
    end.error = QStringLiteral("flaky");
    const QList<qint64> expected = {250, 500, 1000, 1000}; // doubling from 250 ms, capped at 1 s
    for (int attempt = 1; attempt <= 4; ++attempt) {
        const FinishAttempt f = resolver.resolve(claimedJob(attempt, 5, 250), end, kNow, 0);
        QCOMPARE(stateName(f.transition.to), QStringLiteral("failed"));
        QCOMPARE(f.transition.runAtMs.value_or(-1) - kNow, expected[attempt - 1]);
        QVERIFY2(f.transition.reason.contains(QStringLiteral("attempt %1/5").arg(attempt)),
                 qPrintable(f.transition.reason));
    }
    const FinishAttempt last = resolver.resolve(claimedJob(5, 5, 250), end, kNow, 0);
    QCOMPARE(stateName(last.transition.to), QStringLiteral("dead"));
    QCOMPARE(last.transition.error.value_or(QString()), QStringLiteral("flaky"));
}

void TestBackoff::successKeepsTheResult()
{
    const AttemptResolver resolver(noJitter(), kRunner);
    AttemptEnd end;
    end.result = QByteArrayLiteral("{\"primes\":25}");
    const FinishAttempt f = resolver.resolve(claimedJob(2, 3, 100), end, kNow, 0);
    QCOMPARE(f.transition.result.value_or(QByteArray()), QByteArrayLiteral("{\"primes\":25}"));
    QVERIFY(!f.transition.error.has_value());
}

void TestBackoff::closesOnlyTheRunnersOwnRunningAttempt()
{
    const AttemptResolver resolver(noJitter(), kRunner);
    const ClaimedJob job = claimedJob(2, 3, 100);
    const FinishAttempt f = resolver.resolve(job, AttemptEnd{}, kNow, 0);
    QCOMPARE(f.jobId, job.id);
    QCOMPARE(f.number, job.attemptNumber);
    QCOMPARE(f.transition.jobId, job.id);
    QCOMPARE(f.transition.from, QList<JobState>{JobState::Running});
    QCOMPARE(f.transition.requireOwner, kRunner);
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
