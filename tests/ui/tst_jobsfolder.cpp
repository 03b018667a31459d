// The jobs folder in the window: the Settings dialog sets the database's folder for the running runner, the drop
// chooser offers the triggered definitions (the file reaching the script as {"path": ...}) and follows their
// changes, the New job dialog starts a definition with its settings.job filled in, and a continuous job shows as
// one that runs until stopped.

#include "AppSettings.h"
#include "JobTableModel.h"
#include "MainWindow.h"
#include "NewJobDialog.h"
#include "calendar/JobPalette.h"
#include "UiTestSupport.h"
#include "definitions/DefinitionHandler.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "desktop/DropController.h"
#include "dialogs/SettingsDialog.h"
#include "pages/RunningPage.h"
#include "model/Duration.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

QStringList builtInKinds()
{
    HandlerRegistry registry;
    HandlerRegistry::addBuiltIns(registry);
    return registry.kinds();
}

// A runner with a jobs folder, as the window's host makes it: definitions, their handler, the folder, the window.
// Members go in reverse order of use: the window first, the definitions last.
struct FolderHarness {
    QTemporaryDir jobs;
    JobDefinitions definitions{builtInKinds()};
    EngineHarness h{1, [this](HandlerRegistry &r) { DefinitionHandler::addTo(r, definitions); }};
    JobsFolder folder{*h.engine, definitions};
    MainWindow window{*h.engine};

    FolderHarness()
    {
        // Prints the payload it got; the log shows it.
        writeFile(jobs.filePath(QStringLiteral("triggered/echo-path/run.sh")),
                  "#!/bin/sh\necho \"got $JOBDECK_PAYLOAD\"\n");
        writeFile(jobs.filePath(QStringLiteral("triggered/echo-path/settings.job")),
                  R"({"queue": "scripts", "priority": 3, "max_attempts": 2, "timeout": "90s"})");
        writeFile(jobs.filePath(QStringLiteral("triggered/broken/run.sh")), "#!/bin/sh\n");
        writeFile(jobs.filePath(QStringLiteral("triggered/broken/settings.job")), "{not json");
        window.setJobsFolder(folder, definitions);
        window.show();
    }

    JobRecord onlyJob()
    {
        const auto all = allJobs(*h.store);
        return all.size() == 1 ? all.front() : JobRecord();
    }

    QString log(qint64 id)
    {
        QStringList lines;
        for (const LogLine &line : h.store->openReader()->logTail(id, 20))
            lines << line.text;
        return lines.join(u'\n');
    }
};

SettingsDialog *openSettings(MainWindow &window)
{
    window.findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
    auto *dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"));
    return dialog && QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
}

} // namespace

class TestJobsFolder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useOwnSettings(); }
    void init() { AppSettings::forgetDropChoices(); }
    void settingsSetTheJobsFolderOfTheRunner();
    void aDropOffersTheTriggeredDefinitions();
    void newJobStartsADefinitionWithItsSettings();
    void aContinuousJobRunsWithoutABar();
    void theCalendarPaletteOffersTheDefinitions();
};

void TestJobsFolder::settingsSetTheJobsFolderOfTheRunner()
{
    FolderHarness f;
    SettingsDialog *dialog = openSettings(f.window);
    QVERIFY(dialog);
    auto *edit = child<QLineEdit>(*dialog, "jobsFolderSetting");
    auto *note = child<QLabel>(*dialog, "jobsFolderNote");
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(edit && note && ok);
    QCOMPARE(edit->text(), QString()); // none yet

    QTest::keyClicks(edit, f.jobs.filePath(QStringLiteral("nowhere")));
    QVERIFY2(note->text().contains(QLatin1String("There is no folder")), qPrintable(note->text()));
    QVERIFY(!ok->isEnabled());
    edit->clear();
    QTest::keyClicks(edit, f.jobs.path());
    QVERIFY(ok->isEnabled());
    QVERIFY2(note->text().contains(QLatin1String("switches")), qPrintable(note->text()));
    QTest::mouseClick(ok, Qt::LeftButton);

    // The running runner uses it at once, and the database remembers it for every process.
    QCOMPARE(f.definitions.folder(), f.jobs.path());
    QVERIFY(f.definitions.contains(QStringLiteral("echo-path")));
    QTRY_COMPARE(JobsFolder::remembered(*f.h.store->openReader()), f.jobs.path());

    QTRY_VERIFY(!f.window.findChild<SettingsDialog *>()); // closed and deleted
    dialog = openSettings(f.window);
    QVERIFY(dialog);
    QCOMPARE(child<QLineEdit>(*dialog, "jobsFolderSetting")->text(), f.jobs.path());
    const QString held = child<QLabel>(*dialog, "jobsFolderNote")->text();
    QVERIFY2(held.contains(QLatin1String("2 triggered and 0 continuous jobs")) && held.contains(QLatin1String("1 cannot run")),
             qPrintable(held));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!f.window.findChild<SettingsDialog *>());

    // A folder the database names that has gone away is reported, but the other settings can still be changed.
    const QString gone = f.jobs.filePath(QStringLiteral("gone"));
    QVERIFY(QDir().mkpath(gone));
    f.folder.setFolder(gone);
    QVERIFY(QDir(gone).removeRecursively());
    dialog = openSettings(f.window);
    QVERIFY(dialog);
    QCOMPARE(child<QLineEdit>(*dialog, "jobsFolderSetting")->text(), gone);
    QVERIFY(child<QLabel>(*dialog, "jobsFolderNote")->text().contains(QLatin1String("There is no folder")));
    QVERIFY(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    // Cleared, the database has no jobs folder any more.
    child<QLineEdit>(*dialog, "jobsFolderSetting")->clear();
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(f.definitions.folder(), QString());
    QTRY_COMPARE(JobsFolder::remembered(*f.h.store->openReader()), QString());
}

void TestJobsFolder::aDropOffersTheTriggeredDefinitions()
{
    FolderHarness f;
    f.folder.setFolder(f.jobs.path());
    QVERIFY(QTest::qWaitForWindowExposed(&f.window));
    f.h.engine->start();
    const QString file = f.h.dir.filePath(QStringLiteral("in/report.csv"));
    writeFile(file);

    dropOn(f.window, {file});
    DropDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = f.window.drops()->dialog()) != nullptr);
    auto *list = child<QListWidget>(*dialog, "dropChoices");
    QStringList offered;
    for (int row = 0; row < list->count(); ++row)
        offered << list->item(row)->data(Qt::UserRole).toString();
    QVERIFY2(offered.contains(QStringLiteral("checksum")) && offered.contains(QStringLiteral("definition:echo-path")),
             qPrintable(offered.join(u' ')));
    QVERIFY(!offered.contains(QStringLiteral("definition:broken"))); // it cannot run
    choose(*dialog, QStringLiteral("definition:echo-path"));
    child<QCheckBox>(*dialog, "dropRemember")->setChecked(true);
    QTest::mouseClick(child<QDialogButtonBox>(*dialog, "dropButtons")->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QTRY_COMPARE(int(allJobs(*f.h.store).size()), 1);
    JobRecord job = f.onlyJob();
    QCOMPARE(job.kind, QStringLiteral("echo-path"));
    QCOMPARE(job.queue, QStringLiteral("scripts")); // from its settings.job
    QCOMPARE(QJsonDocument::fromJson(job.payload).object(), (QJsonObject{{QStringLiteral("path"), file}}));
    QTRY_COMPARE_WITH_TIMEOUT(stateName(f.h.store->openReader()->job(job.id)->state), QStringLiteral("succeeded"), 20'000);
    const QString log = f.log(job.id);
    QVERIFY2(log.contains(QStringLiteral("got {\"path\":\"%1\"}").arg(file)), qPrintable(log));

    // A definition added to the folder is offered by the next drop; the remembered choice still applies to .csv.
    writeFile(f.jobs.filePath(QStringLiteral("triggered/archive/run.sh")), "#!/bin/sh\n");
    f.definitions.reload();
    QTRY_VERIFY(f.window.drops()->choices().find(QStringLiteral("definition:archive")));
    const QString picture = f.h.dir.filePath(QStringLiteral("in/photo.png"));
    writeFile(picture);
    dropOn(f.window, {picture});
    QTRY_VERIFY((dialog = f.window.drops()->dialog()) != nullptr);
    choose(*dialog, QStringLiteral("definition:archive"));
    dialog->reject();
    const QString second = f.h.dir.filePath(QStringLiteral("in/more.csv"));
    writeFile(second);
    dropOn(f.window, {second});
    QTRY_COMPARE(int(allJobs(*f.h.store).size()), 2); // without asking
    for (const JobRecord &j : allJobs(*f.h.store))
        QCOMPARE(j.kind, QStringLiteral("echo-path"));
}

void TestJobsFolder::newJobStartsADefinitionWithItsSettings()
{
    FolderHarness f;
    f.folder.setFolder(f.jobs.path());
    f.h.engine->start();
    NewJobDialog *dialog = f.window.openNewJobDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *kind = child<QComboBox>(*dialog, "kindCombo");
    auto *queue = child<QLineEdit>(*dialog, "queueEdit");
    auto *about = child<QLabel>(*dialog, "definitionAbout");
    auto *problem = child<QLabel>(*dialog, "formError");
    QPushButton *ok = child<QDialogButtonBox>(*dialog, "buttonBox")->button(QDialogButtonBox::Ok);
    QVERIFY(kind->findText(QStringLiteral("sleep")) >= 0);

    // A broken definition is listed with the reason it cannot run, and cannot be enqueued.
    kind->setCurrentIndex(kind->findText(QStringLiteral("broken")));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->isVisible() && problem->text().contains(QLatin1String("cannot run")), qPrintable(problem->text()));

    kind->setCurrentIndex(kind->findText(QStringLiteral("echo-path")));
    QVERIFY(dialog->isDefinition());
    QCOMPARE(queue->text(), QStringLiteral("scripts"));
    QCOMPARE(child<QSpinBox>(*dialog, "prioritySpin")->value(), 3);
    QCOMPARE(child<QSpinBox>(*dialog, "attemptsSpin")->value(), 2);
    QCOMPARE(parseDuration(child<QLineEdit>(*dialog, "timeoutEdit")->text()), std::optional<qint64>(90'000));
    QVERIFY2(about->isVisible() && about->text().contains(QLatin1String("triggered/echo-path/run.sh")), qPrintable(about->text()));
    dialog->setPayload(QStringLiteral("{\"day\": \"monday\"}"));
    child<QSpinBox>(*dialog, "prioritySpin")->setValue(7); // the form has the last word
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    QTRY_COMPARE(int(allJobs(*f.h.store).size()), 1);
    const JobRecord job = f.onlyJob();
    QCOMPARE(job.kind, QStringLiteral("echo-path"));
    QCOMPARE(job.queue, QStringLiteral("scripts"));
    QCOMPARE(job.priority, 7);
    QCOMPARE(job.maxAttempts, 2);
    QCOMPARE(job.timeoutMs, 90'000);
    QTRY_COMPARE_WITH_TIMEOUT(stateName(f.h.store->openReader()->job(job.id)->state), QStringLiteral("succeeded"), 20'000);
    QVERIFY2(f.log(job.id).contains(QLatin1String("got {\"day\":\"monday\"}")), qPrintable(f.log(job.id)));

    // Back to a kind, the definition's settings give way to a job's defaults.
    dialog = f.window.openNewJobDialog();
    kind = child<QComboBox>(*dialog, "kindCombo");
    kind->setCurrentIndex(kind->findText(QStringLiteral("echo-path")));
    kind->setCurrentIndex(kind->findText(QStringLiteral("sleep")));
    QVERIFY(!dialog->isDefinition());
    QCOMPARE(child<QLineEdit>(*dialog, "queueEdit")->text(), QStringLiteral("default"));
    QCOMPARE(child<QSpinBox>(*dialog, "attemptsSpin")->value(), JobSpec().maxAttempts);
    QVERIFY(!child<QLabel>(*dialog, "definitionAbout")->isVisible());
}

void TestJobsFolder::aContinuousJobRunsWithoutABar()
{
    FolderHarness f;
    writeFile(f.jobs.filePath(QStringLiteral("continuous/watcher/run.sh")), "#!/bin/sh\nwhile true; do sleep 1; done\n");
    f.folder.setFolder(f.jobs.path());
    f.h.engine->start();
    JobTableModel &running = *f.window.runningPage()->model();
    QTRY_COMPARE_WITH_TIMEOUT(running.rowCount(), 1, 15'000);
    QCOMPARE(running.jobAt(0).kind, QStringLiteral("watcher"));
    // It runs until stopped: no bar to fill, and its runs are counted instead of attempts left.
    const QModelIndex progress = running.index(0, running.columnOf(JobColumn::Progress));
    QVERIFY(!progress.data(JobRoles::ProgressRole).isValid());
    QCOMPARE(progress.data().toString(), QStringLiteral("runs continuously"));
    QCOMPARE(running.index(0, running.columnOf(JobColumn::Attempts)).data().toString(), QStringLiteral("1/∞"));
    // New job does not offer it: it starts by itself.
    NewJobDialog *dialog = f.window.openNewJobDialog();
    QCOMPARE(child<QComboBox>(*dialog, "kindCombo")->findText(QStringLiteral("watcher")), -1);
}

void TestJobsFolder::theCalendarPaletteOffersTheDefinitions()
{
    FolderHarness f;
    f.folder.setFolder(f.jobs.path());
    auto *palette = f.window.findChild<JobPalette *>();
    QVERIFY(palette);
    // The triggered definitions that can run, then the kinds.
    QTRY_VERIFY(!palette->findItems(QStringLiteral("echo-path"), Qt::MatchEndsWith).isEmpty());
    QVERIFY(palette->findItems(QStringLiteral("broken"), Qt::MatchEndsWith).isEmpty());
    QVERIFY(!palette->findItems(QStringLiteral("sleep"), Qt::MatchEndsWith).isEmpty());
}

QTEST_MAIN(TestJobsFolder)
#include "tst_jobsfolder.moc"
