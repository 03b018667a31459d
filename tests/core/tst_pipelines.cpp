// Pipelines: steps run one after another, each receiving the result before it as "input"; a step that ends dead
// cancels the steps after it and has the compensations of the steps that succeeded run, last first; a compensation
// that ends dead fails the pipeline with both errors; and pipeline files are checked before anything is written.

#include "CoreTestSupport.h"

#include "model/Pipeline.h"
#include "model/PipelineFile.h"
#include "runner/JobCommands.h"
#include "runner/JobContext.h"

#include <QJsonArray>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Kind "add": returns {"value": payload.value + payload.input.value}, so each step's result shows what reached it.
class AddHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("add"); }
    void run(JobContext &ctx) override
    {
        const QJsonObject p = ctx.payload();
        ctx.setResult(QJsonObject{{QStringLiteral("value"), p.value(QLatin1String("value")).toInt()
                                                                + p.value(QLatin1String("input")).toObject().value(QLatin1String("value")).toInt()}});
    }
};

HandlerRegistry registry()
{
    HandlerRegistry r = builtIns();
    r.add(std::make_unique<AddHandler>());
    return r;
}

JobSpec add(int value)
{
    return makeSpec(QStringLiteral("add"), {{QStringLiteral("value"), value}});
}

JobSpec dying(const QString &message)
{
    JobSpec s = makeSpec(QStringLiteral("fail"), {{QStringLiteral("message"), message}});
    s.maxAttempts = 1;
    return s;
}

StartPipeline pipelineOf(std::vector<PipelineStep> steps, qint64 nowMs)
{
    StartPipeline p;
    p.name = QStringLiteral("publish");
    p.steps = std::move(steps);
    p.nowMs = nowMs;
    return p;
}

QJsonObject jsonOf(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// Waits until the pipeline has finished (succeeded or failed) and returns it.
PipelineRecord finished(TempStore &t, qint64 id)
{
    std::optional<PipelineRecord> p;
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT((p = t.reader->pipeline(id)) && p->finishedAtMs > 0
                                     && (p->state == PipelineState::Succeeded || p->state == PipelineState::Failed),
                                 30'000);
    }();
    return p.value_or(PipelineRecord{});
}

} // namespace

class PipelinesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stepsRunInOrderEachWithTheResultBefore()
    {
        TempStore t;
        const HandlerRegistry handlers = registry();
        Engine engine(*t.store, handlers, engineOptions(3));
        engine.start();
        const BatchResult r = submitAndWait(
            engine, {pipelineOf({{add(1), add(-1)}, {add(10), std::nullopt}, {add(100), add(-100)}}, engine.clock().nowMs())});
        QVERIFY2(r.ok, qPrintable(r.error));
        const qint64 id = r.results.front().rowId;
        const std::vector<qint64> jobs = r.results.front().jobIds;
        QCOMPARE(jobs.size(), size_t(3));
        const PipelineRecord p = finished(t, id);
        QCOMPARE(p.state, PipelineState::Succeeded);
        QCOMPARE(jsonOf(p.result).value(QLatin1String("value")).toInt(), 111);
        QCOMPARE(p.step, 3);
        QVERIFY(p.reason.isEmpty());
        QCOMPARE(p.steps.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(p.steps[i].jobId, jobs[i]);
            QCOMPARE(p.steps[i].state, JobState::Succeeded);
            QCOMPARE(p.steps[i].compensationJobId, 0); // nothing failed: nothing undone
            QCOMPARE(t.reader->attempts(jobs[i]).size(), size_t(1));
            QCOMPARE(t.reader->job(jobs[i])->pipelineId, id);
        }
        QCOMPARE(p.steps[0].compensationKind, QStringLiteral("add"));
        QVERIFY(p.steps[1].compensationKind.isEmpty());
        // Each later step got the result before it, and started after it ended.
        const QJsonObject second = jsonOf(t.reader->job(jobs[1])->payload);
        QCOMPARE(second.value(QLatin1String("input")).toObject().value(QLatin1String("value")).toInt(), 1);
        QVERIFY(!jsonOf(t.reader->job(jobs[0])->payload).contains(QLatin1String("input")));
        QVERIFY(t.reader->attempts(jobs[1]).front().startedAtMs >= t.reader->attempts(jobs[0]).front().finishedAtMs);
        QVERIFY(t.reader->attempts(jobs[2]).front().startedAtMs >= t.reader->attempts(jobs[1]).front().finishedAtMs);
        QCOMPARE(PipelineJson::pipeline(p).value(QLatin1String("steps")).toArray().size(), 3);
        engine.stopAndWait();
    }

    void aDeadLastStepUndoesTheStepsBeforeItLastFirst()
    {
        TempStore t;
        const HandlerRegistry handlers = registry();
        Engine engine(*t.store, handlers, engineOptions(3));
        engine.start();
        const BatchResult r = submitAndWait(
            engine, {pipelineOf({{add(1), add(-1)}, {add(10), add(-10)}, {dying(QStringLiteral("card declined")), add(-100)}},
                                engine.clock().nowMs())});
        QVERIFY2(r.ok, qPrintable(r.error));
        const qint64 id = r.results.front().rowId;
        const PipelineRecord p = finished(t, id);
        QCOMPARE(p.state, PipelineState::Failed);
        QCOMPARE(p.failedStep, 3);
        QCOMPARE(pipelinePosition(p), QStringLiteral("step 3 of 3 failed"));
        QVERIFY2(p.reason.startsWith(QLatin1String("step 3 (fail, job")) && p.reason.contains(QLatin1String("card declined"))
                     && p.reason.endsWith(QLatin1String("undone: step 2, 1")),
                 qPrintable(p.reason));
        QCOMPARE(p.steps[2].state, JobState::Dead);
        QCOMPARE(p.steps[2].compensationJobId, 0); // it never succeeded: there is nothing of it to undo
        const qint64 undo2 = p.steps[1].compensationJobId;
        const qint64 undo1 = p.steps[0].compensationJobId;
        QVERIFY(undo2 > 0 && undo1 > 0);
        QCOMPARE(p.steps[1].compensationState, JobState::Succeeded);
        QCOMPARE(p.steps[0].compensationState, JobState::Succeeded);
        // Step 2 was undone first, and step 1 only after that had ended.
        QVERIFY(undo2 < undo1);
        QVERIFY(t.reader->attempts(undo1).front().startedAtMs >= t.reader->attempts(undo2).front().finishedAtMs);
        // A compensation learns what it undoes.
        const QJsonObject undoes = jsonOf(t.reader->job(undo2)->payload).value(QLatin1String("compensates")).toObject();
        QCOMPARE(undoes.value(QLatin1String("step")).toInt(), 2);
        QCOMPARE(undoes.value(QLatin1String("job")).toInteger(), p.steps[1].jobId);
        QCOMPARE(undoes.value(QLatin1String("result")).toObject().value(QLatin1String("value")).toInt(), 11);
        QCOMPARE(t.reader->job(undo2)->pipelineId, id);
        engine.stopAndWait();
    }

    void aFailedStepCancelsTheStepsAfterIt()
    {
        TempStore t;
        const HandlerRegistry handlers = registry();
        Engine engine(*t.store, handlers, engineOptions(2));
        engine.start();
        const BatchResult r = submitAndWait(
            engine, {pipelineOf({{add(1), std::nullopt}, {dying(QStringLiteral("no disk")), std::nullopt}, {add(100), std::nullopt}},
                                engine.clock().nowMs())});
        QVERIFY2(r.ok, qPrintable(r.error));
        const PipelineRecord p = finished(t, r.results.front().rowId);
        QCOMPARE(p.state, PipelineState::Failed);
        QCOMPARE(p.failedStep, 2);
        QCOMPARE(p.steps[2].state, JobState::Cancelled);
        QCOMPARE(t.reader->job(p.steps[2].jobId)->stateReason, QStringLiteral("pipeline %1 failed at step 2").arg(p.id));
        QCOMPARE(t.reader->attempts(p.steps[2].jobId).size(), size_t(0));
        QVERIFY2(!p.reason.contains(QLatin1String("undone")), qPrintable(p.reason)); // nothing had a compensation
        engine.stopAndWait();
    }

    void aDeadCompensationFailsThePipelineWithBothErrors()
    {
        TempStore t;
        const HandlerRegistry handlers = registry();
        Engine engine(*t.store, handlers, engineOptions(2));
        engine.start();
        const BatchResult r = submitAndWait(
            engine, {pipelineOf({{add(1), add(-1)}, {add(10), dying(QStringLiteral("refund refused"))},
                                 {dying(QStringLiteral("card declined")), std::nullopt}},
                                engine.clock().nowMs())});
        QVERIFY2(r.ok, qPrintable(r.error));
        const PipelineRecord p = finished(t, r.results.front().rowId);
        QCOMPARE(p.state, PipelineState::Failed);
        QVERIFY2(p.reason.contains(QLatin1String("card declined")) && p.reason.contains(QLatin1String("the compensation of step 2"))
                     && p.reason.contains(QLatin1String("refund refused")),
                 qPrintable(p.reason));
        // The dead compensation is a dead job like any other (Poison lists it); what it left undone stays so.
        QCOMPARE(p.steps[1].compensationState, JobState::Dead);
        QCOMPARE(p.steps[0].compensationJobId, 0);
        QCOMPARE(p.step, 2);

        // Requeued (the refund fixed) and succeeding, it goes on with the compensations left: step 1's.
        const qint64 refund = p.steps[1].compensationJobId;
        QJsonObject fixed = jsonOf(t.reader->job(refund)->payload);
        fixed.insert(QStringLiteral("times"), 0); // fails no attempt
        QVERIFY(submitAndWait(engine, {JobCommands::requeue(refund, QJsonDocument(fixed).toJson(QJsonDocument::Compact),
                                                            engine.clock().nowMs(), QStringLiteral("test"))})
                    .results.front()
                    .applied);
        std::optional<PipelineRecord> after;
        QTRY_VERIFY_WITH_TIMEOUT((after = t.reader->pipeline(p.id)) && after->steps[0].compensationState == JobState::Succeeded,
                                 30'000);
        QTRY_COMPARE((after = t.reader->pipeline(p.id))->state, PipelineState::Failed);
        QCOMPARE(after->steps[1].compensationState, JobState::Succeeded);
        QCOMPARE(after->failedStep, 3);
        engine.stopAndWait();
    }

    void pipelinesAreListedNewestFirst()
    {
        TempStore t;
        QVERIFY(t.store->apply({pipelineOf({{add(1), std::nullopt}}, 1000)}).ok);
        QVERIFY(t.store->apply({pipelineOf({{add(2), std::nullopt}, {add(3), std::nullopt}}, 2000)}).ok);
        const std::vector<PipelineRecord> all = t.reader->pipelines(10);
        QCOMPARE(all.size(), size_t(2));
        QCOMPARE(all[0].stepCount, 2);
        QCOMPARE(all[0].state, PipelineState::Running);
        QVERIFY(all[0].steps.empty());
        QCOMPARE(t.reader->pipelines(10, all[0].id).size(), size_t(1));
        const auto second = t.reader->pipeline(all[0].id);
        QCOMPARE(second->steps[1].state, JobState::Waiting);
        QCOMPARE(t.reader->job(second->steps[1].jobId)->stateReason,
                 QStringLiteral("step 2 of pipeline %1: waits for step 1").arg(all[0].id));
        QVERIFY(!t.reader->pipeline(9999));
    }

    void badFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("error");
        QTest::newRow("no steps") << QByteArray(R"({"name": "x"})") << QStringLiteral("\"steps\" must list");
        QTest::newRow("empty steps") << QByteArray(R"({"steps": []})") << QStringLiteral("\"steps\" must list");
        QTest::newRow("not an object") << QByteArray(R"({"steps": [1]})") << QStringLiteral("step 1: must be a JSON object");
        QTest::newRow("unknown kind") << QByteArray(R"({"steps": [{"kind": "noop"}, {"kind": "nope"}]})")
                                      << QStringLiteral("step 2: unknown job kind \"nope\"");
        QTest::newRow("after") << QByteArray(R"({"steps": [{"kind": "noop", "after": 3}]})") << QStringLiteral("step 1: cannot have \"after\"");
        QTest::newRow("bad compensation") << QByteArray(R"({"steps": [{"kind": "noop", "compensate": {"kind": "noop", "max_attempts": 0}}]})")
                                          << QStringLiteral("step 1's compensation: max attempts");
        QTest::newRow("bad name") << QByteArray(R"({"name": 3, "steps": [{"kind": "noop"}]})") << QStringLiteral("\"name\" must be");
    }

    void badFilesAreRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, error);
        StartPipeline p;
        const QString problem = readPipelineFile(QJsonDocument::fromJson(file).object(), registry(), 0, p);
        QVERIFY2(problem.startsWith(error), qPrintable(problem));
    }

    void aFileBecomesStepsAndCompensations()
    {
        StartPipeline p;
        const QByteArray file = R"({"name": "publish", "steps": [{"kind": "add", "payload": {"value": 1}, "queue": "render",
            "compensate": {"kind": "add", "payload": {"value": -1}, "max_attempts": 9}}, {"kind": "noop"}]})";
        QCOMPARE(readPipelineFile(QJsonDocument::fromJson(file).object(), registry(), 0, p), QString());
        QCOMPARE(p.name, QStringLiteral("publish"));
        QCOMPARE(p.steps.size(), size_t(2));
        QCOMPARE(p.steps[0].job.queue, QStringLiteral("render"));
        QCOMPARE(p.steps[0].compensation->maxAttempts, 9);
        QVERIFY(!p.steps[1].compensation);
    }
};

QTEST_GUILESS_MAIN(PipelinesTest)
#include "tst_pipelines.moc"
