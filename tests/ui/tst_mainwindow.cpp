#include "JobTableModel.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "NewJobDialog.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

template <typename T>
T *child(const QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsTheDatabaseAndAnEmptyTable();
    void newJobDialogEnqueuesAJobThatRunsToTheEnd();
    void newJobDialogRejectsBadPayloads();
    void cancelsTheSelectedRunningJob();
    void pausesAndResumesTheRunner();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // window geometry goes to a test settings folder
}

void TestMainWindow::showsTheDatabaseAndAnEmptyTable()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Jobdeck — jobs.db"));

    auto *table = child<JobTableView>(window, "jobTable");
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(!table->emptyTitle().isEmpty());
    QVERIFY(!table->isSortingEnabled());
    QCOMPARE(table->selectionBehavior(), QAbstractItemView::SelectRows);
    QCOMPARE(table->model()->headerData(JobTableModel::StateColumn, Qt::Horizontal).toString(), QStringLiteral("State"));
    QVERIFY(table->itemDelegateForColumn(JobTableModel::ProgressColumn));

    h.engine->start();
    auto *workers = child<QLabel>(window, "workersLabel");
    QVERIFY(workers);
    QTRY_VERIFY(workers->text().contains(QLatin1String("0/2")));
    QVERIFY(child<QLabel>(window, "countsLabel"));
    QVERIFY(!child<QAction>(window, "cancelAction")->isEnabled()); // nothing selected
}

void TestMainWindow::newJobDialogEnqueuesAJobThatRunsToTheEnd()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();

    auto *newJob = child<QAction>(window, "newJobAction");
    QVERIFY(newJob);
    newJob->trigger();
    NewJobDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<NewJobDialog *>(QStringLiteral("newJobDialog"))) != nullptr);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(window.newJobDialog(), dialog);

    auto *kind = child<QComboBox>(*dialog, "kindCombo");
    auto *payload = child<QPlainTextEdit>(*dialog, "payloadEdit");
    auto *queue = child<QLineEdit>(*dialog, "queueEdit");
    auto *priority = child<QSpinBox>(*dialog, "prioritySpin");
    auto *buttons = child<QDialogButtonBox>(*dialog, "buttonBox");
    QVERIFY(kind && payload && queue && priority && buttons);
    QVERIFY(kind->findText(QStringLiteral("sleep")) >= 0);
    kind->setCurrentText(QStringLiteral("sleep"));
    payload->setPlainText(QStringLiteral("{\"ms\":1500}"));
    queue->setText(QStringLiteral("reports"));
    priority->setValue(3);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!window.newJobDialog()); // closed and deleted

    auto *table = child<JobTableView>(window, "jobTable");
    const QAbstractItemModel &model = *table->model();
    QTRY_COMPARE(model.rowCount(), 1);
    const qint64 id = model.index(0, 0).data(JobRoles::JobIdRole).toLongLong();
    QCOMPARE(model.index(0, JobTableModel::KindColumn).data().toString(), QStringLiteral("sleep"));
    QCOMPARE(model.index(0, JobTableModel::QueueColumn).data().toString(), QStringLiteral("reports"));
    QCOMPARE(window.jobModel()->jobAt(0).priority, 3);
    QCOMPARE(window.jobModel()->jobAt(0).payload, QByteArrayLiteral("{\"ms\":1500}"));
    // The new job is selected for the user.
    QTRY_COMPARE(window.selectedJobIds(), QList<qint64>{id});

    QTRY_VERIFY_WITH_TIMEOUT(stateIn(model, id) == QLatin1String("running") && progressIn(model, id) > 0, 10'000);
    QCOMPARE(model.index(0, JobTableModel::StateColumn).data().toString(), QStringLiteral("running"));
    QVERIFY(child<QAction>(window, "cancelAction")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("succeeded"), 15'000);
    QCOMPARE(model.index(0, JobTableModel::StateColumn).data().toString(), QStringLiteral("succeeded"));
    QTRY_VERIFY(!child<QAction>(window, "cancelAction")->isEnabled()); // a finished job cannot be cancelled
}

void TestMainWindow::newJobDialogRejectsBadPayloads()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    NewJobDialog *dialog = window.openNewJobDialog();
    QVERIFY(dialog);
    QCOMPARE(window.openNewJobDialog(), dialog); // one at a time

    auto *kind = child<QComboBox>(*dialog, "kindCombo");
    auto *payload = child<QPlainTextEdit>(*dialog, "payloadEdit");
    auto *error = child<QLabel>(*dialog, "payloadError");
    QPushButton *ok = child<QDialogButtonBox>(*dialog, "buttonBox")->button(QDialogButtonBox::Ok);
    kind->setCurrentText(QStringLiteral("sleep"));

    payload->setPlainText(QStringLiteral("{\"ms\": 15"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QLatin1String("JSON")), qPrintable(error->text()));

    payload->setPlainText(QStringLiteral("[1, 2]"));
    QVERIFY(!ok->isEnabled());

    payload->setPlainText(QStringLiteral("{\"ms\": -5}")); // valid JSON, refused by the sleep handler
    QVERIFY(!ok->isEnabled());
    QVERIFY2(error->text().contains(QLatin1String("ms")), qPrintable(error->text()));

    payload->setPlainText(QStringLiteral("{\"ms\": 5}"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!error->isVisible());

    child<QLineEdit>(*dialog, "queueEdit")->clear();
    QVERIFY(!ok->isEnabled());

    // Cancel enqueues nothing.
    dialog->reject();
    QTRY_VERIFY(!window.newJobDialog());
    h.store->flush();
    QCOMPARE(h.store->openReader()->stats().byState.value(QStringLiteral("queued")), 0);
}

void TestMainWindow::cancelsTheSelectedRunningJob()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();

    const qint64 other = h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}}));
    const qint64 id = h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}}));
    auto *table = child<JobTableView>(window, "jobTable");
    const QAbstractItemModel &model = *table->model();
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("running"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, other), QStringLiteral("running"), 10'000);

    auto *cancel = child<QAction>(window, "cancelAction");
    QVERIFY(!cancel->isEnabled());
    table->selectRow(rowOf(model, id));
    QCOMPARE(window.selectedJobIds(), QList<qint64>{id});
    QVERIFY(cancel->isEnabled());
    cancel->trigger();

    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("cancelled"), 10'000);
    QCOMPARE(model.index(rowOf(model, id), JobTableModel::StateColumn).data().toString(), QStringLiteral("cancelled"));
    QTRY_VERIFY(!cancel->isEnabled());
    QCOMPARE(stateIn(model, other), QStringLiteral("running")); // only the selected job
    QTRY_VERIFY(child<QLabel>(window, "workersLabel")->text().contains(QLatin1String("1/2")));
}

void TestMainWindow::pausesAndResumesTheRunner()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();

    auto *pause = child<QAction>(window, "pauseAction");
    auto *runner = child<QLabel>(window, "runnerStateLabel");
    QVERIFY(pause && runner);
    QVERIFY(!pause->isChecked());
    pause->trigger();
    QVERIFY(h.engine->isPaused());
    QVERIFY(pause->isChecked());
    QVERIFY(runner->text().contains(QLatin1String("paused")));
    QCOMPARE(pause->text(), QStringLiteral("Resume runner"));

    // While paused a job waits; resuming runs it.
    const qint64 id = h.enqueue(makeSpec(QStringLiteral("noop")));
    const QAbstractItemModel &model = *window.jobModel();
    QTRY_COMPARE(stateIn(model, id), QStringLiteral("queued"));
    QTRY_VERIFY(child<QLabel>(window, "countsLabel")->text().contains(QLatin1String("1 queued")));
    pause->trigger();
    QVERIFY(!h.engine->isPaused());
    QVERIFY(!pause->isChecked());
    QVERIFY(!runner->text().contains(QLatin1String("paused")));
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("succeeded"), 10'000);
    QTRY_VERIFY(child<QLabel>(window, "countsLabel")->text().contains(QLatin1String("0 queued")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
