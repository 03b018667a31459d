// The job state machine: which moves are allowed, which states are final, and the names states and attempt
// outcomes are stored and printed by.

#include "model/JobRecord.h"
#include "model/JobState.h"
#include "runner/JobCommands.h"

#include <QtTest>
#include <map>

using namespace jobdeck;

Q_DECLARE_METATYPE(jobdeck::JobState)
Q_DECLARE_METATYPE(jobdeck::AttemptOutcome)

namespace {

const QList<JobState> kAllStates = {JobState::Scheduled, JobState::Queued,    JobState::Running,  JobState::Succeeded,
                                    JobState::Failed,    JobState::Dead,      JobState::Cancelled};

} // namespace

class TestJobState : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void transitionTable_data();
    void transitionTable();
    void stateNameRoundTrips_data();
    void stateNameRoundTrips();
    void unknownStateNameIsRejected_data();
    void unknownStateNameIsRejected();
    void finalStatesAreExactlySucceededDeadCancelled_data();
    void finalStatesAreExactlySucceededDeadCancelled();
    void attemptOutcomeNameRoundTrips_data();
    void attemptOutcomeNameRoundTrips();
    void requeueIsOnlyOfferedFromStatesThatMayReturnToTheQueue();
};

void TestJobState::transitionTable_data()
{
    QTest::addColumn<JobState>("from");
    QTest::addColumn<JobState>("to");
    QTest::addColumn<bool>("allowed");

    // The whole 7x7 table, written out: a change to the lifecycle must change this test on purpose.
    using S = JobState;
    const std::map<S, QList<S>> allowed = {
        {S::Scheduled, {S::Queued, S::Running, S::Cancelled}},
        {S::Queued, {S::Scheduled, S::Running, S::Cancelled}},
        {S::Running, {S::Scheduled, S::Queued, S::Succeeded, S::Failed, S::Dead, S::Cancelled}},
        {S::Failed, {S::Queued, S::Running, S::Dead, S::Cancelled}},
        {S::Dead, {S::Scheduled, S::Queued}},
        {S::Cancelled, {S::Scheduled, S::Queued}},
        {S::Succeeded, {S::Scheduled, S::Queued}},
    };
    for (JobState from : kAllStates) {
        for (JobState to : kAllStates) {
            const QByteArray row = (stateName(from) + QStringLiteral(" -> ") + stateName(to)).toUtf8();
            QTest::newRow(row.constData()) << from << to << allowed.at(from).contains(to);
        }
    }
}

void TestJobState::transitionTable()
{
    QFETCH(JobState, from);
    QFETCH(JobState, to);
    QFETCH(bool, allowed);
    QCOMPARE(isTransitionAllowed(from, to), allowed);
}

void TestJobState::stateNameRoundTrips_data()
{
    QTest::addColumn<JobState>("state");
    QTest::addColumn<QString>("name");
    QTest::newRow("scheduled") << JobState::Scheduled << QStringLiteral("scheduled");
    QTest::newRow("queued") << JobState::Queued << QStringLiteral("queued");
    QTest::newRow("running") << JobState::Running << QStringLiteral("running");
    QTest::newRow("succeeded") << JobState::Succeeded << QStringLiteral("succeeded");
    QTest::newRow("failed") << JobState::Failed << QStringLiteral("failed");
    QTest::newRow("dead") << JobState::Dead << QStringLiteral("dead");
    QTest::newRow("cancelled") << JobState::Cancelled << QStringLiteral("cancelled");
}

void TestJobState::stateNameRoundTrips()
{
    QFETCH(JobState, state);
    QFETCH(QString, name);
    QCOMPARE(stateName(state), name);
    QVERIFY(stateFromName(name).has_value());
    QCOMPARE(stateName(*stateFromName(name)), name);
    // Typed by users on the command line, so case does not matter.
    QVERIFY(stateFromName(name.toUpper()).has_value());
    QCOMPARE(stateName(*stateFromName(name.toUpper())), name);
}

void TestJobState::unknownStateNameIsRejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("paused") << QStringLiteral("paused");
    QTest::newRow("prefix") << QStringLiteral("run");
    QTest::newRow("padded") << QStringLiteral(" queued");
}

void TestJobState::unknownStateNameIsRejected()
{
    QFETCH(QString, name);
    QVERIFY(!stateFromName(name).has_value());
}

void TestJobState::finalStatesAreExactlySucceededDeadCancelled_data()
{
    QTest::addColumn<JobState>("state");
    QTest::addColumn<bool>("final");
    for (JobState s : kAllStates) {
        const bool final = s == JobState::Succeeded || s == JobState::Dead || s == JobState::Cancelled;
        QTest::newRow(stateName(s).toUtf8().constData()) << s << final;
    }
}

void TestJobState::finalStatesAreExactlySucceededDeadCancelled()
{
    QFETCH(JobState, state);
    QFETCH(bool, final);
    QCOMPARE(isFinal(state), final);
    if (final) {
        // A finished job only ever moves again when a user requeues it.
        for (JobState to : kAllStates) {
            if (isTransitionAllowed(state, to))
                QVERIFY2(to == JobState::Queued || to == JobState::Scheduled, qPrintable(stateName(to)));
        }
    }
}

void TestJobState::attemptOutcomeNameRoundTrips_data()
{
    QTest::addColumn<AttemptOutcome>("outcome");
    QTest::addColumn<QString>("name");
    QTest::newRow("running") << AttemptOutcome::Running << QStringLiteral("running");
    QTest::newRow("succeeded") << AttemptOutcome::Succeeded << QStringLiteral("succeeded");
    QTest::newRow("failed") << AttemptOutcome::Failed << QStringLiteral("failed");
    QTest::newRow("timed_out") << AttemptOutcome::TimedOut << QStringLiteral("timed_out");
    QTest::newRow("cancelled") << AttemptOutcome::Cancelled << QStringLiteral("cancelled");
    QTest::newRow("abandoned") << AttemptOutcome::Abandoned << QStringLiteral("abandoned");
    QTest::newRow("interrupted") << AttemptOutcome::Interrupted << QStringLiteral("interrupted");
}

void TestJobState::attemptOutcomeNameRoundTrips()
{
    QFETCH(AttemptOutcome, outcome);
    QFETCH(QString, name);
    QCOMPARE(outcomeName(outcome), name);
    QCOMPARE(outcomeName(outcomeFromName(name)), name);
}

void TestJobState::requeueIsOnlyOfferedFromStatesThatMayReturnToTheQueue()
{
    const Transition t = JobCommands::requeue(42, QByteArrayLiteral("{\"times\":0}"), 1000, QStringLiteral("test"));
    QCOMPARE(t.jobId, qint64(42));
    QCOMPARE(stateName(t.to), QStringLiteral("queued"));
    QVERIFY(t.resetAttempts);
    QVERIFY(t.payload.has_value());
    QVERIFY(!t.from.contains(JobState::Running)); // a running job is cancelled first, never requeued under its worker
    for (JobState from : t.from)
        QVERIFY2(isTransitionAllowed(from, t.to), qPrintable(stateName(from)));
}

QTEST_GUILESS_MAIN(TestJobState)
#include "tst_jobstate.moc"
