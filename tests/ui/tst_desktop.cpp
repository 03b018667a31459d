// The window on the desktop: files and folders dropped on it become jobs (a simulated drop through real drag
// events, the chooser, problems reported, a choice remembered per file type, 10,000 files in one transaction),
// the tray's states and poison notification, and the window as a console over another process's runner.

#include "AppSettings.h"
#include "JobTableModel.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "StateCounter.h"
#include "UiTestSupport.h"
#include "Console.h"
#include "actions/JobActions.h"
#include "desktop/DropController.h"
#include "desktop/DropDialog.h"
#include "desktop/TrayController.h"
#include "models/HealthMonitor.h"
#include "pages/RunningPage.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestDesktop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useOwnSettings(); }
    void init() { AppSettings::forgetDropChoices(); }
    void aDropOfFilesAndFoldersCreatesTheJobs();
    void aChoiceIsRememberedPerFileType();
    void tenThousandFilesNeedConfirmingAndGoInOneTransaction();
    void trayShowsIdleBusyAndProblemAndAnnouncesPoison();
    void consoleFollowsAndCommandsAnotherProcessRunner();
};

void TestDesktop::aDropOfFilesAndFoldersCreatesTheJobs()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString a = h.dir.filePath(QStringLiteral("in/a.txt"));
    const QString b = h.dir.filePath(QStringLiteral("in/b.csv"));
    const QString folder = h.dir.filePath(QStringLiteral("in/folder"));
    writeFile(a);
    writeFile(b);
    writeFile(folder + QStringLiteral("/one.log"));
    writeFile(folder + QStringLiteral("/deeper/two.log"));
    const QString missing = h.dir.filePath(QStringLiteral("in/gone.txt"));

    dropOn(window, {a, b, folder, missing});
    DropDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.drops()->dialog()) != nullptr);
    QVERIFY(child<QLabel>(*dialog, "dropSummary")->text().startsWith(QLatin1String("4 files from 1 folder")));
    const QString problems = child<QLabel>(*dialog, "dropProblems")->text();
    QVERIFY2(problems.contains(missing) && problems.contains(QLatin1String("does not exist")), qPrintable(problems));
    QVERIFY(!child<QCheckBox>(*dialog, "dropRemember")->isVisible()); // mixed file types
    choose(*dialog, QStringLiteral("checksum"));
    QPushButton *ok = child<QDialogButtonBox>(*dialog, "dropButtons")->button(QDialogButtonBox::Ok);
    QCOMPARE(ok->text(), QStringLiteral("Create 4 jobs"));
    QTest::mouseClick(ok, Qt::LeftButton);

    QTRY_COMPARE(int(allJobs(*h.store).size()), 4);
    QStringList paths;
    for (const JobRecord &j : allJobs(*h.store)) {
        QCOMPARE(j.kind, QStringLiteral("checksum"));
        QCOMPARE(j.queue, QStringLiteral("files"));
        paths << QJsonDocument::fromJson(j.payload).object().value(QLatin1String("paths")).toArray().first().toString();
    }
    paths.sort();
    QCOMPARE(paths, (QStringList{a, b, folder + QStringLiteral("/deeper/two.log"), folder + QStringLiteral("/one.log")}));
    // The missing file was reported, in the status bar too.
    QTRY_VERIFY(window.statusBar()->currentMessage().contains(QLatin1String("could not be used")));
}

void TestDesktop::aChoiceIsRememberedPerFileType()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    const QString first = h.dir.filePath(QStringLiteral("scripts/first.sh"));
    const QString second = h.dir.filePath(QStringLiteral("scripts/second.sh"));
    writeFile(first, "echo one\n");
    writeFile(second, "echo two\n");

    dropOn(window, {first});
    DropDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.drops()->dialog()) != nullptr);
    // Thumbnail suits no .sh file; running it as a script does.
    choose(*dialog, QStringLiteral("run"));
    auto *remember = child<QCheckBox>(*dialog, "dropRemember");
    QVERIFY(remember->isVisible());
    QVERIFY(remember->text().contains(QLatin1String(".sh")));
    remember->setChecked(true);
    // Counted from the first drop on: its report may reach the window after its job is in the database.
    QSignalSpy enqueued(window.drops(), &DropController::enqueued);
    QTest::mouseClick(child<QDialogButtonBox>(*dialog, "dropButtons")->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(enqueued.count(), 1, 10'000);
    QCOMPARE(int(allJobs(*h.store).size()), 1);
    QCOMPARE(AppSettings::dropChoice(QStringLiteral("sh")), QStringLiteral("run"));

    // The next .sh drop asks nothing.
    dropOn(window, {second});
    QTRY_COMPARE_WITH_TIMEOUT(enqueued.count(), 2, 10'000);
    QVERIFY(!window.drops()->dialog());
    QCOMPARE(enqueued.last().first().toInt(), 1);
    const std::vector<JobRecord> jobs = allJobs(*h.store);
    QCOMPARE(int(jobs.size()), 2);
    QCOMPARE(jobs.front().kind, QStringLiteral("process"));
    QCOMPARE(QJsonDocument::fromJson(jobs.front().payload).object().value(QLatin1String("program")).toString(), second);
}

void TestDesktop::tenThousandFilesNeedConfirmingAndGoInOneTransaction()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    const QString folder = h.dir.filePath(QStringLiteral("many"));
    QDir().mkpath(folder);
    for (int i = 0; i < 10'000; ++i) {
        QFile f(QStringLiteral("%1/file-%2.dat").arg(folder).arg(i, 5, 10, QLatin1Char('0')));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    // The folder is listed on another thread: the window keeps handling events meanwhile.
    int ticks = 0;
    QTimer probe;
    connect(&probe, &QTimer::timeout, this, [&ticks] { ++ticks; });
    probe.start(5);
    dropOn(window, {folder});
    QVERIFY(window.drops()->isExpanding());
    DropDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.drops()->dialog()) != nullptr, 30'000);
    QVERIFY(ticks > 0);
    QPushButton *ok = child<QDialogButtonBox>(*dialog, "dropButtons")->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // so many jobs are confirmed first
    auto *confirm = child<QCheckBox>(*dialog, "dropConfirm");
    QVERIFY(confirm->isVisible());
    confirm->setChecked(true);
    QVERIFY(ok->isEnabled());
    QCOMPARE(ok->text(), QStringLiteral("Create 10,000 jobs"));
    QSignalSpy enqueued(window.drops(), &DropController::enqueued);
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(enqueued.wait(60'000));
    QCOMPARE(enqueued.first().first().toInt(), 10'000);
    const std::vector<JobRecord> jobs = allJobs(*h.store);
    QCOMPARE(int(jobs.size()), 10'000);
    // One transaction: consecutive ids, one enqueue time.
    QCOMPARE(jobs.front().id - jobs.back().id, 9'999);
    QCOMPARE(jobs.front().createdAtMs, jobs.back().createdAtMs);
    QTRY_COMPARE(window.console().counts.count(JobState::Queued), 10'000);
}

void TestDesktop::trayShowsIdleBusyAndProblemAndAnnouncesPoison()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    TrayController tray(window, *h.engine, window.console().counts, *window.healthMonitor());
    window.show();
    h.engine->start();
    QTRY_COMPARE(tray.state(), TrayController::State::Idle);
    const qint64 id = h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 30'000}}));
    QTRY_COMPARE_WITH_TIMEOUT(tray.state(), TrayController::State::Busy, 10'000);
    QVERIFY2(tray.toolTip().contains(QLatin1String("1 running")), qPrintable(tray.toolTip()));
    h.engine->cancel(id);

    QSignalSpy notified(&tray, &TrayController::notified);
    JobSpec poison = makeSpec(QStringLiteral("fail"), {{QStringLiteral("message"), QStringLiteral("printer on fire")},
                                                       {QStringLiteral("retryable"), false}});
    poison.maxAttempts = 1;
    const qint64 dead = h.enqueue(poison);
    QVERIFY(notified.wait(10'000));
    QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Job %1 became poison").arg(dead));
    QVERIFY(tray.lastNotification().contains(QLatin1String("printer on fire")));

    h.engine->setPaused(true);
    h.enqueue(makeSpec(QStringLiteral("noop")));
    window.healthMonitor()->checkNow();
    QTRY_COMPARE_WITH_TIMEOUT(tray.state(), TrayController::State::Problem, 10'000);
    QVERIFY(tray.toolTip().contains(QLatin1String("paused")));
}

void TestDesktop::consoleFollowsAndCommandsAnotherProcessRunner()
{
    EngineHarness h(2); // its engine is the runner "of another process", on a store of its own
    auto consoleStore = SqliteStore::open(h.path);
    EngineOptions options;
    options.runsJobs = false;
    Engine console(*consoleStore, h.handlers, options);
    MainWindow window(console);
    window.show();
    console.start();
    h.engine->start();
    QVERIFY(!child<QSpinBox>(window, "workersSpin")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(window, "workersLabel")->text().contains(QLatin1String("/2 busy on 1 runner")), 15'000);

    const qint64 id = h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 60'000}}));
    window.showPage(QStringLiteral("running"));
    JobTableView &table = *window.runningPage()->table();
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(*table.model(), id), QStringLiteral("running"), 10'000);
    // Its progress arrives through the database (written once a second by the runner).
    QTRY_VERIFY_WITH_TIMEOUT(progressIn(*table.model(), id) > 0, 15'000);
    selectJobs(table, {id});
    window.console().actions.setPrompt([](const Confirmation &) { return ConfirmAnswer{true, false}; });
    QVERIFY(clickButtonFor(*window.runningPage(), "cancelRunningAction"));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(id)->state, JobState::Cancelled, 10'000);
    QTRY_COMPARE(rowOf(*table.model(), id), -1);

    // Pausing from the console pauses the runner.
    child<QAction>(window, "pauseAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(h.engine->isPaused(), 10'000);
    QVERIFY(child<QLabel>(window, "runnerStateLabel")->text().contains(QLatin1String("paused")));
    console.stopAndWait();
}

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"
