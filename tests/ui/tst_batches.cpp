// The Batches page in the real window, offscreen, with a real engine: a batch's progress, its jobs and its
// completion job follow the runner live; a batch of 10,000 jobs written by another connection appears without a
// refresh and its jobs page in as the list scrolls; Cancel batch asks first (through the prompt seam) and stops
// the batch's running job here at once; the completion job's details open from the page.

#include "UiTestSupport.h"

#include "AppSettings.h"
#include "GateHandler.h"
#include "JobRoles.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "actions/JobActions.h"
#include "models/BatchJobsModel.h"
#include "models/BatchRowsModel.h"
#include "pages/BatchesPage.h"

#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

JobSpec spec(const QString &kind)
{
    JobSpec s;
    s.kind = kind;
    s.payload = "{}";
    return s;
}

struct Fixture {
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();
    EngineHarness harness;
    MainWindow window;
    BatchesPage *page = nullptr;
    QList<Confirmation> asked;
    bool answer = true;

    Fixture()
        : harness(1, [this](HandlerRegistry &r) { r.add(std::make_unique<GateHandler>(gate)); }),
          window(*harness.engine)
    {
        AppSettings::forgetConfirmations();
        window.console().actions.setPrompt([this](const Confirmation &question) {
            asked << question;
            return ConfirmAnswer{answer, false};
        });
        window.resize(1400, 860);
        window.show();
        window.showPage(QStringLiteral("batches"));
        page = window.findChild<BatchesPage *>();
    }

    ~Fixture() { gate->openForGood(); }

    // Written through the engine, as a program using the library would; waits for the commit.
    MutationResult addBatch(const QString &name, std::vector<JobSpec> jobs, bool withThen = true)
    {
        AddJobBatch add;
        add.name = name;
        add.jobs = std::move(jobs);
        if (withThen)
            add.then = spec(QStringLiteral("noop"));
        add.nowMs = harness.engine->clock().nowMs();
        std::promise<BatchResult> done;
        auto result = done.get_future();
        harness.engine->submit({std::move(add)}, [&done](const BatchResult &r) { done.set_value(r); });
        const BatchResult r = result.get();
        if (r.ok)
            return r.results.front();
        MutationResult refused;
        refused.applied = false;
        return refused;
    }

    QAbstractItemModel &shown() { return *page->table()->model(); }

    int rowOf(qint64 batchId)
    {
        for (int row = 0; row < shown().rowCount(); ++row) {
            if (shown().index(row, 0).data(BatchRowsModel::BatchIdRole).toLongLong() == batchId)
                return row;
        }
        return -1;
    }

    QString cell(qint64 batchId, int column)
    {
        const int row = rowOf(batchId);
        return row < 0 ? QStringLiteral("<absent>") : shown().index(row, column).data().toString();
    }

    QVariant role(qint64 batchId, int column, int role)
    {
        const int row = rowOf(batchId);
        return row < 0 ? QVariant() : shown().index(row, column).data(role);
    }


};

} // namespace

class TestBatches : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void progressJobsAndCompletionFollowTheRunner();
    void aBatchOfTenThousandFromAnotherConnectionPagesIn();
    void cancelAsksFirstAndStopsTheRunningJob();
};

void TestBatches::progressJobsAndCompletionFollowTheRunner()
{
    Fixture f;
    QTRY_VERIFY(f.page->model()->hasLoaded());
    QCOMPARE(f.shown().rowCount(), 0);
    QVERIFY(f.page->jobsTable()->emptyTitle().contains(QLatin1String("Select a batch")));
    QVERIFY(!f.page->findChild<QAction *>(QStringLiteral("cancelBatchAction"))->isEnabled());

    const MutationResult b = f.addBatch(QStringLiteral("thumbnails for album 7"),
                                        {spec(QStringLiteral("gate")), spec(QStringLiteral("noop")), spec(QStringLiteral("noop"))});
    QVERIFY(b.applied);
    f.harness.engine->start();
    // The new batch appears without a refresh, selected, with its jobs below; one worker holds the gate job.
    QTRY_COMPARE(f.cell(b.rowId, BatchRowsModel::Name), QStringLiteral("thumbnails for album 7"));
    QTRY_COMPARE(f.page->jobsModel()->rowCount(), 3);
    QCOMPARE(f.page->jobsModel()->batchId(), b.rowId);
    QTRY_COMPARE(f.page->jobsModel()->jobAt(0).state, JobState::Running);
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::Progress), QStringLiteral("0 of 3"));
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::State), QStringLiteral("Running"));
    QCOMPARE(f.role(b.rowId, BatchRowsModel::Progress, JobRoles::StateRole).toInt(), int(JobState::Running));
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::Completion), QStringLiteral("noop · waiting"));
    QVERIFY(f.page->findChild<QAction *>(QStringLiteral("cancelBatchAction"))->isEnabled());
    auto *title = f.page->findChild<QLabel *>(QStringLiteral("batchJobsTitle"));
    QTRY_COMPARE(title->text(), QStringLiteral("Jobs of batch %1, thumbnails for album 7 (0 of 3 ended)").arg(b.rowId));

    // The gate opens: every job ends, the completion job runs once, and the page follows.
    f.gate->openForGood();
    QTRY_COMPARE(f.cell(b.rowId, BatchRowsModel::State), QStringLiteral("Completed"));
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::Succeeded), QStringLiteral("3"));
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::Dead), QStringLiteral("0"));
    QTRY_COMPARE(f.cell(b.rowId, BatchRowsModel::Completion), QStringLiteral("noop · succeeded"));
    QCOMPARE(f.role(b.rowId, BatchRowsModel::Progress, JobRoles::StateRole).toInt(), int(JobState::Succeeded));
    QCOMPARE(f.role(b.rowId, BatchRowsModel::Progress, JobRoles::ProgressRole).toDouble(), 1.0);
    QTRY_COMPARE(f.page->jobsModel()->jobAt(2).state, JobState::Succeeded);
    QTRY_COMPARE(title->text(), QStringLiteral("Jobs of batch %1, thumbnails for album 7 (3 of 3 ended)").arg(b.rowId));
    QVERIFY(!f.page->findChild<QAction *>(QStringLiteral("cancelBatchAction"))->isEnabled());

    // Completion job… and a double-click on a job open their details.
    QSignalSpy details(&f.window.console().actions, &JobActions::detailsRequested);
    QVERIFY(clickButtonFor(*f.page, "completionDetailsAction"));
    QCOMPARE(details.size(), 1);
    QCOMPARE(details.takeFirst().at(0).toLongLong(), b.jobId);
    const QModelIndex second = f.page->jobsTable()->model()->index(1, 0);
    const QPoint at = f.page->jobsTable()->visualRect(second).center();
    QTest::mouseClick(f.page->jobsTable()->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(f.page->jobsTable()->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE(details.size(), 1);
    QCOMPARE(details.takeFirst().at(0).toLongLong(), b.jobIds[1]);
}

void TestBatches::aBatchOfTenThousandFromAnotherConnectionPagesIn()
{
    Fixture f;
    QTRY_VERIFY(f.page->model()->hasLoaded());
    // Twenty small batches from this window's engine, then a big one from another connection (as another process
    // writes): the page learns of it from the database, not from an event of its own.
    for (int i = 0; i < 20; ++i)
        QVERIFY(f.addBatch(QStringLiteral("nightly report %1").arg(i), {spec(QStringLiteral("noop"))}, i % 2 == 0).applied);
    auto other = SqliteStore::open(f.harness.path);
    AddJobBatch big;
    big.name = QStringLiteral("re-encode the archive");
    big.jobs.assign(10'000, spec(QStringLiteral("noop")));
    big.then = spec(QStringLiteral("noop"));
    big.nowMs = f.harness.engine->clock().nowMs();
    const BatchResult written = other->apply({big});
    QVERIFY(written.ok);
    const qint64 bigId = written.results.front().rowId;
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), 21, 10'000);
    QCOMPARE(f.cell(bigId, BatchRowsModel::Progress), QStringLiteral("0 of 10,000"));
    // The newest is first; nothing was selected before it came, so the first one read stays selected.
    QVERIFY(f.page->selectBatch(bigId));
    QTRY_COMPARE(f.page->jobsModel()->rowCount(), BatchJobsModel::kPage);
    auto *title = f.page->findChild<QLabel *>(QStringLiteral("batchJobsTitle"));
    QTRY_VERIFY2(title->text().contains(QLatin1String("first 1,000 shown")), qPrintable(title->text()));
    // Scrolling to the end of the list brings the next page.
    f.page->jobsTable()->scrollToBottom();
    QTRY_COMPARE(f.page->jobsModel()->rowCount(), 2 * BatchJobsModel::kPage);
    QCOMPARE(f.page->jobsModel()->jobAt(0).id, written.results.front().jobIds.front());

    // The runner works through them; the page follows while it is shown.
    f.harness.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(bigId, BatchRowsModel::State), QStringLiteral("Completed"), 60'000);
    QTRY_COMPARE(f.cell(bigId, BatchRowsModel::Progress), QStringLiteral("10,000 of 10,000"));
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(bigId, BatchRowsModel::Completion), QStringLiteral("noop · succeeded"), 10'000);
    QVERIFY(f.page->jobsModel()->rowCount() >= 2 * BatchJobsModel::kPage);
    QTRY_COMPARE(f.page->jobsModel()->jobAt(0).state, JobState::Succeeded);
    QCOMPARE(f.cell(bigId, BatchRowsModel::Succeeded), QStringLiteral("10,000"));
}

void TestBatches::cancelAsksFirstAndStopsTheRunningJob()
{
    Fixture f;
    f.harness.engine->start();
    const MutationResult b = f.addBatch(QStringLiteral("import invoices"),
                                        {spec(QStringLiteral("gate")), spec(QStringLiteral("noop")), spec(QStringLiteral("noop"))});
    QVERIFY(b.applied);
    QTRY_VERIFY(f.page->selectBatch(b.rowId));
    QTRY_COMPARE(f.page->jobsModel()->rowCount(), 3);
    QTRY_COMPARE(f.page->jobsModel()->jobAt(0).state, JobState::Running);

    // Declined: nothing changes.
    f.answer = false;
    QVERIFY(clickButtonFor(*f.page, "cancelBatchAction"));
    QCOMPARE(f.asked.size(), 1);
    QCOMPARE(f.asked.front().kind, ConfirmKind::CancelBatch);
    QVERIFY2(f.asked.front().question.contains(QLatin1String("3 jobs still to run")), qPrintable(f.asked.front().question));
    QCOMPARE(f.asked.front().count, 3);
    QCOMPARE(f.page->jobsModel()->jobAt(0).state, JobState::Running);

    // Accepted: the gate job running here stops at once (its gate never opens), the rest and the completion job
    // are cancelled, and the command is gone from the cancelled batch.
    f.answer = true;
    QSignalSpy messages(&f.window.console().actions, &JobActions::message);
    QVERIFY(clickButtonFor(*f.page, "cancelBatchAction"));
    QTRY_COMPARE(f.cell(b.rowId, BatchRowsModel::State), QStringLiteral("Cancelled"));
    QTRY_COMPARE(f.cell(b.rowId, BatchRowsModel::Cancelled), QStringLiteral("3"));
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::Completion), QStringLiteral("noop · cancelled"));
    QVERIFY(!f.role(b.rowId, BatchRowsModel::Progress, JobRoles::ProgressRole).isValid()); // no bar
    QCOMPARE(f.cell(b.rowId, BatchRowsModel::Progress), QStringLiteral("0 of 3 ran"));
    QTRY_COMPARE(f.page->jobsModel()->jobAt(0).state, JobState::Cancelled);
    QVERIFY(!messages.isEmpty());
    QVERIFY2(messages.front().at(0).toString().contains(QLatin1String("Cancelled batch")), qPrintable(messages.front().at(0).toString()));
    QVERIFY(!f.page->findChild<QAction *>(QStringLiteral("cancelBatchAction"))->isEnabled());
}

QTEST_MAIN(TestBatches)
#include "tst_batches.moc"
