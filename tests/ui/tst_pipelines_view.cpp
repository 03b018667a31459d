// The Pipelines page in the real window, offscreen, with a real engine: a pipeline's chain of steps follows the runner
// live, with each compensation indented under the step it undoes; when the last step dies, the compensations of
// steps 2 then 1 run and show it; a step's details open from the chain; and 600 pipelines written by another
// connection appear without a refresh, the newest 500 listed.

#include "UiTestSupport.h"

#include "GateHandler.h"
#include "JobRoles.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "actions/JobActions.h"
#include "models/PipelineDetail.h"
#include "models/PipelineRowsModel.h"
#include "pages/PipelinesPage.h"
#include "widgets/PipelineChain.h"

#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

JobSpec spec(const QString &kind, const QJsonObject &payload = {})
{
    JobSpec s;
    s.kind = kind;
    s.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    s.maxAttempts = 1;
    return s;
}

StartPipeline threeSteps(qint64 nowMs)
{
    StartPipeline p;
    p.name = QStringLiteral("order 5521");
    p.steps.push_back({spec(QStringLiteral("noop")), spec(QStringLiteral("noop"), {{QStringLiteral("undo"), 1}})});
    p.steps.push_back({spec(QStringLiteral("gate")), spec(QStringLiteral("noop"), {{QStringLiteral("undo"), 2}})});
    p.steps.push_back({spec(QStringLiteral("fail"), {{QStringLiteral("message"), QStringLiteral("card declined")}}), std::nullopt});
    p.nowMs = nowMs;
    return p;
}

struct Fixture {
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();
    EngineHarness harness;
    MainWindow window;
    PipelinesPage *page = nullptr;

    Fixture()
        : harness(1, [this](HandlerRegistry &r) { r.add(std::make_unique<GateHandler>(gate)); }),
          window(*harness.engine)
    {
        window.resize(1400, 860);
        window.show();
        window.showPage(QStringLiteral("pipelines"));
        page = window.findChild<PipelinesPage *>();
    }

    ~Fixture() { gate->openForGood(); }

    // Written through the engine, as a program using the library would; waits for the commit.
    MutationResult start(StartPipeline pipeline)
    {
        std::promise<BatchResult> done;
        auto result = done.get_future();
        harness.engine->submit({std::move(pipeline)}, [&done](const BatchResult &r) { done.set_value(r); });
        const BatchResult r = result.get();
        return r.ok ? r.results.front() : MutationResult{};
    }

    QAbstractItemModel &shown() { return *page->table()->model(); }

    QString cell(qint64 id, int column)
    {
        for (int row = 0; row < shown().rowCount(); ++row) {
            if (shown().index(row, 0).data(PipelineRowsModel::PipelineIdRole).toLongLong() == id)
                return shown().index(row, column).data().toString();
        }
        return QStringLiteral("<absent>");
    }

    const std::vector<PipelineChain::Card> &cards() { return page->chain()->cards(); }

    // "1 gate running", "undo 2 noop succeeded": the chain's cards in drawing order.
    QStringList chainText()
    {
        QStringList out;
        for (const PipelineChain::Card &c : cards())
            out << QStringLiteral("%1%2 %3 %4")
                       .arg(c.compensation ? QStringLiteral("undo ") : QString())
                       .arg(c.step)
                       .arg(c.kind, c.compensation && c.jobId <= 0 ? QStringLiteral("pending")
                                    : c.state                       ? stateName(*c.state)
                                                                    : QStringLiteral("deleted"));
        return out;
    }
};

} // namespace

class TestPipelinesView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aChainFollowsTheRunnerAndUndoesLastFirst();
    void sixHundredPipelinesFromAnotherConnectionAppear();
};

void TestPipelinesView::aChainFollowsTheRunnerAndUndoesLastFirst()
{
    Fixture f;
    QTRY_VERIFY(f.page->model()->hasLoaded());
    QCOMPARE(f.shown().rowCount(), 0);
    QVERIFY(f.page->table()->emptyTitle().contains(QLatin1String("No pipelines")));
    auto *title = f.page->findChild<QLabel *>(QStringLiteral("pipelineTitle"));
    QCOMPARE(title->text(), QStringLiteral("Steps — select a pipeline"));

    const MutationResult started = f.start(threeSteps(f.harness.engine->clock().nowMs()));
    QVERIFY(started.applied);
    const qint64 id = started.rowId;
    f.harness.engine->start();

    // Step 1 ran, step 2 holds at the gate, step 3 waits; the compensations have not been needed.
    QTRY_COMPARE(f.cell(id, PipelineRowsModel::Name), QStringLiteral("order 5521"));
    QTRY_COMPARE(f.chainText(), (QStringList{QStringLiteral("1 noop succeeded"), QStringLiteral("undo 1 noop pending"),
                                             QStringLiteral("2 gate running"), QStringLiteral("undo 2 noop pending"),
                                             QStringLiteral("3 fail waiting")}));
    QTRY_COMPARE(f.cell(id, PipelineRowsModel::Progress), QStringLiteral("step 2 of 3"));
    QCOMPARE(f.cell(id, PipelineRowsModel::State), QStringLiteral("Running"));
    QCOMPARE(title->text(), QStringLiteral("Pipeline %1, order 5521: running").arg(id));
    // Compensations are drawn indented under the step they undo, the steps one above another on the rail.
    const auto &cards = f.cards();
    QCOMPARE(cards[0].rect.left(), cards[2].rect.left());
    QVERIFY(cards[1].rect.left() > cards[0].rect.left());
    QVERIFY(cards[1].rect.top() > cards[0].rect.bottom() && cards[2].rect.top() > cards[1].rect.bottom());
    QCOMPARE(cards[2].jobId, started.jobIds[1]);

    // Step 3 dies: the compensation of step 2 runs, then that of step 1, and the pipeline has failed with the reason.
    f.gate->openForGood();
    QTRY_COMPARE(f.cell(id, PipelineRowsModel::State), QStringLiteral("Failed"));
    QCOMPARE(f.cell(id, PipelineRowsModel::Progress), QStringLiteral("step 3 of 3 failed"));
    QTRY_COMPARE(f.chainText(), (QStringList{QStringLiteral("1 noop succeeded"), QStringLiteral("undo 1 noop succeeded"),
                                             QStringLiteral("2 gate succeeded"), QStringLiteral("undo 2 noop succeeded"),
                                             QStringLiteral("3 fail dead")}));
    QVERIFY(f.cards()[3].jobId < f.cards()[1].jobId); // step 2 was undone first
    QVERIFY(f.cards()[4].error.contains(QLatin1String("card declined")));
    const QString outcome = f.cell(id, PipelineRowsModel::Outcome);
    QVERIFY2(outcome.contains(QLatin1String("step 3")) && outcome.contains(QLatin1String("card declined"))
                 && outcome.contains(QLatin1String("undone: step 2, 1")),
             qPrintable(outcome));
    QTRY_COMPARE(title->text(), QStringLiteral("Pipeline %1, order 5521: failed").arg(id));
    QVERIFY(!f.page->chain()->grab().isNull());

    // A card's job opens from the chain: selected and Step details…, or a double click.
    QSignalSpy details(&f.window.console().actions, &JobActions::detailsRequested);
    auto *stepDetails = f.page->findChild<QAction *>(QStringLiteral("stepDetailsAction"));
    QVERIFY(!stepDetails->isEnabled());
    QTest::mouseClick(f.page->chain(), Qt::LeftButton, {}, f.cards()[4].rect.center());
    QVERIFY(stepDetails->isEnabled());
    QVERIFY(clickButtonFor(*f.page, "stepDetailsAction"));
    QCOMPARE(details.size(), 1);
    QCOMPARE(details.takeFirst().at(0).toLongLong(), started.jobIds[2]);
    QTest::mouseDClick(f.page->chain(), Qt::LeftButton, {}, f.cards()[3].rect.center());
    QCOMPARE(details.size(), 1);
    QCOMPARE(details.takeFirst().at(0).toLongLong(), f.cards()[3].jobId);
}

void TestPipelinesView::sixHundredPipelinesFromAnotherConnectionAppear()
{
    Fixture f;
    QTRY_VERIFY(f.page->model()->hasLoaded());
    // The runner's one worker is soon held by the first pipeline's gate step, so the newest stays at its first step.
    f.harness.engine->start();
    // From another connection, as another process writes: the page learns of them from the database.
    auto other = SqliteStore::open(f.harness.path);
    WriteBatch batch;
    for (int i = 0; i < 600; ++i) {
        StartPipeline p = threeSteps(f.harness.engine->clock().nowMs());
        p.name = QStringLiteral("order %1").arg(6000 + i);
        batch.push_back(std::move(p));
    }
    const BatchResult written = other->apply(batch);
    QVERIFY(written.ok);
    const qint64 newest = written.results.back().rowId;
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), PipelineRowsModel::kShown, 10'000);
    QCOMPARE(f.cell(newest, PipelineRowsModel::Name), QStringLiteral("order 6599"));
    QCOMPARE(f.cell(written.results.front().rowId, PipelineRowsModel::Name), QStringLiteral("<absent>"));
    QCOMPARE(f.cell(newest, PipelineRowsModel::Progress), QStringLiteral("step 1 of 3"));
    QVERIFY(f.page->selectPipeline(newest));
    QTRY_COMPARE(f.page->detail()->pipelineId(), newest);
    QTRY_COMPARE(f.cards().size(), size_t(5));
    QCOMPARE(f.cards()[0].state, JobState::Queued);
    auto *header = f.page->findChild<QLabel *>(QStringLiteral("pageSubtitle"));
    QVERIFY(header);
    QVERIFY2(header->text().contains(QLatin1String("The newest 500 pipelines")), qPrintable(header->text()));
}

QTEST_MAIN(TestPipelinesView)
#include "tst_pipelines_view.moc"
