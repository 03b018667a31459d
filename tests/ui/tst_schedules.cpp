// The Schedules page in the real window, offscreen, with a real engine and an injected clock: 200 schedules read
// live; each command on one or several (run now, pause, resume, edit, duplicate, delete with its question answered
// through the prompt seam); the jobs folder's schedules allow only run now and pause; a schedule written by another
// connection appears without a refresh; search, state filter and sorting; the calendar chip's menu; the editor's
// picker writes the expected cron expressions; an exclusion calendar made in the editor is saved with the schedule.

#include "UiTestSupport.h"
#include "../core/ScheduleTestSupport.h"
#include "../process/JobdeckProcess.h"

#include "AppSettings.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "actions/JobActions.h"
#include "actions/ScheduleActions.h"
#include "calendar/CalendarData.h"
#include "calendar/CalendarPage.h"
#include "calendar/CalendarView.h"
#include "calendar/CronPicker.h"
#include "calendar/RecurrenceEditor.h"
#include "calendar/ScheduleEditorDialog.h"
#include "definitions/DefinitionSchedules.h"
#include "dialogs/JobDetailsDialog.h"
#include "models/ScheduleRowsModel.h"
#include "pages/SchedulesPage.h"
#include "schedule/ScheduleCommands.h"
#include "schedule/Scheduler.h"
#include "shell/Navigator.h"

#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTimeEdit>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

qint64 at(const char *iso)
{
    return *parseIsoTime(QString::fromLatin1(iso));
}

ScheduleSpec cronSpec(const QString &name, const QString &cron, const QString &zone = QStringLiteral("UTC"))
{
    ScheduleSpec s;
    s.name = name;
    s.cron = cron;
    s.zone = zone;
    s.job.kind = QStringLiteral("noop");
    return s;
}

struct Fixture {
    ManualClock clock;
    EngineHarness harness;
    MainWindow window;
    SchedulesPage *page = nullptr;
    QList<Confirmation> asked;
    bool answer = true;

    explicit Fixture(const char *now = "2026-06-10T12:30:00Z")
        : clock(at(now)), harness(1, {}, clock), window(*harness.engine)
    {
        AppSettings::forgetConfirmations();
        window.console().actions.setPrompt([this](const Confirmation &question) {
            asked << question;
            return ConfirmAnswer{answer, false};
        });
        window.resize(1400, 860);
        window.show();
        harness.engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(harness.engine->scheduler().isLeader(), 10'000);
        window.showPage(QStringLiteral("schedules"));
        page = window.findChild<SchedulesPage *>();
    }

    qint64 save(const ScheduleSpec &spec) { return saveSchedule(*harness.store, spec, clock.nowMs()); }
    std::optional<ScheduleRecord> stored(const QString &name) { return harness.store->openScheduleReader()->schedule(name); }
    QAbstractItemModel &shown() { return *page->table()->model(); }

    // The row's text in a column of the table as shown (sorted and filtered), or "<absent>".
    QString cell(const QString &name, int column)
    {
        for (int row = 0; row < shown().rowCount(); ++row) {
            if (shown().index(row, ScheduleRowsModel::Name).data().toString() == name)
                return shown().index(row, column).data().toString();
        }
        return QStringLiteral("<absent>");
    }

    void select(const QStringList &names)
    {
        QItemSelectionModel *selection = page->table()->selectionModel();
        selection->clearSelection();
        for (int row = 0; row < shown().rowCount(); ++row) {
            if (names.contains(shown().index(row, ScheduleRowsModel::Name).data().toString()))
                selection->select(shown().index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QCOMPARE(page->selectedSchedules().size(), size_t(names.size()));
    }

    bool enabled(const char *action) { return child<QAction>(*page, action)->isEnabled(); }
};

// 200 schedules the way a busy installation has them: every minute, hourly, daily and weekly ones in several
// zones, some paused, some with exclusions.
void seedDense(Fixture &f)
{
    WriteBatch batch;
    batch.push_back(SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 12, 24), QDate(2026, 12, 26)}}, f.clock.nowMs()});
    const QStringList zones = {QStringLiteral("UTC"), QStringLiteral("Europe/Berlin"), QStringLiteral("America/New_York")};
    for (int i = 0; i < 200; ++i) {
        const QString cron = i == 0 ? QStringLiteral("* * * * *")
            : i % 4 == 0            ? QStringLiteral("%1 * * * *").arg(i % 60)
            : i % 4 == 1            ? QStringLiteral("%1 %2 * * *").arg(i % 60).arg(i % 24)
            : i % 4 == 2            ? QStringLiteral("0 9 * * 1-5")
                                    : QStringLiteral("30 2 * * 0");
        ScheduleSpec spec = cronSpec(i == 0 ? QStringLiteral("heartbeat") : QStringLiteral("report %1").arg(i, 3, 10, QLatin1Char('0')), cron,
                                     zones[i % 3]);
        if (i % 10 == 3)
            spec.exclusions << QStringLiteral("holidays");
        QString error;
        batch.push_back(*ScheduleCommands::save(spec, f.clock.nowMs(), false, &error));
    }
    QVERIFY(f.harness.store->apply(std::move(batch)).ok);
    // Written on the engine's own connection, past the engine: nothing tells the page (the command line and the
    // window's commands are tested for that), so it reads again when told.
    f.page->model()->reload();
}

} // namespace

class TestSchedules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useOwnSettings(); }
    void listsDenseSchedulesWithWhenNextAndLastRun();
    void runNowEnqueuesARunOfEachSelected();
    void pauseAndResumeSeveral();
    void editSavesTheChangedSchedule();
    void duplicateSavesACopyUnderANewName();
    void deleteAsksWithTheOccurrencesThatWillNotHappen();
    void jobsFolderSchedulesAllowOnlyRunNowAndPause();
    void scheduleWrittenElsewhereAppearsWithoutRefresh();
    void scheduleAddedByTheCommandLineAppearsWithoutRefresh();
    void searchFilterAndSort();
    void calendarChipMenuOffersTheSameCommands();
    void pickerWritesTheCronExpression_data();
    void pickerWritesTheCronExpression();
    void editorMakesAnExclusionCalendar();
    void editorHasNoStrayListOverMissedRuns();
};

void TestSchedules::listsDenseSchedulesWithWhenNextAndLastRun()
{
    Fixture f("2026-06-10T12:30:30Z");
    seedDense(f);
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), 200, 10'000);
    QCOMPARE(f.cell(QStringLiteral("report 010"), ScheduleRowsModel::When),
             QStringLiteral("At 09:00, Monday through Friday · Europe/Berlin"));
    QCOMPARE(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::When), QStringLiteral("Every minute · UTC"));
    QVERIFY2(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::Next).endsWith(QLatin1String("in 30 s")),
             qPrintable(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::Next)));
    QCOMPARE(f.cell(QStringLiteral("report 003"), ScheduleRowsModel::Exclusions), QStringLiteral("holidays"));
    QCOMPARE(f.cell(QStringLiteral("report 003"), ScheduleRowsModel::Last), QStringLiteral("never ran"));
    QCOMPARE(f.cell(QStringLiteral("report 003"), ScheduleRowsModel::State), QStringLiteral("Active"));
    QCOMPARE(f.cell(QStringLiteral("report 003"), ScheduleRowsModel::Misfire), QStringLiteral("Run once"));
    QCOMPARE(f.cell(QStringLiteral("report 003"), ScheduleRowsModel::Overlap), QStringLiteral("Allow"));
    // Sorted by the next run: the one firing every minute is first.
    QCOMPARE(f.shown().index(0, ScheduleRowsModel::Name).data().toString(), QStringLiteral("heartbeat"));

    // The minute comes: the runner fires it, and the page shows the run and links to its job.
    f.clock.advance(30'000);
    f.harness.engine->scheduler().reload();
    f.harness.engine->scheduler().runDue();
    QTRY_VERIFY_WITH_TIMEOUT(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::Last).contains(QLatin1String("job ")), 10'000);
    const auto occurrences = f.harness.store->openScheduleReader()->occurrences(
        {0, at("2027-01-01T00:00:00Z"), f.stored(QStringLiteral("heartbeat"))->id, 10});
    QCOMPARE(occurrences.size(), size_t(1));
    const qint64 job = occurrences.front().jobId;
    QVERIFY(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::Last).endsWith(QStringLiteral("job %1").arg(job)));
    QTRY_VERIFY(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::Last).startsWith(QLatin1String("Succeeded")));
    QTRY_VERIFY(f.cell(QStringLiteral("heartbeat"), ScheduleRowsModel::Next).endsWith(QLatin1String("in 1 min")));
    // A click on the last run opens its job.
    int row = 0;
    while (f.shown().index(row, 0).data().toString() != QLatin1String("heartbeat"))
        ++row;
    JobTableView *table = f.page->table();
    table->scrollTo(f.shown().index(row, ScheduleRowsModel::Last));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(f.shown().index(row, ScheduleRowsModel::Last)).center());
    QTRY_VERIFY(f.window.jobDetails(job) != nullptr);
}

void TestSchedules::runNowEnqueuesARunOfEachSelected()
{
    Fixture f;
    const qint64 a = f.save(cronSpec(QStringLiteral("alpha"), QStringLiteral("0 3 * * *")));
    const qint64 b = f.save(cronSpec(QStringLiteral("beta"), QStringLiteral("0 4 * * *")));
    f.page->model()->reload();
    QTRY_COMPARE(f.shown().rowCount(), 2);
    f.select({QStringLiteral("alpha"), QStringLiteral("beta")});
    QVERIFY(clickButtonFor(*f.page, "runScheduleNowAction"));
    auto reader = f.harness.store->openScheduleReader();
    for (const qint64 id : {a, b}) {
        QTRY_COMPARE(reader->occurrences({0, at("2027-01-01T00:00:00Z"), id, 10}).size(), size_t(1));
        QVERIFY(reader->occurrences({0, at("2027-01-01T00:00:00Z"), id, 10}).front().jobId > 0);
    }
    QTRY_VERIFY(f.cell(QStringLiteral("alpha"), ScheduleRowsModel::Last).contains(QLatin1String("job ")));
    // Running now does not move the schedule's own times.
    QCOMPARE(f.stored(QStringLiteral("alpha"))->nextFireAtMs, at("2026-06-11T03:00:00Z"));
}

void TestSchedules::pauseAndResumeSeveral()
{
    Fixture f;
    for (const char *name : {"alpha", "beta", "gamma"})
        f.save(cronSpec(QLatin1String(name), QStringLiteral("0 3 * * *")));
    f.page->model()->reload();
    QTRY_COMPARE(f.shown().rowCount(), 3);
    f.select({QStringLiteral("alpha"), QStringLiteral("beta")});
    QVERIFY(f.enabled("pauseScheduleAction"));
    QVERIFY(!f.enabled("resumeScheduleAction"));
    QVERIFY(clickButtonFor(*f.page, "pauseScheduleAction"));
    QTRY_VERIFY(!f.stored(QStringLiteral("alpha"))->enabled);
    QTRY_VERIFY(!f.stored(QStringLiteral("beta"))->enabled);
    QVERIFY(f.stored(QStringLiteral("gamma"))->enabled);
    QTRY_COMPARE(f.cell(QStringLiteral("alpha"), ScheduleRowsModel::State), QStringLiteral("Paused"));
    QCOMPARE(f.cell(QStringLiteral("alpha"), ScheduleRowsModel::Next), QStringLiteral("—"));
    // The selection stays across the reads, and the commands follow the new state.
    QCOMPARE(f.page->selectedSchedules().size(), size_t(2));
    QTRY_VERIFY(f.enabled("resumeScheduleAction"));
    QVERIFY(!f.enabled("pauseScheduleAction"));
    QVERIFY(clickButtonFor(*f.page, "resumeScheduleAction"));
    QTRY_VERIFY(f.stored(QStringLiteral("alpha"))->enabled);
    QTRY_VERIFY(f.stored(QStringLiteral("beta"))->enabled);
    QTRY_COMPARE(f.cell(QStringLiteral("beta"), ScheduleRowsModel::State), QStringLiteral("Active"));
}

void TestSchedules::editSavesTheChangedSchedule()
{
    Fixture f;
    f.save(cronSpec(QStringLiteral("nightly"), QStringLiteral("0 3 * * *"), QStringLiteral("Europe/Berlin")));
    f.page->model()->reload();
    QTRY_COMPARE(f.shown().rowCount(), 1);
    f.select({QStringLiteral("nightly")});
    QVERIFY(clickButtonFor(*f.page, "editScheduleAction"));
    ScheduleEditorDialog *editor = f.window.findChild<ScheduleEditorDialog *>();
    QVERIFY(editor && editor->isVisible());
    QCOMPARE(child<QLineEdit>(*editor, "nameEdit")->text(), QStringLiteral("nightly"));
    QVERIFY(child<QLineEdit>(*editor, "nameEdit")->isReadOnly());
    child<QLineEdit>(*editor, "cronEdit")->setText(QStringLiteral("15 4 * * 1-5"));
    QPushButton *save = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTRY_VERIFY2(save->isEnabled(), qPrintable(editor->validationError()));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(f.stored(QStringLiteral("nightly"))->spec.cron, QStringLiteral("15 4 * * 1-5"));
    QTRY_COMPARE(f.cell(QStringLiteral("nightly"), ScheduleRowsModel::When),
                 QStringLiteral("At 04:15, Monday through Friday · Europe/Berlin"));
}

void TestSchedules::duplicateSavesACopyUnderANewName()
{
    Fixture f;
    ScheduleSpec spec = cronSpec(QStringLiteral("nightly"), QStringLiteral("0 3 * * *"));
    spec.overlap = OverlapPolicy::Skip;
    f.save(spec);
    f.page->model()->reload();
    QTRY_COMPARE(f.shown().rowCount(), 1);
    f.select({QStringLiteral("nightly")});
    QVERIFY(clickButtonFor(*f.page, "duplicateScheduleAction"));
    ScheduleEditorDialog *editor = f.window.findChild<ScheduleEditorDialog *>();
    QVERIFY(editor && editor->isVisible());
    QCOMPARE(child<QLineEdit>(*editor, "nameEdit")->text(), QStringLiteral("nightly (copy)"));
    QVERIFY(!child<QLineEdit>(*editor, "nameEdit")->isReadOnly());
    QPushButton *save = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTRY_VERIFY2(save->isEnabled(), qPrintable(editor->validationError()));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(f.stored(QStringLiteral("nightly (copy)")).has_value());
    QCOMPARE(f.stored(QStringLiteral("nightly (copy)"))->spec.overlap, OverlapPolicy::Skip);
    QCOMPARE(f.stored(QStringLiteral("nightly (copy)"))->spec.cron, QStringLiteral("0 3 * * *"));
    QTRY_COMPARE(f.shown().rowCount(), 2);
}

void TestSchedules::deleteAsksWithTheOccurrencesThatWillNotHappen()
{
    Fixture f; // 12:30 UTC
    f.save(cronSpec(QStringLiteral("hourly"), QStringLiteral("0 * * * *")));
    ScheduleSpec daily = cronSpec(QStringLiteral("daily"), QStringLiteral("0 6 * * *"));
    daily.exclusions << QStringLiteral("freeze");
    f.harness.store->apply({SaveCalendar{QStringLiteral("freeze"), {{QDate(2026, 6, 15), QDate(2026, 6, 19)}}, f.clock.nowMs()}});
    f.save(daily);
    f.save(cronSpec(QStringLiteral("kept"), QStringLiteral("0 6 * * *")));
    f.page->model()->reload();
    QTRY_COMPARE(f.shown().rowCount(), 3);
    f.select({QStringLiteral("hourly"), QStringLiteral("daily")});

    // Cancelled: nothing goes. 720 hours in 30 days, and 30 days less the 5 of the freeze.
    f.answer = false;
    QVERIFY(clickButtonFor(*f.page, "deleteScheduleAction"));
    QCOMPARE(f.asked.size(), 1);
    QCOMPARE(f.asked.front().kind, ConfirmKind::DeleteSchedule);
    QCOMPARE(f.asked.front().count, 2);
    QVERIFY2(f.asked.front().question.contains(QLatin1String("745 occurrences in the next 30 days will not happen")),
             qPrintable(f.asked.front().question));
    QVERIFY(f.asked.front().question.startsWith(QLatin1String("Delete 2 schedules?")));
    QVERIFY(f.stored(QStringLiteral("hourly")).has_value());

    f.answer = true;
    QVERIFY(clickButtonFor(*f.page, "deleteScheduleAction"));
    QCOMPARE(f.asked.size(), 2);
    QTRY_VERIFY(!f.stored(QStringLiteral("hourly")).has_value());
    QVERIFY(!f.stored(QStringLiteral("daily")).has_value());
    QVERIFY(f.stored(QStringLiteral("kept")).has_value());
    QTRY_COMPARE(f.shown().rowCount(), 1);

    // One schedule is named in the question.
    f.select({QStringLiteral("kept")});
    QVERIFY(clickButtonFor(*f.page, "deleteScheduleAction"));
    QVERIFY2(f.asked.last().question.startsWith(QLatin1String("Delete schedule kept? 30 occurrences")), qPrintable(f.asked.last().question));
    QTRY_COMPARE(f.shown().rowCount(), 0);
}

void TestSchedules::jobsFolderSchedulesAllowOnlyRunNowAndPause()
{
    Fixture f;
    JobDefinition definition;
    definition.name = QStringLiteral("nightly-report");
    definition.schedule = QStringLiteral("0 3 * * *");
    ScheduleSpec spec = DefinitionSchedules::specFor(definition);
    spec.zone = QStringLiteral("UTC");
    const qint64 id = f.save(spec);
    f.save(cronSpec(QStringLiteral("mine"), QStringLiteral("0 4 * * *")));
    f.page->setProperty("unused", 0);
    f.window.findChild<CalendarPage *>()->setJobDefinitions(
        {QStringLiteral("nightly-report")},
        [](const QString &, QString *) -> std::optional<JobSpec> { return makeSpec(QStringLiteral("noop")); });
    f.page->model()->reload();
    QTRY_COMPARE(f.shown().rowCount(), 2);
    // Marked as the folder's.
    auto *stateFilter = child<QComboBox>(*f.page, "scheduleStateFilter");
    stateFilter->setCurrentIndex(stateFilter->findData(QStringLiteral("folder")));
    QCOMPARE(f.shown().rowCount(), 1);
    QCOMPARE(f.shown().index(0, 0).data().toString(), QStringLiteral("jobs/nightly-report"));
    QVERIFY(f.shown().index(0, 0).data(Qt::ToolTipRole).toString().startsWith(QLatin1String("From the jobs folder")));
    QVERIFY(!f.shown().index(0, 0).data(Qt::DecorationRole).isNull());
    stateFilter->setCurrentIndex(0);
    QCOMPARE(f.shown().rowCount(), 2);

    f.select({QStringLiteral("jobs/nightly-report")});
    QVERIFY(f.enabled("runScheduleNowAction"));
    QVERIFY(f.enabled("pauseScheduleAction"));
    QVERIFY(!f.enabled("editScheduleAction"));
    QVERIFY(!f.enabled("duplicateScheduleAction"));
    QVERIFY(!f.enabled("deleteScheduleAction"));
    QVERIFY(child<QAction>(*f.page, "deleteScheduleAction")->statusTip().contains(QLatin1String("belongs to the jobs folder")));
    // Double-click, Delete and the menu do nothing to it either.
    QTest::keyClick(f.page->table(), Qt::Key_Delete);
    QCOMPARE(f.asked.size(), 0);
    QVERIFY(f.window.findChild<ScheduleEditorDialog *>() == nullptr);

    QVERIFY(clickButtonFor(*f.page, "runScheduleNowAction"));
    QTRY_COMPARE(f.harness.store->openScheduleReader()->occurrences({0, at("2027-01-01T00:00:00Z"), id, 10}).size(), size_t(1));
    QVERIFY(clickButtonFor(*f.page, "pauseScheduleAction"));
    QTRY_VERIFY(!f.stored(QStringLiteral("jobs/nightly-report"))->enabled);
    QTRY_VERIFY(f.enabled("resumeScheduleAction"));
    QVERIFY(clickButtonFor(*f.page, "resumeScheduleAction"));
    QTRY_VERIFY(f.stored(QStringLiteral("jobs/nightly-report"))->enabled);

    // With one of the user's selected too, Delete applies to that one only.
    f.select({QStringLiteral("jobs/nightly-report"), QStringLiteral("mine")});
    QVERIFY(f.enabled("deleteScheduleAction"));
    QVERIFY(clickButtonFor(*f.page, "deleteScheduleAction"));
    QTRY_VERIFY(!f.stored(QStringLiteral("mine")).has_value());
    QVERIFY(f.asked.last().question.startsWith(QLatin1String("Delete schedule mine?")));
    QVERIFY(f.stored(QStringLiteral("jobs/nightly-report")).has_value());
}

void TestSchedules::scheduleWrittenElsewhereAppearsWithoutRefresh()
{
    Fixture f;
    // Another connection to the database, as the command line has: the page reads it again by itself.
    auto other = SqliteStore::open(f.harness.path);
    QVERIFY(saveSchedule(*other, cronSpec(QStringLiteral("first"), QStringLiteral("0 3 * * *")), f.clock.nowMs()) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), 1, 10'000);
    QVERIFY(saveSchedule(*other, cronSpec(QStringLiteral("from the command line"), QStringLiteral("*/5 * * * *")), f.clock.nowMs()) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("from the command line"), ScheduleRowsModel::When),
                              QStringLiteral("Every 5 minutes · UTC"), 10'000);
    QVERIFY(other->apply({ScheduleCommands::pause(QStringLiteral("first"), 0, f.clock.nowMs())}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("first"), ScheduleRowsModel::State), QStringLiteral("Paused"), 10'000);
    QVERIFY(other->apply({DeleteSchedule{QStringLiteral("first")}}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), 1, 10'000);
    // And through this window's engine, as any other page writes.
    QString error;
    f.harness.engine->submit({*ScheduleCommands::save(cronSpec(QStringLiteral("engine"), QStringLiteral("@daily")),
                                                      f.clock.nowMs(), false, &error)},
                             [](const BatchResult &) {});
    QTRY_COMPARE(f.shown().rowCount(), 2);
}

void TestSchedules::scheduleAddedByTheCommandLineAppearsWithoutRefresh()
{
    Fixture f;
    QTRY_VERIFY(f.page->model()->hasLoaded());
    QCOMPARE(f.shown().rowCount(), 0);
    const JobdeckProcess cli(f.harness.path);
    const CliResult added = cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("nightly export"),
                                     QStringLiteral("--cron"), QStringLiteral("30 2 * * 1-5"), QStringLiteral("--kind"),
                                     QStringLiteral("noop"), QStringLiteral("--tz"), QStringLiteral("Europe/Berlin")});
    QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("nightly export"), ScheduleRowsModel::When),
                              QStringLiteral("At 02:30, Monday through Friday · Europe/Berlin"), 10'000);
    const CliResult paused = cli.run({QStringLiteral("schedule"), QStringLiteral("pause"), QStringLiteral("nightly export")});
    QVERIFY2(paused.exitCode == 0, qPrintable(paused.err));
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("nightly export"), ScheduleRowsModel::State), QStringLiteral("Paused"), 10'000);
}

void TestSchedules::searchFilterAndSort()
{
    Fixture f;
    seedDense(f);
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), 200, 10'000);
    auto *search = child<QLineEdit>(*f.page, "scheduleSearch");
    QTest::keyClicks(search, QStringLiteral("new_york"));
    QCOMPARE(f.shown().rowCount(), 66); // every third, from the third
    search->clear();
    QTest::keyClicks(search, QStringLiteral("monday through"));
    QCOMPARE(f.shown().rowCount(), 50);
    search->clear();
    QCOMPARE(f.shown().rowCount(), 200);
    f.harness.store->apply({ScheduleCommands::pause(QStringLiteral("report 007"), 0, f.clock.nowMs())});
    f.page->model()->reload();
    auto *state = child<QComboBox>(*f.page, "scheduleStateFilter");
    state->setCurrentIndex(state->findData(QStringLiteral("paused")));
    QTRY_COMPARE(f.shown().rowCount(), 1);
    QCOMPARE(f.shown().index(0, 0).data().toString(), QStringLiteral("report 007"));
    state->setCurrentIndex(0);
    // Sorting by a header click: by name, then backwards.
    QHeaderView *header = f.page->table()->horizontalHeader();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                      QPoint(header->sectionViewportPosition(ScheduleRowsModel::Name) + 10, header->height() / 2));
    QCOMPARE(f.shown().index(0, 0).data().toString(), QStringLiteral("heartbeat"));
    QCOMPARE(f.shown().index(1, 0).data().toString(), QStringLiteral("report 001"));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                      QPoint(header->sectionViewportPosition(ScheduleRowsModel::Name) + 10, header->height() / 2));
    QCOMPARE(f.shown().index(0, 0).data().toString(), QStringLiteral("report 199"));
}

void TestSchedules::calendarChipMenuOffersTheSameCommands()
{
    Fixture f;
    JobDefinition definition;
    definition.name = QStringLiteral("nightly-report");
    definition.schedule = QStringLiteral("0 3 * * *");
    ScheduleSpec folderSpec = DefinitionSchedules::specFor(definition);
    folderSpec.zone = QStringLiteral("UTC");
    const qint64 folder = f.save(folderSpec);
    const qint64 mine = f.save(cronSpec(QStringLiteral("mine"), QStringLiteral("0 6 * * *")));
    f.window.showPage(QStringLiteral("calendar"));
    auto *calendar = f.window.findChild<CalendarPage *>();
    calendar->setDisplayZone(QStringLiteral("UTC"));
    calendar->showDate(QDate(2026, 6, 10));
    calendar->data()->reload();
    CalendarView *view = calendar->currentView();
    const auto menuAt = [&](qint64 scheduleId, qint64 atMs) -> QMenu * {
        [&] { QTRY_VERIFY(view->rectOf(0, scheduleId, atMs).isValid()); }();
        const QPoint p = view->rectOf(0, scheduleId, atMs).center();
        QContextMenuEvent event(QContextMenuEvent::Mouse, p, view->mapToGlobal(p));
        QApplication::sendEvent(view, &event);
        QMenu *menu = nullptr;
        for (QMenu *m : calendar->findChildren<QMenu *>(QStringLiteral("scheduleMenu"))) {
            if (m->isVisible())
                menu = m;
        }
        return menu;
    };
    QMenu *menu = menuAt(mine, at("2026-06-11T06:00:00Z"));
    QVERIFY(menu);
    for (const char *name : {"runScheduleNowAction", "pauseScheduleAction", "editScheduleAction", "duplicateScheduleAction",
                             "deleteScheduleAction"})
        QVERIFY2(child<QAction>(*menu, name)->isEnabled(), name);
    QVERIFY(!child<QAction>(*menu, "resumeScheduleAction")->isEnabled());
    child<QAction>(*menu, "pauseScheduleAction")->trigger();
    menu->close();
    QTRY_VERIFY(!f.stored(QStringLiteral("mine"))->enabled);
    // Delete from the chip asks through the same prompt.
    f.harness.store->apply({ScheduleCommands::resume(*f.stored(QStringLiteral("mine")), f.clock.nowMs())});
    calendar->data()->reload();
    menu = menuAt(mine, at("2026-06-11T06:00:00Z"));
    QVERIFY(menu);
    child<QAction>(*menu, "deleteScheduleAction")->trigger();
    menu->close();
    QCOMPARE(f.asked.size(), 1);
    QTRY_VERIFY(!f.stored(QStringLiteral("mine")).has_value());

    // The folder's: run now and pause only.
    menu = menuAt(folder, at("2026-06-11T03:00:00Z"));
    QVERIFY(menu);
    QVERIFY(child<QAction>(*menu, "runScheduleNowAction")->isEnabled());
    QVERIFY(child<QAction>(*menu, "pauseScheduleAction")->isEnabled());
    for (const char *name : {"editScheduleAction", "duplicateScheduleAction", "deleteScheduleAction"})
        QVERIFY2(!child<QAction>(*menu, name)->isEnabled(), name);
    menu->close();
}

void TestSchedules::pickerWritesTheCronExpression_data()
{
    QTest::addColumn<int>("pickedCase");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("minute");
    QTest::addColumn<QTime>("time");
    QTest::addColumn<QString>("days"); // Monday first, 1: ticked
    QTest::addColumn<int>("monthDay");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("description");
    using C = CronPicker::Case;
    const QTime nine(9, 0);
    QTest::newRow("every minute") << int(C::EveryMinutes) << 1 << 0 << nine << "" << 0 << "* * * * *" << "Every minute";
    QTest::newRow("every 15 minutes") << int(C::EveryMinutes) << 15 << 0 << nine << "" << 0 << "*/15 * * * *" << "Every 15 minutes";
    QTest::newRow("every hour at :05") << int(C::EveryHours) << 1 << 5 << nine << "" << 0 << "5 * * * *" << "";
    QTest::newRow("every 6 hours") << int(C::EveryHours) << 6 << 0 << nine << "" << 0 << "0 */6 * * *" << "";
    QTest::newRow("daily at 09:00") << int(C::Daily) << 1 << 0 << nine << "" << 0 << "0 9 * * *" << "At 09:00";
    QTest::newRow("daily at 23:45") << int(C::Daily) << 1 << 0 << QTime(23, 45) << "" << 0 << "45 23 * * *" << "At 23:45";
    QTest::newRow("weekdays at 09:00") << int(C::Weekly) << 1 << 0 << nine << "1111100" << 0 << "0 9 * * 1-5"
                                       << "At 09:00, Monday through Friday";
    QTest::newRow("Mon, Wed, Fri at 07:30") << int(C::Weekly) << 1 << 0 << QTime(7, 30) << "1010100" << 0 << "30 7 * * 1,3,5" << "";
    QTest::newRow("weekend at 10:00") << int(C::Weekly) << 1 << 0 << QTime(10, 0) << "0000011" << 0 << "0 10 * * 0,6" << "";
    QTest::newRow("Sunday only") << int(C::Weekly) << 1 << 0 << nine << "0000001" << 0 << "0 9 * * 0" << "";
    QTest::newRow("every day of the week") << int(C::Weekly) << 1 << 0 << nine << "1111111" << 0 << "0 9 * * *" << "At 09:00";
    QTest::newRow("monthly on the 1st at 06:00") << int(C::Monthly) << 1 << 0 << QTime(6, 0) << "" << 1 << "0 6 1 * *" << "";
    QTest::newRow("monthly on the 31st") << int(C::Monthly) << 1 << 0 << nine << "" << 31 << "0 9 31 * *" << "";
    QTest::newRow("monthly on the last day") << int(C::Monthly) << 1 << 0 << QTime(18, 0) << "" << int(CronPicker::kLastDay)
                                             << "0 18 L * *" << "";
    QTest::newRow("monthly on the last weekday") << int(C::Monthly) << 1 << 0 << QTime(17, 0) << ""
                                                 << int(CronPicker::kLastWeekday) << "0 17 LW * *" << "";
}

void TestSchedules::pickerWritesTheCronExpression()
{
    QFETCH(int, pickedCase);
    QFETCH(int, count);
    QFETCH(int, minute);
    QFETCH(QTime, time);
    QFETCH(QString, days);
    QFETCH(int, monthDay);
    QFETCH(QString, expected);
    QFETCH(QString, description);
    Fixture f;
    ScheduleEditorDialog *editor = f.window.findChild<ScheduleActions *>()->openEditor();
    auto *picker = child<CronPicker>(*editor, "cronPicker");
    QVERIFY(picker->isVisible());
    auto *combo = child<QComboBox>(*picker, "pickerCombo");
    combo->setCurrentIndex(pickedCase);
    if (auto *n = child<QSpinBox>(*picker, "pickerCount"); n->isVisible())
        n->setValue(count);
    if (auto *m = child<QSpinBox>(*picker, "pickerMinute"); m->isVisible())
        m->setValue(minute);
    if (auto *t = child<QTimeEdit>(*picker, "pickerTime"); t->isVisible())
        t->setTime(time);
    // The days as a hand ticks them: ticked ones first, so there is always one.
    for (const QChar wanted : {u'1', u'0'}) {
        for (int i = 0; i < days.size(); ++i) {
            auto *day = child<QToolButton>(*picker, qPrintable(QStringLiteral("pickerDay%1").arg(i + 1)));
            QVERIFY(day->isVisible());
            if (days[i] == wanted && day->isChecked() != (wanted == u'1'))
                QTest::mouseClick(day, Qt::LeftButton);
        }
    }
    if (auto *d = child<QComboBox>(*picker, "pickerMonthDay"); d->isVisible())
        d->setCurrentIndex(d->findData(monthDay));

    // The expression is written where it can be read and edited, and means what was picked.
    auto *cron = child<QLineEdit>(*editor, "cronEdit");
    QVERIFY(cron->isVisible());
    QCOMPARE(cron->text(), expected);
    QVERIFY2(editor->recurrenceEditor()->error().isEmpty(), qPrintable(editor->recurrenceEditor()->error()));
    if (!description.isEmpty())
        QCOMPARE(child<QLabel>(*editor, "descriptionLabel")->text(), description);
    QCOMPARE(child<QListWidget>(*editor, "nextOccurrences")->count(), 10);
    editor->reject();

    // Opened again on a schedule with that expression, the picker shows the same choices.
    ScheduleEditorDialog *again = f.window.findChild<ScheduleActions *>()->openEditor(cronSpec(QStringLiteral("x"), expected));
    auto *shown = child<CronPicker>(*again, "cronPicker");
    QCOMPARE(int(shown->currentCase()), days == QLatin1String("1111111") ? int(CronPicker::Case::Daily) : pickedCase);
    QCOMPARE(shown->expression(), expected);
    // A hand-written expression of another form is "Custom", and the picker leaves it alone.
    auto *edit = child<QLineEdit>(*again, "cronEdit");
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("0 9-17 * * 1-5"));
    QCOMPARE(shown->currentCase(), CronPicker::Case::Custom);
    QCOMPARE(edit->text(), QStringLiteral("0 9-17 * * 1-5"));
    again->reject();
}

void TestSchedules::editorMakesAnExclusionCalendar()
{
    Fixture f;
    f.harness.store->apply({SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 12, 24), QDate(2026, 12, 26)}}, f.clock.nowMs()}});
    QVERIFY(clickButtonFor(*f.page, "newScheduleAction"));
    ScheduleEditorDialog *editor = f.window.findChild<ScheduleEditorDialog *>();
    QVERIFY(editor && editor->isVisible());
    QTest::keyClicks(child<QLineEdit>(*editor, "nameEdit"), QStringLiteral("payroll"));
    QTest::keyClicks(child<QLineEdit>(*editor, "cronEdit"), QStringLiteral("0 7 * * 1-5"));
    auto *list = child<QListWidget>(*editor, "exclusionList");
    QCOMPARE(list->count(), 1);
    auto *form = child<QLineEdit>(*editor, "newCalendarName");
    QVERIFY(!form->isVisible());
    QTest::mouseClick(child<QPushButton>(*editor, "newCalendarButton"), Qt::LeftButton);
    QVERIFY(form->isVisible());
    auto *dates = child<QLineEdit>(*editor, "newCalendarDates");
    auto *error = child<QLabel>(*editor, "calendarError");
    auto *add = child<QPushButton>(*editor, "addCalendarButton");
    // Refused: a name in use, then dates that are not dates.
    QTest::keyClicks(form, QStringLiteral("holidays"));
    QTest::keyClicks(dates, QStringLiteral("2026-08-14"));
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().startsWith(QLatin1String("A calendar named holidays exists already")));
    form->clear();
    QTest::keyClicks(form, QStringLiteral("audit freeze"));
    dates->setText(QStringLiteral("2026-08-14, 2026-08-31..tomorrow"));
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(error->isVisible());
    QCOMPARE(list->count(), 1);
    dates->setText(QStringLiteral("2026-08-14, 2026-08-24..2026-08-28"));
    QTest::mouseClick(add, Qt::LeftButton);
    QVERIFY(!error->isVisible());
    QVERIFY(!form->isVisible());
    QCOMPARE(list->count(), 2);
    QCOMPARE(list->item(1)->checkState(), Qt::Checked);
    QVERIFY(list->item(1)->text().startsWith(QLatin1String("audit freeze")));
    // Nothing is written before the schedule is saved; then both are, together.
    QVERIFY(f.harness.store->openScheduleReader()->calendars().size() == 1);
    QPushButton *save = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTRY_VERIFY2(save->isEnabled(), qPrintable(editor->validationError()));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(f.stored(QStringLiteral("payroll")).has_value());
    QCOMPARE(f.stored(QStringLiteral("payroll"))->spec.exclusions, QStringList{QStringLiteral("audit freeze")});
    const auto calendars = f.harness.store->openScheduleReader()->calendars();
    QCOMPARE(calendars.size(), size_t(2));
    QCOMPARE(calendars.front().name, QStringLiteral("audit freeze"));
    QCOMPARE(calendars.front().datesText(), QStringLiteral("2026-08-14, 2026-08-24..2026-08-28"));
    QTRY_COMPARE(f.cell(QStringLiteral("payroll"), ScheduleRowsModel::Exclusions), QStringLiteral("audit freeze"));
    // The next editor offers it like any other.
    ScheduleEditorDialog *next = f.window.findChild<ScheduleActions *>()->openEditor();
    QCOMPARE(child<QListWidget>(*next, "exclusionList")->count(), 2);
    next->reject();
}

void TestSchedules::editorHasNoStrayListOverMissedRuns()
{
    Fixture f;
    // No calendars yet: nothing but the combo box and its label is drawn where "Missed runs" is.
    ScheduleEditorDialog *editor = f.window.findChild<ScheduleActions *>()->openEditor();
    QVERIFY(QTest::qWaitForWindowExposed(editor));
    auto *misfire = child<QComboBox>(*editor, "misfireCombo");
    auto *list = child<QListWidget>(*editor, "exclusionList");
    QVERIFY(!list->isVisible());
    QWidget *box = misfire->parentWidget();
    const QRect misfireRect(misfire->mapTo(box, QPoint(0, 0)), misfire->size());
    for (QWidget *w : box->findChildren<QWidget *>()) {
        if (!w->isVisible() || w == misfire || misfire->isAncestorOf(w) || w->isAncestorOf(misfire) || !w->parentWidget()->isVisible())
            continue;
        const QRect r(w->mapTo(box, QPoint(0, 0)), w->size());
        QVERIFY2(!r.intersects(misfireRect), qPrintable(w->objectName() + QStringLiteral(" / ") + QString::fromLatin1(w->metaObject()->className())));
    }
    editor->reject();
}

QTEST_MAIN(TestSchedules)
#include "tst_schedules.moc"
