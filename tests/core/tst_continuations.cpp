// Continuations: a job that waits for its parents to end and then runs or is cancelled by their outcome, with
// their results; two parents; a requeued parent re-arming the child it had cancelled; a runner that dies while
// the parent runs; a chain queued link by link in the transactions that end their parents.

#include "CoreTestSupport.h"
#include "GateHandler.h"

#include "model/JobSpecFields.h"
#include "runner/JobCommands.h"
#include "runner/JobContext.h"

#include <QJsonArray>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Kind "echo": returns {"value": payload.value, "parents": what the context says of its parents}.
class EchoHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("echo"); }
    void run(JobContext &ctx) override
    {
        ctx.setResult(QJsonObject{{QStringLiteral("value"), ctx.payload().value(QLatin1String("value"))},
                                  {QStringLiteral("parents"), ctx.parents()}});
    }
};

HandlerRegistry registry(const std::shared_ptr<Gate> &gate = {})
{
    HandlerRegistry r = builtIns();
    r.add(std::make_unique<EchoHandler>());
    if (gate)
        r.add(std::make_unique<GateHandler>(gate));
    return r;
}

JobSpec echo(int value)
{
    return makeSpec(QStringLiteral("echo"), {{QStringLiteral("value"), value}});
}

JobSpec dying()
{
    JobSpec s = makeSpec(QStringLiteral("fail"), {{QStringLiteral("message"), QStringLiteral("no disk")}});
    s.maxAttempts = 1;
    return s;
}

JobSpec after(JobSpec spec, std::vector<qint64> parents, ContinueOn on = ContinueOn::Success)
{
    spec.after = std::move(parents);
    spec.on = on;
    return spec;
}

QJsonObject resultOf(TempStore &t, qint64 id)
{
    const auto job = t.reader->job(id);
    return job ? QJsonDocument::fromJson(job->result).object() : QJsonObject();
}

} // namespace

class TestContinuations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void childRunsOrIsCancelledByHowItsParentEnded_data();
    void childRunsOrIsCancelledByHowItsParentEnded();
    void childWaitsForBothParentsAndGetsTheirResults();
    void parentThatEndedBeforeTheChildCountsAtOnce();
    void unknownParentIsRefusedAndNothingIsWritten();
    void requeuedParentRearmsTheChildItCancelled();
    void cancelledWaitingJobCancelsItsOwnChildren();
    void deletedParentReleasesOnlyAnAnyChild();
    void childOfAJobLostWithItsRunnerRunsOnTheNextRunner();
    void chainIsQueuedInTheTransactionThatEndsEachLink();
    void fieldsReadAfterAndOn();
    void countsIncludeWaitingJobs();
};

void TestContinuations::childRunsOrIsCancelledByHowItsParentEnded_data()
{
    QTest::addColumn<bool>("parentSucceeds");
    QTest::addColumn<QString>("on");
    QTest::addColumn<QString>("childEnd");
    QTest::addColumn<QString>("reason"); // of the cancel; with %1 for the parent's id

    QTest::newRow("success after success") << true << "success" << "succeeded" << "";
    QTest::newRow("success after dead") << false << "success" << "cancelled" << "parent %1 ended dead";
    QTest::newRow("failure after dead") << false << "failure" << "succeeded" << "";
    QTest::newRow("failure after success") << true << "failure" << "cancelled" << "parent %1 succeeded";
    QTest::newRow("any after success") << true << "any" << "succeeded" << "";
    QTest::newRow("any after dead") << false << "any" << "succeeded" << "";
}

void TestContinuations::childRunsOrIsCancelledByHowItsParentEnded()
{
    QFETCH(bool, parentSucceeds);
    QFETCH(QString, on);
    QFETCH(QString, childEnd);
    QFETCH(QString, reason);

    TempStore t;
    const auto gate = std::make_shared<Gate>();
    const HandlerRegistry handlers = registry(gate);
    Engine engine(*t.store, handlers, engineOptions(2));
    engine.start();
    // The parent waits for a job held at a gate, so the child is seen waiting before the parent ends.
    const qint64 holder = enqueueVia(engine, makeSpec(QStringLiteral("gate")));
    const qint64 parent = enqueueVia(engine, after(parentSucceeds ? echo(1) : dying(), {holder}, ContinueOn::Any));
    const qint64 child = enqueueVia(engine, after(echo(2), {parent}, *continueOnFromName(on)));
    QVERIFY(child > 0);
    QTRY_COMPARE(t.stateOf(holder), QStringLiteral("running"));
    QCOMPARE(t.stateOf(parent), QStringLiteral("waiting"));
    QCOMPARE(t.stateOf(child), QStringLiteral("waiting"));
    QVERIFY2(t.reader->job(child)->stateReason.contains(QStringLiteral("waiting for job %1 (on %2)").arg(parent).arg(on)),
             qPrintable(t.reader->job(child)->stateReason));

    gate->open();
    QCOMPARE(finalState(t, parent), parentSucceeds ? QStringLiteral("succeeded") : QStringLiteral("dead"));
    QCOMPARE(finalState(t, child), childEnd);
    const auto job = t.reader->job(child);
    QCOMPARE(job->parents, QList<qint64>{parent});
    QCOMPARE(job->continueOn, continueOnFromName(on));
    if (childEnd == QLatin1String("cancelled")) {
        QCOMPARE(job->stateReason, reason.arg(parent));
        QVERIFY(t.reader->attempts(child).empty());
    } else {
        const QJsonArray parents = resultOf(t, child).value(QLatin1String("parents")).toArray();
        QCOMPARE(parents.size(), 1);
        QCOMPARE(parents[0][QLatin1String("id")].toInteger(), parent);
        QCOMPARE(parents[0][QLatin1String("state")].toString(), parentSucceeds ? QStringLiteral("succeeded") : QStringLiteral("dead"));
        if (parentSucceeds)
            QCOMPARE(parents[0][QLatin1String("result")][QLatin1String("value")].toInt(), 1);
        else
            QVERIFY(parents[0][QLatin1String("result")].isNull());
    }
    engine.stopAndWait();
}

void TestContinuations::childWaitsForBothParentsAndGetsTheirResults()
{
    TempStore t;
    const auto gate = std::make_shared<Gate>();
    const HandlerRegistry handlers = registry(gate);
    Engine engine(*t.store, handlers, engineOptions(2));
    engine.start();
    const qint64 quick = enqueueVia(engine, echo(10));
    const qint64 slow = enqueueVia(engine, makeSpec(QStringLiteral("gate")));
    const qint64 child = enqueueVia(engine, after(echo(0), {slow, quick}));
    QCOMPARE(finalState(t, quick), QStringLiteral("succeeded"));
    QTRY_COMPARE(t.stateOf(slow), QStringLiteral("running"));
    // One parent has ended, the other runs: still waiting.
    QCOMPARE(t.stateOf(child), QStringLiteral("waiting"));
    gate->open();
    QCOMPARE(finalState(t, child), QStringLiteral("succeeded"));
    const QJsonArray parents = resultOf(t, child).value(QLatin1String("parents")).toArray();
    QCOMPARE(parents.size(), 2);
    // Lowest id first, each with how it ended and what it returned.
    QCOMPARE(parents[0][QLatin1String("id")].toInteger(), quick);
    QCOMPARE(parents[0][QLatin1String("result")][QLatin1String("value")].toInt(), 10);
    QCOMPARE(parents[1][QLatin1String("id")].toInteger(), slow);
    QCOMPARE(parents[1][QLatin1String("state")].toString(), QStringLiteral("succeeded"));
    const auto job = t.reader->job(child);
    QCOMPARE(job->parents, (QList<qint64>{quick, slow}));
    engine.stopAndWait();
}

void TestContinuations::parentThatEndedBeforeTheChildCountsAtOnce()
{
    TempStore t;
    const qint64 done = finishJob(t, echo(1), 1'000'000, JobState::Succeeded);
    const qint64 dead = finishJob(t, dying(), 1'000'000, JobState::Dead);
    QVERIFY(done > 0 && dead > 0);
    const qint64 runs = t.enqueue(after(echo(2), {done}), 2'000'000);
    const qint64 cancelled = t.enqueue(after(echo(3), {done, dead}), 2'000'000);
    QCOMPARE(t.stateOf(runs), QStringLiteral("queued"));
    QCOMPARE(t.stateOf(cancelled), QStringLiteral("cancelled"));
    QCOMPARE(t.reader->job(cancelled)->stateReason, QStringLiteral("parent %1 ended dead").arg(dead));
    // Its history shows it was created waiting and left at once.
    const auto changes = t.reader->stateChanges(runs);
    QCOMPARE(changes.size(), size_t(2));
    QCOMPARE(changes[0].to, JobState::Waiting);
    QCOMPARE(changes[1].to, JobState::Queued);
    QCOMPARE(changes[1].reason, QStringLiteral("parent %1 succeeded").arg(done));
}

void TestContinuations::unknownParentIsRefusedAndNothingIsWritten()
{
    TempStore t;
    const qint64 parent = t.enqueue(echo(1), 1000);
    const BatchResult r = t.store->apply({EnqueueJob{echo(2), 1000}, EnqueueJob{after(echo(3), {parent, 9999}), 1000}});
    QVERIFY(!r.ok);
    QCOMPARE(r.errorCode, StoreErrorCode::NotFound);
    QCOMPARE(r.error, QStringLiteral("there is no job 9999 to wait for"));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM job_parents")), 0);
}

void TestContinuations::requeuedParentRearmsTheChildItCancelled()
{
    TempStore t;
    const HandlerRegistry handlers = registry();
    Engine engine(*t.store, handlers, engineOptions(2));
    engine.start();
    const qint64 parent = enqueueVia(engine, dying());
    const qint64 child = enqueueVia(engine, after(echo(5), {parent}));
    const qint64 grandchild = enqueueVia(engine, after(echo(6), {child}));
    QCOMPARE(finalState(t, parent), QStringLiteral("dead"));
    QCOMPARE(finalState(t, child), QStringLiteral("cancelled"));
    QCOMPARE(finalState(t, grandchild), QStringLiteral("cancelled"));
    QCOMPARE(t.reader->job(grandchild)->stateReason, QStringLiteral("parent %1 was cancelled").arg(child));

    // Requeued with a payload that succeeds: the child and its own child wait again, then run.
    const QByteArray fixed = R"({"times": 0})";
    QVERIFY(submitAndWait(engine, {JobCommands::requeue(parent, fixed, engine.clock().nowMs(), QStringLiteral("the test"))}).ok);
    QCOMPARE(finalState(t, parent), QStringLiteral("succeeded"));
    QCOMPARE(finalState(t, child), QStringLiteral("succeeded"));
    QCOMPARE(finalState(t, grandchild), QStringLiteral("succeeded"));
    const auto changes = t.reader->stateChanges(child);
    QStringList path;
    for (const StateChange &c : changes)
        path << stateName(c.to);
    QCOMPARE(path, (QStringList{QStringLiteral("waiting"), QStringLiteral("cancelled"), QStringLiteral("waiting"),
                                QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("succeeded")}));
    QCOMPARE(changes[2].reason, QStringLiteral("parent %1 was requeued; waiting for it again").arg(parent));
    engine.stopAndWait();
}

void TestContinuations::cancelledWaitingJobCancelsItsOwnChildren()
{
    TempStore t;
    const qint64 parent = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
    const qint64 child = t.enqueue(after(echo(1), {parent}), 1000);
    const qint64 anyChild = t.enqueue(after(echo(2), {child}, ContinueOn::Any), 1000);
    QVERIFY(t.store->apply({RequestCancel{child, QStringLiteral("cancelled by the test"), 2000}}).ok);
    QCOMPARE(t.stateOf(child), QStringLiteral("cancelled"));
    // "any" accepts a cancelled parent.
    QCOMPARE(t.stateOf(anyChild), QStringLiteral("queued"));
    // A child cancelled by a user is not re-armed when its parent ends or is requeued.
    QVERIFY(t.store->apply({RequestCancel{parent, QStringLiteral("cancelled by the test"), 3000}}).ok);
    QVERIFY(t.store->apply({JobCommands::requeue(parent, std::nullopt, 4000, QStringLiteral("the test"))}).ok);
    QCOMPARE(t.stateOf(child), QStringLiteral("cancelled"));
    QCOMPARE(t.reader->job(child)->stateReason, QStringLiteral("cancelled by the test"));
}

void TestContinuations::deletedParentReleasesOnlyAnAnyChild()
{
    TempStore t;
    const qint64 parent = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
    const qint64 onSuccess = t.enqueue(after(echo(1), {parent}), 1000);
    const qint64 onAny = t.enqueue(after(echo(2), {parent}, ContinueOn::Any), 1000);
    QVERIFY(t.store->apply({DeleteJob{parent, 2000}}).ok);
    QCOMPARE(t.stateOf(onSuccess), QStringLiteral("cancelled"));
    QCOMPARE(t.reader->job(onSuccess)->stateReason, QStringLiteral("parent %1 was deleted").arg(parent));
    QCOMPARE(t.stateOf(onAny), QStringLiteral("queued"));
    // The kept counts follow the waiting state like any other.
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
}

void TestContinuations::childOfAJobLostWithItsRunnerRunsOnTheNextRunner()
{
    constexpr qint64 kGonePid = 999'999;
    if (LeaseKeeper::processExists(kGonePid))
        QSKIP("a process with pid 999999 exists on this host");
    TempStore t;
    const qint64 now = SystemClock::instance().nowMs();
    // A runner of this host whose process has died holds the parent, mid-attempt.
    const QString dead = QStringLiteral("dead-runner");
    const qint64 parent = t.enqueue(echo(1), now);
    const qint64 child = t.enqueue(after(echo(2), {parent}), now);
    const BatchResult r = claimByGoneRunner(t, parent, dead, kGonePid, now);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(t.stateOf(parent), QStringLiteral("running"));
    QCOMPARE(t.stateOf(child), QStringLiteral("waiting"));

    // The next runner recovers the parent, runs it again, and then the child.
    const HandlerRegistry handlers = registry();
    Engine engine(*t.store, handlers, engineOptions(1));
    engine.start();
    QCOMPARE(finalState(t, parent), QStringLiteral("succeeded"));
    QCOMPARE(finalState(t, child), QStringLiteral("succeeded"));
    QCOMPARE(t.reader->attempts(parent).size(), size_t(2));
    QCOMPARE(t.reader->attempts(child).size(), size_t(1));
    engine.stopAndWait();
}

void TestContinuations::chainIsQueuedInTheTransactionThatEndsEachLink()
{
    TempStore t;
    const HandlerRegistry handlers = registry();
    Engine engine(*t.store, handlers, engineOptions(2));
    EventRecorder events(engine);
    // The whole chain is written before any link runs.
    QList<qint64> chain{t.enqueue(echo(0), engine.clock().nowMs())};
    for (int i = 1; i < 200; ++i)
        chain << t.enqueue(after(echo(i), {chain.back()}), engine.clock().nowMs());
    engine.start();
    QCOMPARE(finalState(t, chain.back()), QStringLiteral("succeeded"));
    QCOMPARE(resultOf(t, chain.back())[QLatin1String("parents")][0][QLatin1String("result")][QLatin1String("value")].toInt(), 198);
    // Each link was queued by the commit that ended its parent: the same event batch, in order.
    QTRY_COMPARE(events.countFor(chain.back(), JobState::Succeeded), 1);
    for (qsizetype i = 1; i < chain.size(); ++i) {
        qint64 parentEnd = 0;
        qint64 childQueued = 0;
        for (const JobEvent &e : events.events()) {
            if (e.jobId == chain[i - 1] && e.to == JobState::Succeeded)
                parentEnd = e.atMs;
            if (e.jobId == chain[i] && e.from == JobState::Waiting && e.to == JobState::Queued)
                childQueued = e.atMs;
        }
        QVERIFY(parentEnd > 0);
        QCOMPARE(childQueued, parentEnd);
    }
    engine.stopAndWait();
}

void TestContinuations::fieldsReadAfterAndOn()
{
    const HandlerRegistry handlers = registry();
    auto build = [&](const QByteArray &json, JobSpec &spec) {
        spec = {};
        SpecFields f;
        QString e = readSpecFields(QJsonDocument::fromJson(json).object(), f);
        return e.isEmpty() ? buildSpec(f, handlers, 0, spec) : e;
    };
    JobSpec spec;
    QCOMPARE(build(R"({"kind": "noop", "after": [12, 13, 12], "on": "any"})", spec), QString());
    QCOMPARE(spec.after, (std::vector<qint64>{12, 13}));
    QCOMPARE(spec.on, ContinueOn::Any);
    QCOMPARE(build(R"({"kind": "noop", "after": "4, 5"})", spec), QString());
    QCOMPARE(spec.after, (std::vector<qint64>{4, 5}));
    QCOMPARE(spec.on, ContinueOn::Success);
    QCOMPARE(build(R"({"kind": "noop", "after": 7, "on": "sometimes"})", spec),
             QStringLiteral("bad condition \"sometimes\": write success, failure or any"));
    QCOMPARE(build(R"({"kind": "noop", "on": "failure"})", spec), QStringLiteral("a condition (on) needs parent jobs (after)"));
    QCOMPARE(build(R"({"kind": "noop", "after": "x"})", spec),
             QStringLiteral("bad parent job \"x\": give job ids separated by commas, like 12,13"));
    QCOMPARE(build(R"({"kind": "noop", "after": [true]})", spec), QStringLiteral("\"after\" must list job ids"));
    QCOMPARE(build(R"({"kind": "noop", "after": []})", spec), QStringLiteral("\"after\" must list at least one job id"));
}

void TestContinuations::countsIncludeWaitingJobs()
{
    TempStore t;
    const qint64 parent = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
    for (int i = 0; i < 3; ++i)
        t.enqueue(after(echo(i), {parent}), 1000);
    QCOMPARE(keptCounts(*t.reader).value(QStringLiteral("default/echo/waiting")), 3);
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
}

QTEST_GUILESS_MAIN(TestContinuations)
#include "tst_continuations.moc"
