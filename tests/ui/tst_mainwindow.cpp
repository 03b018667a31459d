// The console window driven as a user would, offscreen: pages and their shortcuts, a page added by another part
// of the window, the New job dialog to a job that runs with progress, cancel from the Running page, pause and
// workers in the toolbar, the Overview's tiles, the job details with log, attempts and state changes.

#include "JobTableModel.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "NewJobDialog.h"
#include "StateCounter.h"
#include "UiTestSupport.h"
#include "AppSettings.h"
#include "actions/JobActions.h"
#include "calendar/CalendarPage.h"
#include "dialogs/JobDetailsDialog.h"
#include "widgets/CallbackDeliveriesView.h"
#include "models/ActivitySeries.h"
#include "models/HealthMonitor.h"
#include "models/QueueSummaryModel.h"
#include "models/WaitingJobsModel.h"
#include "pages/HealthPage.h"
#include "pages/OverviewPage.h"
#include "pages/QueuePage.h"
#include "pages/RunningPage.h"
#include "shell/Navigator.h"
#include "widgets/ActivityChart.h"
#include "imaging/ThumbnailHandler.h"
#include "widgets/AttemptTimeline.h"
#include "widgets/ImagePreview.h"
#include "widgets/LogView.h"
#include "widgets/StatTile.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>
#include <QTextBlock>
#include <QTreeWidget>

using namespace jobdeck;
using namespace jobdeck::test;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsItsPagesAndOpensThemByShortcut();
    void anotherPageIsAddedWithOneCall();
    void readmeListsEveryShortcut();
    void newJobDialogEnqueuesAJobThatRunsWithProgress();
    void newJobDialogRejectsBadInput();
    void newJobDialogSchedulesForLater();
    void cancelsARunningJobFromTheRunningPage();
    void pausesTheRunnerAndChangesItsWorkers();
    void aScalingRunnerSaysSoUntilTheUserFixesItsWorkers();
    void overviewTilesCountAndOpenTheirPages();
    void jobDetailsShowLogAttemptsAndStateChanges();
    void jobDetailsPreviewAThumbnailAndLinkItsFiles();
    void jobDetailsShowTheCallbackAndItsDeliveries();
    void healthPageGivesTheVerdict();
    void healthVerdictFollowsPauseAndResumeAtOnce();
};

void TestMainWindow::initTestCase()
{
    useOwnSettings();
}

void TestMainWindow::showsItsPagesAndOpensThemByShortcut()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Jobdeck — jobs.db"));
    auto *sidebar = child<QListWidget>(window, "sidebar");
    QVERIFY(sidebar);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.navigator()->pageIds(),
             (QStringList{QStringLiteral("overview"), QStringLiteral("running"), QStringLiteral("queue"),
                          QStringLiteral("history"), QStringLiteral("poison"), QStringLiteral("health"),
                          QStringLiteral("calendar"), QStringLiteral("schedules"), QStringLiteral("watches"),
                          QStringLiteral("batches"), QStringLiteral("pipelines")}));
    window.showPage(QStringLiteral("overview"));
    QTest::keyClick(&window, Qt::Key_8, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("schedules"));
    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("queue"));
    QCOMPARE(window.navigator()->pages()->currentWidget(), window.queuePage());
    QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("poison"));
    QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("batches"));
    // A click in the sidebar does the same.
    const QRect healthRow = sidebar->visualItemRect(sidebar->item(5));
    QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, healthRow.center());
    QCOMPARE(window.currentPage(), QStringLiteral("health"));
    // No runner yet: the list of runners says so instead of showing an empty grid.
    QTRY_VERIFY(child<QLabel>(window, "noRunners")->isVisible());
    QVERIFY(!child<QTreeWidget>(window, "runnersList")->isVisible());
    h.engine->start();
    auto *workers = child<QLabel>(window, "workersLabel");
    QTRY_VERIFY(workers->text().contains(QLatin1String("0/2")));
    window.healthMonitor()->checkNow();
    QTRY_VERIFY(child<QTreeWidget>(window, "runnersList")->isVisible());
    QVERIFY(!child<QLabel>(window, "noRunners")->isVisible());
    auto *running = child<JobTableView>(window, "runningTable");
    QVERIFY(running && !running->emptyTitle().isEmpty());
    // Empty tables explain themselves in a paragraph wrapped to the width there is, never broken by hand.
    int empty = 0;
    for (const JobTableView *table : window.findChildren<JobTableView *>()) {
        if (table->emptyTitle().isEmpty())
            continue;
        ++empty;
        QVERIFY2(!table->emptyHint().contains(u'\n'), qPrintable(table->emptyHint()));
    }
    QVERIFY(empty >= 3);
}

void TestMainWindow::anotherPageIsAddedWithOneCall()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    auto *notes = new QLabel(QStringLiteral("notes"));
    QCOMPARE(window.addPage(QStringLiteral("notes"), QStringLiteral("Notes"), QStringLiteral("details"), notes), 11);
    QCOMPARE(window.navigator()->pageIds().size(), 12);
    QCOMPARE(notes->objectName(), QStringLiteral("notesPage"));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_9, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("watches"));
    window.showPage(QStringLiteral("notes"));
    QCOMPARE(window.navigator()->pages()->currentWidget(), notes);
    window.navigator()->setBadge(QStringLiteral("notes"), QStringLiteral("3"));
    QCOMPARE(window.navigator()->badge(QStringLiteral("notes")), QStringLiteral("3"));
    // The calendar is one of the window's pages, opened by its shortcut.
    QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("calendar"));
    QVERIFY(qobject_cast<CalendarPage *>(window.navigator()->pages()->currentWidget()));
}

void TestMainWindow::readmeListsEveryShortcut()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    QFile readme(QStringLiteral(JOBDECK_README));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    const qsizetype start = text.indexOf(QLatin1String("**Shortcuts**"));
    QVERIFY(start > 0);
    const QString table = text.mid(start, text.indexOf(QLatin1String("\n\n**"), start) - start);
    // As the README writes keys: "Ctrl+Enter", "Delete".
    const auto written = [](const QKeySequence &keys) {
        return keys.toString(QKeySequence::PortableText)
            .replace(QLatin1String("Return"), QLatin1String("Enter"))
            .replace(QLatin1String("Del"), QLatin1String("Delete"));
    };
    QStringList keys;
    for (const QAction *action : window.findChildren<QAction *>()) {
        for (const QKeySequence &shortcut : action->shortcuts())
            keys << written(shortcut);
    }
    QVERIFY(keys.size() >= 15);
    for (const QString &key : keys)
        QVERIFY2(table.contains(u'|' + key) || table.contains(u' ' + key + u' ') || table.contains(u' ' + key + u','),
                 qPrintable(key));
    // The pages open with Ctrl and their place in the sidebar.
    const qsizetype count = window.navigator()->pageIds().size();
    const QString pages = count >= 10 ? QStringLiteral("Ctrl+1 … Ctrl+9, Ctrl+0") : QStringLiteral("Ctrl+1 … Ctrl+%1").arg(count);
    QVERIFY2(table.contains(pages), qPrintable(pages));
}

void TestMainWindow::newJobDialogEnqueuesAJobThatRunsWithProgress()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();

    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    NewJobDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<NewJobDialog *>(QStringLiteral("newJobDialog"))) != nullptr);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(window.newJobDialog(), dialog);

    auto *kind = child<QComboBox>(*dialog, "kindCombo");
    auto *payload = child<QPlainTextEdit>(*dialog, "payloadEdit");
    auto *queue = child<QLineEdit>(*dialog, "queueEdit");
    auto *priority = child<QSpinBox>(*dialog, "prioritySpin");
    auto *attempts = child<QSpinBox>(*dialog, "attemptsSpin");
    auto *timeout = child<QLineEdit>(*dialog, "timeoutEdit");
    auto *buttons = child<QDialogButtonBox>(*dialog, "buttonBox");
    QVERIFY(kind && payload && queue && priority && attempts && timeout && buttons);
    QVERIFY(kind->findText(QStringLiteral("checksum")) >= 0); // every kind the runner knows
    kind->setCurrentText(QStringLiteral("sleep"));
    payload->setPlainText(QStringLiteral("{\"ms\": 1500}"));
    queue->clear();
    QTest::keyClicks(queue, QStringLiteral("reports"));
    priority->setValue(3);
    attempts->setValue(2);
    QTest::keyClicks(timeout, QStringLiteral("1m"));
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!window.newJobDialog()); // closed and deleted

    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPage(), QStringLiteral("running"));
    JobTableModel &running = *window.runningPage()->model();
    QTRY_COMPARE_WITH_TIMEOUT(running.rowCount(), 1, 10'000);
    const qint64 id = running.jobIdAt(0);
    const JobRecord &job = running.jobAt(0);
    QCOMPARE(job.kind, QStringLiteral("sleep"));
    QCOMPARE(job.queue, QStringLiteral("reports"));
    QCOMPARE(job.priority, 3);
    QCOMPARE(job.maxAttempts, 2);
    QCOMPARE(job.timeoutMs, 60'000);
    QCOMPARE(job.payload, QByteArrayLiteral("{\"ms\":1500}"));
    QTRY_VERIFY_WITH_TIMEOUT(progressIn(running, id) > 0, 10'000);
    const int progressColumn = running.columnOf(JobColumn::Progress);
    QVERIFY(running.index(0, progressColumn).data().toString().endsWith(u'%'));
    QVERIFY(!running.index(0, running.columnOf(JobColumn::Elapsed)).data().toString().isEmpty());
    QVERIFY(!running.index(0, running.columnOf(JobColumn::Worker)).data().toString().isEmpty());
    // Finished, it leaves the Running page and counts as succeeded.
    QTRY_COMPARE_WITH_TIMEOUT(running.rowCount(), 0, 15'000);
    QTRY_COMPARE(window.console().counts.count(JobState::Succeeded), 1);
    QCOMPARE(h.store->openReader()->job(id)->state, JobState::Succeeded);
}

void TestMainWindow::newJobDialogRejectsBadInput()
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
    auto *timeout = child<QLineEdit>(*dialog, "timeoutEdit");
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

    QTest::keyClicks(timeout, QStringLiteral("soon"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(child<QLabel>(*dialog, "formError")->text().contains(QLatin1String("duration")));
    timeout->clear();
    QVERIFY(ok->isEnabled());
    child<QLineEdit>(*dialog, "queueEdit")->clear();
    QVERIFY(!ok->isEnabled());

    // Cancel enqueues nothing.
    dialog->reject();
    QTRY_VERIFY(!window.newJobDialog());
    h.store->flush();
    QCOMPARE(h.store->openReader()->stats().byState.value(QStringLiteral("queued")), 0);
}

void TestMainWindow::newJobDialogSchedulesForLater()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    NewJobDialog *dialog = window.openNewJobDialog();
    child<QComboBox>(*dialog, "kindCombo")->setCurrentText(QStringLiteral("noop"));
    QTest::mouseClick(child<QCheckBox>(*dialog, "runLaterCheck"), Qt::LeftButton);
    QVERIFY(child<QDateTimeEdit>(*dialog, "runAtEdit")->isEnabled());
    const QDateTime later = QDateTime::currentDateTime().addSecs(2 * 3600);
    child<QDateTimeEdit>(*dialog, "runAtEdit")->setDateTime(later);
    QTest::mouseClick(child<QDialogButtonBox>(*dialog, "buttonBox")->button(QDialogButtonBox::Ok), Qt::LeftButton);

    window.showPage(QStringLiteral("queue"));
    WaitingJobsModel &waiting = *window.queuePage()->waiting();
    QTRY_COMPARE_WITH_TIMEOUT(waiting.rowCount(), 1, 10'000);
    QCOMPARE(waiting.jobAt(0).state, JobState::Scheduled);
    QVERIFY(qAbs(waiting.jobAt(0).runAtMs - later.toMSecsSinceEpoch()) < 60'000);
    QTRY_COMPARE(window.console().counts.count(JobState::Scheduled), 1);
}

void TestMainWindow::cancelsARunningJobFromTheRunningPage()
{
    EngineHarness h(3);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    AppSettings::forgetConfirmations();
    QList<Confirmation> asked;
    bool answer = false;
    window.console().actions.setPrompt([&asked, &answer](const Confirmation &question) {
        asked << question;
        return ConfirmAnswer{answer, false};
    });
    h.engine->start();
    window.showPage(QStringLiteral("running"));

    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids << h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}}));
    const qint64 id = ids[0];
    auto *table = child<JobTableView>(window, "runningTable");
    const QAbstractItemModel &model = *table->model();
    for (const qint64 each : ids)
        QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, each), QStringLiteral("running"), 10'000);

    RunningPage &page = *window.runningPage();
    QVERIFY(!clickButtonFor(page, "cancelRunningAction")); // nothing selected: disabled
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(rowOf(model, id), 1)).center());
    QCOMPARE(page.selectedIds(), QList<qint64>{id});
    // Asked first, naming the job; "No" leaves it running.
    QVERIFY(clickButtonFor(page, "cancelRunningAction"));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, ConfirmKind::CancelRunning);
    QCOMPARE(asked[0].count, 1);
    QVERIFY2(asked[0].question.contains(QString::number(id)), qPrintable(asked[0].question));
    QCOMPARE(h.store->openReader()->job(id)->state, JobState::Running);
    QVERIFY(!h.store->openReader()->job(id)->cancelRequested);
    answer = true;
    QVERIFY(clickButtonFor(page, "cancelRunningAction"));
    QCOMPARE(asked.size(), 2);

    QTRY_COMPARE_WITH_TIMEOUT(rowOf(model, id), -1, 10'000); // no longer running
    QCOMPARE(h.store->openReader()->job(id)->state, JobState::Cancelled);
    QCOMPARE(stateIn(model, ids[1]), QStringLiteral("running")); // only the selected job
    // Delete with the two others selected asks once, for both, and cancels them.
    selectJobs(*table, {ids[1], ids[2]});
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(asked.size(), 3);
    QCOMPARE(asked[2].count, 2);
    QVERIFY2(asked[2].question.contains(QLatin1String("2 running jobs")), qPrintable(asked[2].question));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 10'000);
    QTRY_VERIFY(child<QLabel>(window, "workersLabel")->text().contains(QLatin1String("0/3")));
}

void TestMainWindow::pausesTheRunnerAndChangesItsWorkers()
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
    QTRY_VERIFY(child<QLabel>(window, "countsLabel")->text().contains(QLatin1String("1 queued")));
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!h.engine->isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(id)->state, JobState::Succeeded, 10'000);
    QTRY_VERIFY(child<QLabel>(window, "countsLabel")->text().contains(QLatin1String("0 queued")));

    auto *workers = child<QSpinBox>(window, "workersSpin");
    QVERIFY(workers->isEnabled());
    workers->setValue(3);
    QCOMPARE(h.engine->workers(), 3);
    QTRY_VERIFY(child<QLabel>(window, "workersLabel")->text().contains(QLatin1String("/3")));
}

void TestMainWindow::aScalingRunnerSaysSoUntilTheUserFixesItsWorkers()
{
    EngineHarness h(1);
    EngineOptions options;
    options.workers = 1;
    options.maxWorkers = 4;
    h.engine = std::make_unique<Engine>(*h.store, h.handlers, options);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    auto *workers = child<QSpinBox>(window, "workersSpin");
    QVERIFY2(workers->toolTip().contains(QLatin1String("between 1 and 4")), qPrintable(workers->toolTip()));
    window.showPage(QStringLiteral("running"));
    auto *running = child<QLabel>(*window.runningPage(), "pageSubtitle");
    QTRY_VERIFY2(running->text().contains(QLatin1String("scaling between 1 and 4")), qPrintable(running->text()));

    workers->setValue(2);
    QVERIFY(h.engine->workerRange().isFixed());
    QVERIFY2(!workers->toolTip().contains(QLatin1String("between")), qPrintable(workers->toolTip()));
    QTRY_VERIFY2(!running->text().contains(QLatin1String("scaling")), qPrintable(running->text()));
}

void TestMainWindow::overviewTilesCountAndOpenTheirPages()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    h.engine->setPaused(true);
    for (int i = 0; i < 3; ++i)
        h.enqueue(makeSpec(QStringLiteral("noop")));
    JobSpec poison = makeSpec(QStringLiteral("fail"), {{QStringLiteral("retryable"), false}});
    poison.maxAttempts = 1;
    h.engine->setPaused(false);
    h.enqueue(poison);
    window.showPage(QStringLiteral("overview"));
    OverviewPage &overview = *window.overviewPage();
    QTRY_COMPARE_WITH_TIMEOUT(overview.tile(QStringLiteral("dead"))->value(), QStringLiteral("1"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(overview.tile(QStringLiteral("queued"))->value(), QStringLiteral("0"), 10'000);
    overview.series()->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(overview.tile(QStringLiteral("succeeded"))->value(), QStringLiteral("3"), 10'000);
    QTRY_COMPARE(overview.tile(QStringLiteral("failed"))->value(), QStringLiteral("1"));
    // The chart shows the same jobs (in whichever minutes they fell).
    const QList<QPointF> succeeded = overview.throughputChart()->points(0);
    const QList<QPointF> all = overview.throughputChart()->points(1); // failed stacked on succeeded
    QCOMPARE(succeeded.size(), ActivitySeries::kMinutes);
    double succeededSum = 0;
    double allSum = 0;
    for (int i = 0; i < succeeded.size(); ++i) {
        succeededSum += succeeded[i].y();
        allSum += all[i].y();
    }
    QCOMPARE(succeededSum, 3.0);
    QCOMPARE(allSum, 4.0);

    auto *poisonTile = child<StatTile>(window, "deadTile");
    QTest::mouseClick(poisonTile, Qt::LeftButton);
    QCOMPARE(window.currentPage(), QStringLiteral("poison"));
    window.showPage(QStringLiteral("overview"));
    QTest::mouseClick(child<StatTile>(window, "queuedTile"), Qt::LeftButton);
    QCOMPARE(window.currentPage(), QStringLiteral("queue"));
    window.showPage(QStringLiteral("overview"));
    QTest::mouseClick(child<StatTile>(window, "succeededTile"), Qt::LeftButton);
    QCOMPARE(window.currentPage(), QStringLiteral("history"));
    QCOMPARE(child<QComboBox>(window, "historyStateFilter")->currentText(), QStringLiteral("succeeded only"));
    QCOMPARE(window.navigator()->badge(QStringLiteral("poison")), QStringLiteral("1"));
}

void TestMainWindow::jobDetailsShowLogAttemptsAndStateChanges()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    const QString script = h.dir.filePath(QStringLiteral("talk.sh"));
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("echo first line\necho 'a problem' >&2\necho '##jobdeck[progress] 0.5 halfway'\nsleep 30\n");
    file.close();
    JobSpec spec = makeSpec(QStringLiteral("process"), {{QStringLiteral("program"), script}});
    const qint64 id = h.enqueue(spec);
    window.showPage(QStringLiteral("running"));
    JobTableModel &running = *window.runningPage()->model();
    QTRY_COMPARE_WITH_TIMEOUT(running.rowCount(), 1, 10'000);

    // Enter on the row opens the details.
    auto *table = child<JobTableView>(window, "runningTable");
    table->setFocus();
    table->setCurrentIndex(running.index(0, 0));
    QTest::keyClick(table, Qt::Key_Return);
    JobDetailsDialog *details = nullptr;
    QTRY_VERIFY((details = window.jobDetails(id)) != nullptr);
    QTRY_VERIFY(details->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(details->log()->lineCount(), 2, 10'000);
    const QTextBlock first = details->log()->document()->firstBlock();
    QVERIFY2(first.text().contains(QLatin1String("INFO  first line")), qPrintable(first.text()));
    QVERIFY2(first.next().text().contains(QLatin1String("ERROR a problem")), qPrintable(first.next().text()));
    // ERROR lines are coloured apart from INFO lines.
    const auto colourAt = [](const QTextBlock &block, const QString &word) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (it.fragment().text().contains(word))
                return it.fragment().charFormat().foreground().color();
        }
        return QColor();
    };
    QVERIFY(colourAt(first.next(), QStringLiteral("a problem")) != colourAt(first, QStringLiteral("first line")));
    QCOMPARE(details->timeline()->attemptCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(*details, "detailsState")->text() == QLatin1String("running"), 5'000);

    // Cancel asks first here too, about this one job.
    AppSettings::forgetConfirmations();
    QList<Confirmation> asked;
    window.console().actions.setPrompt([&asked](const Confirmation &question) {
        asked << question;
        return ConfirmAnswer{true, false};
    });
    QTest::mouseClick(child<QPushButton>(*details, "detailsCancel"), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, ConfirmKind::CancelRunning);
    QCOMPARE(asked[0].count, 1);
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(*details, "detailsState")->text(), QStringLiteral("cancelled"), 15'000);
    QTreeWidget *changes = details->stateChanges();
    QTRY_VERIFY(changes->topLevelItemCount() >= 3);
    QCOMPARE(changes->topLevelItem(0)->text(1), QStringLiteral("created queued"));
    QCOMPARE(changes->topLevelItem(changes->topLevelItemCount() - 1)->text(1), QStringLiteral("running → cancelled"));
    QVERIFY(changes->topLevelItem(changes->topLevelItemCount() - 1)->text(2).contains(QLatin1String("cancel")));
    QCOMPARE(window.openJobDetails(id), details); // one window per job
    details->close();
    QTRY_VERIFY(!window.jobDetails(id));
}

void TestMainWindow::jobDetailsPreviewAThumbnailAndLinkItsFiles()
{
    EngineHarness h(1, [](HandlerRegistry &handlers) { handlers.add(std::make_unique<ThumbnailHandler>()); });
    MainWindow window(*h.engine);
    window.show();
    QList<QUrl> opened;
    window.console().actions.setOpener([&opened](const QUrl &url) { opened << url; });
    h.engine->start();
    const QString photo = h.dir.filePath(QStringLiteral("photo.png"));
    QImage image(800, 600, QImage::Format_RGB32);
    image.fill(QColor(40, 120, 200));
    QVERIFY(image.save(photo));
    const QString thumbs = h.dir.filePath(QStringLiteral("thumbs"));
    const qint64 id = h.enqueue(makeSpec(QStringLiteral("thumbnail"), {{QStringLiteral("path"), photo},
                                                                        {QStringLiteral("size"), 128},
                                                                        {QStringLiteral("out_dir"), thumbs}}));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(id)->state, JobState::Succeeded, 10'000);
    const QString thumbnail = QJsonDocument::fromJson(h.store->openReader()->job(id)->result).object()
                                  .value(QLatin1String("thumbnail")).toString();
    QVERIFY(QFileInfo::exists(thumbnail));

    JobDetailsDialog *details = window.openJobDetails(id);
    QVERIFY(details);
    // The job is read on the read thread and its image on a worker: the dialog opens without them and shows them
    // when they are in.
    ImagePreview &preview = *details->preview();
    QTRY_VERIFY(preview.isVisible());
    QTRY_VERIFY(preview.hasImage());
    const QPixmap shown = child<QLabel>(preview, "previewImage")->pixmap();
    QCOMPARE(shown.deviceIndependentSize().toSize(), QSize(128, 96));
    QTest::mouseClick(child<QPushButton>(preview, "previewOpen"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(preview, "previewShowInFolder"), Qt::LeftButton);
    QCOMPARE(opened, (QList<QUrl>{QUrl::fromLocalFile(thumbnail), QUrl::fromLocalFile(thumbs)}));

    // The input and the output are links among the facts; the input's opens it.
    const QString facts = details->facts()->text();
    const QString input = QUrl::fromLocalFile(photo).toString(QUrl::FullyEncoded);
    QVERIFY2(facts.contains(QStringLiteral("href=\"%1\"").arg(input)), qPrintable(facts));
    QVERIFY2(facts.contains(QStringLiteral("href=\"%1\"").arg(QUrl::fromLocalFile(thumbnail).toString(QUrl::FullyEncoded))),
             qPrintable(facts));
    QVERIFY(facts.contains(QLatin1String(">Input<")) && facts.contains(QLatin1String(">Output<")));
    Q_EMIT details->facts()->linkActivated(input);
    QCOMPARE(opened.last(), QUrl::fromLocalFile(photo));
    details->close();

    // A job over files that made none: its input is linked, and there is nothing to preview.
    const qint64 sum = h.enqueue(makeSpec(QStringLiteral("checksum"), {{QStringLiteral("paths"), QJsonArray{photo}}}));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(sum)->state, JobState::Succeeded, 10'000);
    JobDetailsDialog *checksum = window.openJobDetails(sum);
    QTRY_VERIFY(checksum->job().has_value());
    QVERIFY2(checksum->facts()->text().contains(QStringLiteral("href=\"%1\"").arg(input)), qPrintable(checksum->facts()->text()));
    QVERIFY(!checksum->preview()->isVisible());
    // A file that has gone is said so, not handed to the desktop.
    QFile::remove(photo);
    const int before = int(opened.size());
    Q_EMIT checksum->facts()->linkActivated(input);
    QCOMPARE(int(opened.size()), before);
}

void TestMainWindow::jobDetailsShowTheCallbackAndItsDeliveries()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    // A port nothing listens on: the POST is refused, so the delivery waits for its next try.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        closedPort = probe.serverPort();
    }
    JobSpec spec = makeSpec(QStringLiteral("noop"));
    spec.callbackUrl = QStringLiteral("http://bot:s3cret@127.0.0.1:%1/done").arg(closedPort);
    const qint64 id = h.enqueue(spec);
    const qint64 plain = h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(id)->state, JobState::Succeeded, 10'000);

    JobDetailsDialog *details = window.openJobDetails(id);
    CallbackDeliveriesView *callback = details->callback();
    const int tab = details->tabs()->indexOf(callback);
    QTRY_VERIFY(details->tabs()->isTabVisible(tab));
    const QString masked = QStringLiteral("http://***@127.0.0.1:%1/done").arg(closedPort);
    QVERIFY2(child<QLabel>(*callback, "callbackUrl")->text().contains(masked), qPrintable(child<QLabel>(*callback, "callbackUrl")->text()));
    QVERIFY(details->facts()->text().contains(masked));
    QVERIFY(!details->facts()->text().contains(QLatin1String("s3cret")));
    // The attempt appears once it is recorded (a delivery pending is read again until it ends).
    QTRY_COMPARE_WITH_TIMEOUT(callback->tree()->topLevelItemCount(), 1, 15'000);
    QTRY_VERIFY(!callback->tree()->topLevelItem(0)->text(5).isEmpty());
    const QTreeWidgetItem *attempt = callback->tree()->topLevelItem(0);
    QCOMPARE(attempt->text(1), QStringLiteral("1"));
    QCOMPARE(attempt->text(3), QStringLiteral("none")); // no HTTP answer
    QVERIFY(!attempt->text(4).isEmpty());               // the next try
    QCOMPARE(details->tabs()->tabText(tab), QStringLiteral("Callback (1)"));
    details->close();

    // A job without a callback has no such tab.
    JobDetailsDialog *other = window.openJobDetails(plain);
    QTRY_VERIFY(other->job().has_value());
    QVERIFY(!other->tabs()->isTabVisible(other->tabs()->indexOf(other->callback())));
}

void TestMainWindow::healthPageGivesTheVerdict()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    window.showPage(QStringLiteral("health"));
    HealthPage &page = *window.healthPage();
    QTRY_COMPARE_WITH_TIMEOUT(page.statusLabel()->text(), QStringLiteral("Healthy"), 10'000);
    h.engine->setPaused(true);
    h.enqueue(makeSpec(QStringLiteral("noop")));
    window.healthMonitor()->checkNow();
    QTRY_COMPARE_WITH_TIMEOUT(page.statusLabel()->text(), QStringLiteral("Degraded"), 10'000);
    QVERIFY2(page.reasonsLabel()->text().contains(QLatin1String("paused")), qPrintable(page.reasonsLabel()->text()));
    QCOMPARE(window.navigator()->badge(QStringLiteral("health")), QStringLiteral("!"));
    QVERIFY(child<QTreeWidget>(window, "runnersList")->topLevelItemCount() == 1);
}

void TestMainWindow::healthVerdictFollowsPauseAndResumeAtOnce()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    window.healthMonitor()->setIntervalMs(0); // no periodic check: only what Pause and Resume cause
    window.showPage(QStringLiteral("health"));
    HealthPage &page = *window.healthPage();
    // A job held in a paused queue stays queued without holding up the runner.
    QueueSummaryModel &queues = *window.queuePage()->queues();
    queues.setPaused(QStringLiteral("held"), true);
    QTRY_VERIFY(queues.rowOfQueue(QStringLiteral("held")) > 0);
    h.enqueue(makeSpec(QStringLiteral("noop"), {}, QStringLiteral("held")));
    window.healthMonitor()->checkNow();
    QTRY_COMPARE(window.healthMonitor()->report().queued, 1);
    QCOMPARE(page.statusLabel()->text(), QStringLiteral("Healthy"));
    QVERIFY2(page.reasonsLabel()->text().contains(QLatin1String("All checks pass")), qPrintable(page.reasonsLabel()->text()));
    QVERIFY2(!page.reasonsLabel()->text().contains(QLatin1String("rare")), qPrintable(page.reasonsLabel()->text()));
    QCOMPARE(page.failuresLabel()->text(), QStringLiteral("—")); // no attempt yet: no rate to show

    QSignalSpy checked(window.healthMonitor(), &HealthMonitor::reportChanged);
    child<QAction>(window, "pauseAction")->trigger();
    QTRY_COMPARE(page.statusLabel()->text(), QStringLiteral("Degraded"));
    QVERIFY2(page.reasonsLabel()->text().contains(QLatin1String("Runners are paused: 1 job queued")),
             qPrintable(page.reasonsLabel()->text()));
    child<QAction>(window, "pauseAction")->trigger();
    QTRY_COMPARE(page.statusLabel()->text(), QStringLiteral("Healthy"));
    QVERIFY(checked.count() >= 2);
    // The disk is a figure of its own, named as the disk's.
    QVERIFY(!child<QLabel>(window, "healthDiskFree")->text().isEmpty());
    QVERIFY2(child<QLabel>(window, "healthDiskText")->text().startsWith(QLatin1String("free of ")),
             qPrintable(child<QLabel>(window, "healthDiskText")->text()));
    QVERIFY(child<QLabel>(window, "healthDiskText")->text().contains(QLatin1String("database's disk")));
    QVERIFY(!child<QLabel>(window, "healthDatabase")->parentWidget()->isAncestorOf(child<QLabel>(window, "healthDiskFree")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
