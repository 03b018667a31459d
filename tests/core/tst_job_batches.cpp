// Batches: the completion job runs once, after every job of the batch has ended, with the batch's counts and each
// job's result; a job requeued after the batch completed does not run it again; cancelling a batch; deleting one
// of its jobs; a batch refused whole.

#include "CoreTestSupport.h"
#include "GateHandler.h"

#include "runner/JobCommands.h"
#include "runner/JobContext.h"

#include <QJsonArray>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Kind "echo": returns {"value": payload.value, "batch": what the context says of its batch, "jobs": its parents}.
class EchoHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("echo"); }
    void run(JobContext &ctx) override
    {
        ctx.setResult(QJsonObject{{QStringLiteral("value"), ctx.payload().value(QLatin1String("value"))},
                                  {QStringLiteral("batch"), ctx.batch()},
                                  {QStringLiteral("jobs"), ctx.parents()}});
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

AddJobBatch batchOf(std::vector<JobSpec> jobs, bool withThen = true, qint64 nowMs = 1000)
{
    AddJobBatch b;
    b.name = QStringLiteral("thumbnails");
    b.jobs = std::move(jobs);
    if (withThen)
        b.then = echo(100);
    b.nowMs = nowMs;
    return b;
}

QJsonObject resultOf(TempStore &t, qint64 id)
{
    const auto job = t.reader->job(id);
    return job ? QJsonDocument::fromJson(job->result).object() : QJsonObject();
}

} // namespace

class TestJobBatches : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void completionRunsOnceWithEveryResult();
    void completionWaitsForTheLastJob();
    void jobRequeuedAfterCompletionDoesNotCompleteTwice();
    void cancelledBatchCancelsItsCompletionAndOpenJobs();
    void deletedJobLeavesTheBatch();
    void batchWithAnUnknownParentIsRefusedWhole();
    void batchWithoutCompletionJobCompletes();
};

void TestJobBatches::completionRunsOnceWithEveryResult()
{
    TempStore t;
    const HandlerRegistry handlers = registry();
    Engine engine(*t.store, handlers, engineOptions(3));
    engine.start();
    const BatchResult added = submitAndWait(engine, {batchOf({echo(1), echo(2), dying(), echo(4), echo(5)}, true,
                                                             engine.clock().nowMs())});
    QVERIFY2(added.ok, qPrintable(added.error));
    const MutationResult &r = added.results.front();
    QCOMPARE(r.jobIds.size(), size_t(5));
    const qint64 then = r.jobId;
    QVERIFY(then > 0);

    QCOMPARE(finalState(t, then), QStringLiteral("succeeded"));
    const auto job = t.reader->job(then);
    QCOMPARE(job->completesBatch, r.rowId);
    QCOMPARE(t.reader->attempts(then).size(), size_t(1));
    const QJsonObject result = resultOf(t, then);
    const QJsonObject batch = result.value(QLatin1String("batch")).toObject();
    QCOMPARE(batch.value(QLatin1String("id")).toInteger(), r.rowId);
    QCOMPARE(batch.value(QLatin1String("name")).toString(), QStringLiteral("thumbnails"));
    QCOMPARE(batch.value(QLatin1String("total")).toInt(), 5);
    QCOMPARE(batch.value(QLatin1String("succeeded")).toInt(), 4);
    QCOMPARE(batch.value(QLatin1String("dead")).toInt(), 1);
    const QJsonArray jobs = result.value(QLatin1String("jobs")).toArray();
    QCOMPARE(jobs.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(jobs[i][QLatin1String("id")].toInteger(), r.jobIds[size_t(i)]);
        if (i == 2) {
            QCOMPARE(jobs[i][QLatin1String("state")].toString(), QStringLiteral("dead"));
            QVERIFY(jobs[i][QLatin1String("result")].isNull());
        } else {
            QCOMPARE(jobs[i][QLatin1String("state")].toString(), QStringLiteral("succeeded"));
            QCOMPARE(jobs[i][QLatin1String("result")][QLatin1String("value")].toInt(), i + 1);
        }
        QCOMPARE(t.reader->job(r.jobIds[size_t(i)])->batchId, r.rowId);
    }
    const auto stored = t.reader->jobBatch(r.rowId);
    QVERIFY(stored);
    QCOMPARE(stored->state(), JobBatchState::Completed);
    QCOMPARE(stored->ended(), 5);
    QCOMPARE(stored->thenState, std::optional<JobState>(JobState::Succeeded));
    // The change that queued it says why.
    bool queuedByBatch = false;
    for (const StateChange &c : t.reader->stateChanges(then))
        queuedByBatch |= c.reason == QStringLiteral("batch %1 ended: 4 succeeded, 1 dead, 0 cancelled").arg(r.rowId);
    QVERIFY(queuedByBatch);
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
}

void TestJobBatches::completionWaitsForTheLastJob()
{
    TempStore t;
    const auto gate = std::make_shared<Gate>();
    const HandlerRegistry handlers = registry(gate);
    Engine engine(*t.store, handlers, engineOptions(2));
    engine.start();
    const BatchResult added = submitAndWait(engine, {batchOf({echo(1), makeSpec(QStringLiteral("gate")), echo(3)}, true,
                                                             engine.clock().nowMs())});
    QVERIFY(added.ok);
    const MutationResult &r = added.results.front();
    QTRY_COMPARE(t.reader->jobBatch(r.rowId)->ended(), 2);
    QCOMPARE(t.stateOf(r.jobIds[1]), QStringLiteral("running"));
    QCOMPARE(t.stateOf(r.jobId), QStringLiteral("waiting"));
    QCOMPARE(t.reader->jobBatch(r.rowId)->state(), JobBatchState::Running);
    QVERIFY(t.reader->job(r.jobId)->stateReason.contains(QStringLiteral("waiting for batch %1").arg(r.rowId)));
    gate->open();
    QCOMPARE(finalState(t, r.jobId), QStringLiteral("succeeded"));
    QCOMPARE(t.reader->jobBatch(r.rowId)->succeeded, 3);
}

void TestJobBatches::jobRequeuedAfterCompletionDoesNotCompleteTwice()
{
    TempStore t;
    const HandlerRegistry handlers = registry();
    Engine engine(*t.store, handlers, engineOptions(2));
    engine.start();
    const BatchResult added = submitAndWait(engine, {batchOf({echo(1), dying()}, true, engine.clock().nowMs())});
    QVERIFY(added.ok);
    const MutationResult &r = added.results.front();
    QCOMPARE(finalState(t, r.jobId), QStringLiteral("succeeded"));
    const qint64 completedAt = t.reader->jobBatch(r.rowId)->completedAtMs;
    QVERIFY(completedAt > 0);

    QVERIFY(submitAndWait(engine, {JobCommands::requeue(r.jobIds[1], std::nullopt, engine.clock().nowMs(), QStringLiteral("test"))})
                .results.front()
                .applied);
    QTRY_COMPARE(t.reader->job(r.jobIds[1])->totalAttempts, 2);
    QCOMPARE(finalState(t, r.jobIds[1]), QStringLiteral("dead"));
    const auto batch = t.reader->jobBatch(r.rowId);
    QCOMPARE(batch->completedAtMs, completedAt);
    QCOMPARE(batch->dead, 1);
    QCOMPARE(batch->succeeded, 1);
    QCOMPARE(t.reader->attempts(r.jobId).size(), size_t(1));
    QCOMPARE(t.stateOf(r.jobId), QStringLiteral("succeeded"));
}

void TestJobBatches::cancelledBatchCancelsItsCompletionAndOpenJobs()
{
    TempStore t;
    const auto gate = std::make_shared<Gate>();
    const HandlerRegistry handlers = registry(gate);
    EngineOptions options = engineOptions(1);
    Engine engine(*t.store, handlers, options);
    engine.start();
    // One worker: the gate job runs, the other two wait in the queue.
    const BatchResult added = submitAndWait(engine, {batchOf({makeSpec(QStringLiteral("gate")), echo(2), echo(3)}, true,
                                                             engine.clock().nowMs())});
    QVERIFY(added.ok);
    const MutationResult &r = added.results.front();
    QTRY_COMPARE(t.stateOf(r.jobIds[0]), QStringLiteral("running"));

    // As the window cancels it: the running job here is stopped at once, not at the next external change.
    QObject context;
    std::optional<MutationResult> cancelled;
    engine.cancelBatch(r.rowId, &context, [&](const BatchResult &b) {
        QVERIFY(b.ok);
        cancelled = b.results.front();
    });
    QTRY_VERIFY(cancelled);
    QVERIFY(cancelled->applied);
    QCOMPARE(cancelled->affected, 3); // two queued, one running asked to stop
    QCOMPARE(cancelled->jobIds, std::vector<qint64>{r.jobIds[0]});
    QCOMPARE(t.stateOf(r.jobId), QStringLiteral("cancelled"));
    QCOMPARE(t.reader->job(r.jobId)->stateReason, QStringLiteral("batch %1 was cancelled").arg(r.rowId));
    QCOMPARE(t.stateOf(r.jobIds[1]), QStringLiteral("cancelled"));
    QCOMPARE(t.stateOf(r.jobIds[2]), QStringLiteral("cancelled"));
    QCOMPARE(finalState(t, r.jobIds[0]), QStringLiteral("cancelled"));
    const auto batch = t.reader->jobBatch(r.rowId);
    QCOMPARE(batch->state(), JobBatchState::Cancelled);
    QCOMPARE(batch->cancelled, 3);
    QCOMPARE(batch->completedAtMs, 0);
    QVERIFY(t.reader->attempts(r.jobId).empty());
    // Once is enough.
    QVERIFY(!submitAndWait(engine, {CancelJobBatch{r.rowId, engine.clock().nowMs()}}).results.front().applied);
    QVERIFY(!submitAndWait(engine, {CancelJobBatch{r.rowId + 100, engine.clock().nowMs()}}).results.front().applied);
}

void TestJobBatches::deletedJobLeavesTheBatch()
{
    TempStore t;
    const BatchResult added = t.store->apply({batchOf({echo(1), echo(2)})});
    QVERIFY(added.ok);
    const MutationResult &r = added.results.front();
    QCOMPARE(t.reader->jobBatch(r.rowId)->total, 2);
    QVERIFY(t.store->apply({RequestCancel{r.jobIds[0], QStringLiteral("cancelled by the test"), 2000}}).ok);
    QCOMPARE(t.reader->jobBatch(r.rowId)->cancelled, 1);
    QCOMPARE(t.stateOf(r.jobId), QStringLiteral("waiting"));
    // Deleting the last open job ends the batch: nothing is left to wait for.
    QVERIFY(t.store->apply({DeleteJob{r.jobIds[1], 3000}}).results.front().applied);
    auto batch = t.reader->jobBatch(r.rowId);
    QCOMPARE(batch->total, 1);
    QCOMPARE(batch->completedAtMs, 3000);
    QCOMPARE(t.stateOf(r.jobId), QStringLiteral("queued"));
    // An ended job deleted afterwards leaves the counts consistent.
    QVERIFY(t.store->apply({DeleteJob{r.jobIds[0], 4000}}).results.front().applied);
    batch = t.reader->jobBatch(r.rowId);
    QCOMPARE(batch->total, 0);
    QCOMPARE(batch->cancelled, 0);
    QCOMPARE(batch->pending(), 0);
    QCOMPARE(t.reader->batchJobs(r.rowId, 0, 10).size(), size_t(0));
    QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
}

void TestJobBatches::batchWithAnUnknownParentIsRefusedWhole()
{
    TempStore t;
    JobSpec orphan = echo(2);
    orphan.after = {4242};
    const BatchResult added = t.store->apply({batchOf({echo(1), orphan})});
    QVERIFY(!added.ok);
    QCOMPARE(added.errorCode, StoreErrorCode::NotFound);
    QVERIFY(t.reader->jobBatches(10).empty());
    QCOMPARE(t.reader->jobs(JobFilter{}).size(), size_t(0));
}

void TestJobBatches::batchWithoutCompletionJobCompletes()
{
    TempStore t;
    const HandlerRegistry handlers = registry();
    Engine engine(*t.store, handlers, engineOptions(2));
    engine.start();
    const BatchResult added = submitAndWait(engine, {batchOf({echo(1), echo(2)}, false, engine.clock().nowMs())});
    QVERIFY(added.ok);
    const MutationResult &r = added.results.front();
    QCOMPARE(r.jobId, 0);
    QTRY_COMPARE(t.reader->jobBatch(r.rowId)->state(), JobBatchState::Completed);
    const auto listed = t.reader->jobBatches(10);
    QCOMPARE(listed.size(), size_t(1));
    QCOMPARE(listed.front().succeeded, 2);
    QCOMPARE(listed.front().thenJobId, 0);
    QCOMPARE(t.reader->batchJobs(r.rowId, r.jobIds[0], 10).size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestJobBatches)
#include "tst_job_batches.moc"
