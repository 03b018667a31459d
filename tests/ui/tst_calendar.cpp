// The calendar page, offscreen with a real engine and an injected clock: the schedule editor shows the next
// occurrences and errors as it is typed; dragging a one-off job to another day or time moves it, and undo moves
// it back; past runs show their outcome and reason when clicked; filters; drops from the palette; double-click.

#include "UiTestSupport.h"
#include "../core/ScheduleTestSupport.h"

#include "schedule/Scheduler.h"
#include "calendar/CalendarData.h"
#include "calendar/CalendarPage.h"
#include "calendar/CalendarView.h"
#include "calendar/DayGridLayout.h"
#include "calendar/EntryDetails.h"
#include "NewJobDialog.h"
#include "calendar/RecurrenceEditor.h"
#include "calendar/TimeGridView.h"
#include "calendar/ScheduleEditorDialog.h"
#include "definitions/DefinitionSchedules.h"
#include "model/Duration.h"
#include "schedule/ScheduleCommands.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUndoStack>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

qint64 at(const char *iso)
{
    return *parseIsoTime(QString::fromLatin1(iso));
}

// Moves with the button held, from `from` to `to`.
void moveHeld(QWidget *view, QPoint from, QPoint to)
{
    for (int i = 1; i <= 8; ++i) {
        const QPoint p = from + (to - from) * i / 8;
        QMouseEvent move(QEvent::MouseMove, p, view->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view, &move);
    }
}

// A press, moves with the button held, and a release: the view's own drag, as a user's hand makes it.
void drag(QWidget *view, QPoint from, QPoint to)
{
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, from);
    moveHeld(view, from, to);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, to);
}

// Every drawn group against every other: none may cover another.
bool noneIntersect(const CalendarView *view, QString *clash)
{
    const auto &chips = view->drawnChips();
    for (size_t a = 0; a < chips.size(); ++a) {
        for (size_t b = a + 1; b < chips.size(); ++b) {
            if (chips[a].rect.intersects(chips[b].rect)) {
                *clash = QStringLiteral("\"%1\" %2,%3 %4x%5 and \"%6\" %7,%8 %9x%10")
                             .arg(chips[a].text).arg(chips[a].rect.x()).arg(chips[a].rect.y()).arg(chips[a].rect.width())
                             .arg(chips[a].rect.height()).arg(chips[b].text).arg(chips[b].rect.x()).arg(chips[b].rect.y())
                             .arg(chips[b].rect.width()).arg(chips[b].rect.height());
                return false;
            }
        }
    }
    return true;
}

// The hour row of `hour` on `date`, as the view maps times: [top, bottom).
std::pair<int, int> hourRow(const CalendarView *view, const QDate &date, int hour)
{
    const int top = view->pointOf(date, QTime(hour, 0)).y() - 2;
    const int bottom = hour < 23 ? view->pointOf(date, QTime(hour + 1, 0)).y() - 2 : view->height();
    return {top, bottom};
}

struct Fixture {
    ManualClock clock;
    EngineHarness harness;
    CalendarPage page;

    explicit Fixture(const char *now, const QString &zone = QStringLiteral("UTC"))
        : clock(at(now)), harness(1, {}, clock), page(*harness.engine)
    {
        harness.engine->start();
        // The scheduler takes its lease without waiting: once it has, schedules the tests write straight into the
        // store are theirs alone (this runner reads them again only when told to).
        QTRY_VERIFY_WITH_TIMEOUT(harness.engine->scheduler().isLeader(), 10'000);
        page.resize(1280, 820);
        page.setDisplayZone(zone);
        page.show();
        if (page.minimumSizeHint().width() > page.width())
            qWarning("the calendar page needs %d px, more than the %d px it has", page.minimumSizeHint().width(), page.width());
        // Coordinates the tests take must be those of the laid-out window.
        if (!QTest::qWaitForWindowExposed(&page))
            qWarning("the calendar page was not exposed");
    }

    qint64 runAt(qint64 jobId) { return harness.store->openReader()->job(jobId)->runAtMs; }

    qint64 scheduleJob(qint64 runAtMs, const QString &kind = QStringLiteral("noop"))
    {
        JobSpec spec = makeSpec(kind);
        spec.runAtMs = runAtMs;
        return harness.enqueue(spec);
    }
};

} // namespace

class TestCalendar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editorShowsNextOccurrencesAsTyped();
    void editorShowsErrorsAndKeepsSaveDisabled();
    void editorSavesTheSchedule();
    void draggingAOneOffJobToAnotherDayMovesIt();
    void draggingInTheWeekViewLandsOnATimeSlot();
    void pastRunsShowTheirOutcomeAndReason();
    void filterBySchedule();
    void droppingAJobDefinitionSchedulesItOnce();
    void doubleClickOnADayAddsAOneOffJob();
    void periodsStepByMonthWeekAndDay();
    void jobsFolderSchedulesAreShownButEditedInTheFolder();
    void dayViewNeverDrawsOneGroupOverAnother();
    void weekViewCollapsesDenseHoursWithoutOverlap();
    void aDenseHourIsOneBlockThatExpandsAndFoldsOnClick();
    void theNowLineFollowsTheInjectedClockAcrossToday();
    void aDraggedChipShowsTheTimeItWouldMoveTo();
    void aOneOffJobFromADoubleClickedTimeRunsAtThatTime();
    void layoutKeepsGroupsInTheirRowsAndFoldsWhatDoesNotFit();
};

void TestCalendar::editorShowsNextOccurrencesAsTyped()
{
    Fixture f("2026-03-26T12:00:00Z");
    ScheduleEditorDialog *editor = f.page.openScheduleEditor();
    QVERIFY(editor->isVisible());
    auto *zone = editor->findChild<QComboBox *>(QStringLiteral("zoneCombo"));
    zone->setCurrentText(QStringLiteral("Europe/Berlin"));
    auto *cron = editor->findChild<QLineEdit *>(QStringLiteral("cronEdit"));
    QTest::keyClicks(cron, QStringLiteral("30 2 * * *"));
    auto *next = editor->findChild<QListWidget *>(QStringLiteral("nextOccurrences"));
    QTRY_COMPARE(next->count(), 10);
    // In Berlin time, and the night the clocks go forward the run moves to the end of the gap.
    QCOMPARE(next->item(0)->text(), QStringLiteral("Fri  2026-03-27T02:30:00+01:00"));
    QCOMPARE(next->item(2)->text(), QStringLiteral("Sun  2026-03-29T03:00:00+02:00"));
    QCOMPARE(next->item(3)->text(), QStringLiteral("Mon  2026-03-30T02:30:00+02:00"));
    QCOMPARE(editor->findChild<QLabel *>(QStringLiteral("descriptionLabel"))->text(), QStringLiteral("At 02:30"));
    QTest::keyClicks(cron, QStringLiteral("-5")); // "30 2 * * *-5" is wrong; fix it to weekdays
    cron->setText(QStringLiteral("30 2 * * 1-5"));
    QTRY_COMPARE(editor->findChild<QLabel *>(QStringLiteral("descriptionLabel"))->text(),
                 QStringLiteral("At 02:30, Monday through Friday"));
    QCOMPARE(next->item(2)->text(), QStringLiteral("Tue  2026-03-31T02:30:00+02:00"));
    // Another zone: the same wall-clock times, with that zone's offsets.
    zone->setCurrentText(QStringLiteral("America/New_York"));
    QTRY_COMPARE(next->item(0)->text(), QStringLiteral("Fri  2026-03-27T02:30:00-04:00"));
    editor->reject();
}

void TestCalendar::editorShowsErrorsAndKeepsSaveDisabled()
{
    Fixture f("2026-03-26T12:00:00Z");
    ScheduleEditorDialog *editor = f.page.openScheduleEditor();
    QPushButton *save = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *error = editor->findChild<QLabel *>(QStringLiteral("recurrenceError"));
    auto *next = editor->findChild<QListWidget *>(QStringLiteral("nextOccurrences"));
    QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("nightly"));
    QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("cronEdit")), QStringLiteral("0 61 * * *"));
    QTRY_COMPARE(error->text(), QStringLiteral("bad cron expression \"0 61 * * *\": hour field: 61 is out of range 0-23"));
    QVERIFY(error->isVisible());
    QCOMPARE(next->count(), 0);
    QVERIFY(!save->isEnabled());
    QCOMPARE(editor->findChild<QLabel *>(QStringLiteral("editorError"))->text(), error->text());
    auto *cron = editor->findChild<QLineEdit *>(QStringLiteral("cronEdit"));
    cron->setText(QStringLiteral("0 0 30 2 *"));
    QTRY_VERIFY(error->text().startsWith(QLatin1String("bad cron expression \"0 0 30 2 *\": day-of-month field:")));
    cron->setText(QStringLiteral("@daily"));
    QTRY_VERIFY2(save->isEnabled(), qPrintable(editor->validationError()));
    QVERIFY(!error->isVisible());
    // A payload the job kind refuses blocks saving too.
    editor->findChild<QComboBox *>(QStringLiteral("kindCombo"))->setCurrentText(QStringLiteral("noop"));
    editor->findChild<QPlainTextEdit *>(QStringLiteral("payloadEdit"))->setPlainText(QStringLiteral("[1, 2]"));
    QTRY_VERIFY(!save->isEnabled());
    QCOMPARE(editor->validationError(), QStringLiteral("The payload must be a JSON object, like {\"ms\": 1500}."));
    QTRY_VERIFY(editor->findChild<QLabel *>(QStringLiteral("payloadError"))->isVisible());
    editor->reject();
}

void TestCalendar::editorSavesTheSchedule()
{
    Fixture f("2026-03-26T12:00:00Z");
    f.harness.store->apply({SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 4, 3), QDate(2026, 4, 6)}}, f.clock.nowMs()}});
    f.page.data()->reload();
    ScheduleEditorDialog *editor = f.page.openScheduleEditor();
    QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("nightly"));
    editor->findChild<QComboBox *>(QStringLiteral("zoneCombo"))->setCurrentText(QStringLiteral("Europe/Berlin"));
    QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("cronEdit")), QStringLiteral("30 2 * * 1-5"));
    editor->findChild<QComboBox *>(QStringLiteral("overlapCombo"))->setCurrentIndex(1);
    auto *exclusions = editor->findChild<QListWidget *>(QStringLiteral("exclusionList"));
    QCOMPARE(exclusions->count(), 1);
    exclusions->item(0)->setCheckState(Qt::Checked);
    QPushButton *save = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTRY_VERIFY2(save->isEnabled(), qPrintable(editor->validationError()));
    QTest::mouseClick(save, Qt::LeftButton);
    auto reader = f.harness.store->openScheduleReader();
    QTRY_VERIFY(reader->schedule(QStringLiteral("nightly")).has_value());
    const ScheduleRecord s = *reader->schedule(QStringLiteral("nightly"));
    QCOMPARE(s.spec.cron, QStringLiteral("30 2 * * 1-5"));
    QCOMPARE(s.spec.zone, QStringLiteral("Europe/Berlin"));
    QCOMPARE(s.spec.overlap, OverlapPolicy::Skip);
    QCOMPARE(s.spec.exclusions, QStringList{QStringLiteral("holidays")});
    QCOMPARE(s.nextFireAtMs, at("2026-03-27T02:30:00+01:00"));
}

void TestCalendar::draggingAOneOffJobToAnotherDayMovesIt()
{
    Fixture f("2026-06-10T12:00:00Z");
    const qint64 job = f.scheduleJob(at("2026-06-15T09:30:00Z"));
    f.page.showDate(QDate(2026, 6, 10));
    CalendarView *view = f.page.currentView();
    QTRY_VERIFY(view->rectOf(job).isValid());
    const QPoint from = view->rectOf(job).center();
    const QPoint to = view->pointOf(QDate(2026, 6, 18), QTime());
    drag(view, from, to);
    // Same time of day, another day.
    QTRY_COMPARE(formatIsoTime(f.runAt(job)), QStringLiteral("2026-06-18T09:30:00.000Z"));
    // And it is drawn in the 18th's cell now.
    const QPoint target = view->pointOf(QDate(2026, 6, 18), QTime());
    QTRY_VERIFY(std::abs(view->rectOf(job).center().x() - target.x()) < view->width() / 14);
    QVERIFY(view->rectOf(job).top() < target.y() && target.y() - view->rectOf(job).top() < view->height() / 6);
    QCOMPARE(target, to); // the calendar kept its size when the job was selected
    QCOMPARE(f.page.undoStack()->count(), 1);
    QTest::mouseClick(f.page.findChild<QWidget *>(QStringLiteral("undoButton")), Qt::LeftButton);
    QTRY_COMPARE(formatIsoTime(f.runAt(job)), QStringLiteral("2026-06-15T09:30:00.000Z"));
    f.page.undoStack()->redo();
    QTRY_COMPARE(formatIsoTime(f.runAt(job)), QStringLiteral("2026-06-18T09:30:00.000Z"));
    QCOMPARE(f.harness.store->openReader()->job(job)->state, JobState::Scheduled);
}

void TestCalendar::draggingInTheWeekViewLandsOnATimeSlot()
{
    Fixture f("2026-06-10T12:00:00Z", QStringLiteral("Europe/Berlin"));
    const qint64 job = f.scheduleJob(at("2026-06-11T09:30:00+02:00"));
    f.page.setMode(CalendarPage::Mode::Week);
    f.page.showDate(QDate(2026, 6, 11));
    CalendarView *view = f.page.currentView();
    QTRY_VERIFY(view->rectOf(job).isValid());
    drag(view, view->rectOf(job).center() - QPoint(0, view->rectOf(job).height() / 2 - 2),
         view->pointOf(QDate(2026, 6, 13), QTime(14, 7)));
    // Saturday 14:00 Berlin time: the slot under the cursor, on the quarter hour.
    QTRY_COMPARE(formatIsoTime(f.runAt(job)), QStringLiteral("2026-06-13T12:00:00.000Z"));
}

void TestCalendar::pastRunsShowTheirOutcomeAndReason()
{
    Fixture f("2026-06-20T12:00:00Z");
    const qint64 id = saveSchedule(*f.harness.store, intervalSpec(QStringLiteral("reports"), 86'400'000, at("2026-06-01T06:00:00Z")),
                                   at("2026-06-01T00:00:00Z"));
    FireOccurrence skipped{id, at("2026-06-03T06:00:00Z"), OccurrenceOutcome::Skipped,
                           QStringLiteral("job 4 is still running (overlap policy skip)"), std::nullopt,
                           at("2026-06-03T06:00:00Z"), QStringLiteral("r"), {}};
    FireOccurrence fired{id, at("2026-06-04T06:00:00Z"), OccurrenceOutcome::Fired, {}, makeSpec(QStringLiteral("noop")),
                         at("2026-06-04T06:00:00Z"), QStringLiteral("r"), {}};
    f.harness.store->apply({skipped, fired});
    f.page.showDate(QDate(2026, 6, 10));
    CalendarView *view = f.page.currentView();
    QTRY_VERIFY(view->rectOf(0, id, at("2026-06-03T06:00:00Z")).isValid());
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->rectOf(0, id, at("2026-06-03T06:00:00Z")).center());
    auto *details = f.page.details();
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsTitle"))->text(), QStringLiteral("reports"));
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailsStatus"))->text().contains(QLatin1String("Skipped")));
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsReason"))->text(),
             QStringLiteral("job 4 is still running (overlap policy skip)"));
    // Planned occurrences after now are there too, and the details say so.
    QTRY_VERIFY(view->rectOf(0, id, at("2026-06-21T06:00:00Z")).isValid());
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->rectOf(0, id, at("2026-06-21T06:00:00Z")).center());
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailsStatus"))->text().contains(QLatin1String("Planned")));
    QVERIFY(details->findChild<QPushButton *>(QStringLiteral("runNowButton"))->isVisible());
    // Run now from the details: a job and a recorded occurrence.
    QTest::mouseClick(details->findChild<QPushButton *>(QStringLiteral("runNowButton")), Qt::LeftButton);
    QTRY_COMPARE(f.harness.store->openScheduleReader()->occurrences({0, at("2027-01-01T00:00:00Z"), id, 100}).size(), size_t(3));
}

void TestCalendar::filterBySchedule()
{
    Fixture f("2026-06-10T12:00:00Z");
    for (const char *name : {"alpha", "beta"})
        saveSchedule(*f.harness.store, intervalSpec(QLatin1String(name), 86'400'000, at("2026-06-01T06:00:00Z")), f.clock.nowMs());
    f.page.data()->reload();
    auto *filter = f.page.findChild<QComboBox *>(QStringLiteral("scheduleFilter"));
    QTRY_COMPARE(filter->count(), 3);
    const auto titles = [&] {
        QStringList t;
        for (const CalendarEntry &e : f.page.data()->result().entries)
            t << e.title;
        t.removeDuplicates();
        t.sort();
        return t;
    };
    QCOMPARE(titles(), QStringList({"alpha", "beta"}));
    filter->setCurrentIndex(filter->findData(QStringLiteral("beta")));
    Q_EMIT filter->activated(filter->currentIndex());
    QTRY_COMPARE(titles(), QStringList({"beta"}));
}

void TestCalendar::droppingAJobDefinitionSchedulesItOnce()
{
    Fixture f("2026-06-10T12:00:00Z");
    f.page.setJobDefinitions({QStringLiteral("thumbnails")}, [](const QString &, QString *) -> std::optional<JobSpec> {
        return makeSpec(QStringLiteral("noop"));
    });
    f.page.setMode(CalendarPage::Mode::Day);
    f.page.showDate(QDate(2026, 6, 12));
    CalendarView *view = f.page.currentView();
    QMimeData mime;
    mime.setData(CalendarView::kPaletteMimeType, "definition:thumbnails");
    const QPoint target = view->pointOf(QDate(2026, 6, 12), QTime(16, 40));
    QDragEnterEvent enter(target, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(target), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &drop);
    auto reader = f.harness.store->openScheduleReader();
    QTRY_COMPARE(reader->schedules().size(), size_t(1));
    const ScheduleRecord s = reader->schedules().front();
    QCOMPARE(s.spec.kind, ScheduleKind::Once);
    QCOMPARE(s.spec.definition, QStringLiteral("thumbnails"));
    QCOMPARE(formatIsoTime(s.spec.atMs), QStringLiteral("2026-06-12T16:30:00.000Z"));
    QCOMPARE(s.spec.name, QStringLiteral("thumbnails 2026-06-12 16:30"));
    // It shows where it was dropped, and can be dragged elsewhere like a one-off job.
    QTRY_VERIFY(view->rectOf(0, s.id, s.spec.atMs).isValid());
    drag(view, view->rectOf(0, s.id, s.spec.atMs).center() - QPoint(0, view->rectOf(0, s.id, s.spec.atMs).height() / 2 - 2),
         view->pointOf(QDate(2026, 6, 12), QTime(18, 5)));
    QTRY_COMPARE(formatIsoTime(reader->schedules().front().spec.atMs), QStringLiteral("2026-06-12T18:00:00.000Z"));
    QCOMPARE(reader->schedules().front().nextFireAtMs, at("2026-06-12T18:00:00Z"));
}

void TestCalendar::doubleClickOnADayAddsAOneOffJob()
{
    Fixture f("2026-06-10T12:00:00Z");
    f.page.showDate(QDate(2026, 6, 10));
    CalendarView *view = f.page.currentView();
    QTest::mouseDClick(view, Qt::LeftButton, Qt::NoModifier, view->pointOf(QDate(2026, 6, 24), QTime()));
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = f.page.findChild<QMenu *>(QStringLiteral("dayMenu"))) != nullptr);
    QAction *job = menu->findChild<QAction *>(QStringLiteral("newOneOffJobAction"));
    QVERIFY(job);
    QVERIFY(job->text().contains(QLatin1String("Wed 24 Jun 09:00")));
    job->trigger();
    NewJobDialog *dialog = f.page.oneOffJobDialog();
    QVERIFY(dialog);
    dialog->setKind(QStringLiteral("noop"));
    dialog->setPayload(QStringLiteral("{}"));
    dialog->accept();
    auto reader = f.harness.store->openReader();
    QTRY_COMPARE(reader->scheduledBetween(0, at("2027-01-01T00:00:00Z"), 10).size(), size_t(1));
    QCOMPARE(formatIsoTime(reader->scheduledBetween(0, at("2027-01-01T00:00:00Z"), 10).front().runAtMs),
             QStringLiteral("2026-06-24T09:00:00.000Z"));
}

void TestCalendar::periodsStepByMonthWeekAndDay()
{
    Fixture f("2026-06-10T12:00:00Z");
    auto *period = f.page.findChild<QLabel *>(QStringLiteral("periodLabel"));
    f.page.showDate(QDate(2026, 6, 10));
    QCOMPARE(period->text(), QStringLiteral("June 2026"));
    QTest::mouseClick(f.page.findChild<QWidget *>(QStringLiteral("nextButton")), Qt::LeftButton);
    QCOMPARE(period->text(), QStringLiteral("July 2026"));
    QTest::mouseClick(f.page.findChild<QWidget *>(QStringLiteral("weekButton")), Qt::LeftButton);
    QCOMPARE(period->text(), QStringLiteral("6 – 12 July 2026"));
    QTest::mouseClick(f.page.findChild<QWidget *>(QStringLiteral("dayButton")), Qt::LeftButton);
    QCOMPARE(period->text(), QStringLiteral("Friday 10 July 2026"));
    QTest::mouseClick(f.page.findChild<QWidget *>(QStringLiteral("todayButton")), Qt::LeftButton);
    QCOMPARE(period->text(), QStringLiteral("Wednesday 10 June 2026"));
    QCOMPARE(f.page.data()->fromMs(), at("2026-06-10T00:00:00Z"));
    QCOMPARE(f.page.data()->toMs(), at("2026-06-11T00:00:00Z"));
}

void TestCalendar::jobsFolderSchedulesAreShownButEditedInTheFolder()
{
    Fixture f("2026-06-10T12:00:00Z");
    JobDefinition definition;
    definition.name = QStringLiteral("nightly-report");
    definition.schedule = QStringLiteral("0 3 * * *");
    ScheduleSpec spec = DefinitionSchedules::specFor(definition);
    spec.zone = QStringLiteral("UTC");
    const qint64 id = saveSchedule(*f.harness.store, spec, f.clock.nowMs());
    f.page.data()->reload();
    f.page.showDate(QDate(2026, 6, 10));
    CalendarView *view = f.page.currentView();
    QTRY_VERIFY(view->rectOf(0, id, at("2026-06-11T03:00:00Z")).isValid());
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, view->rectOf(0, id, at("2026-06-11T03:00:00Z")).center());
    auto *details = f.page.details();
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailsTitle"))->text(), QStringLiteral("jobs/nightly-report"));
    auto *edit = details->findChild<QPushButton *>(QStringLiteral("editScheduleButton"));
    QVERIFY(edit->isVisible());
    QVERIFY(!edit->isEnabled());
    QVERIFY(edit->toolTip().contains(QLatin1String("settings.job of job definition nightly-report")));
    QVERIFY(details->findChild<QPushButton *>(QStringLiteral("runNowButton"))->isEnabled());

    // A new schedule may not take a name of the folder's.
    ScheduleEditorDialog *editor = f.page.openScheduleEditor();
    QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("jobs/mine"));
    QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("cronEdit")), QStringLiteral("@daily"));
    QPushButton *save = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTRY_VERIFY(editor->validationError().startsWith(QLatin1String("Names starting with \"jobs/\" belong to the jobs folder")));
    QVERIFY(!save->isEnabled());
    QVERIFY(editor->findChild<QLabel *>(QStringLiteral("editorError"))->isVisible());
    editor->reject();
}


namespace {

// A schedule firing every minute all day, with the morning's runs recorded (skipped in 05:50-05:59, the rest
// excluded, so each hour's group is shown by a run late in the hour), and schedules every 5 and 15 minutes and
// hourly from noon on; one-off jobs in the afternoon close to each other and to the hour.
struct DenseDay : Fixture {
    qint64 everyMinute = 0;
    std::vector<qint64> oneOffs;

    DenseDay() : Fixture("2026-06-10T12:00:00Z")
    {
        const qint64 midnight = at("2026-06-10T00:00:00Z");
        everyMinute = saveSchedule(*harness.store, intervalSpec(QStringLiteral("heartbeat"), 60'000, midnight), clock.nowMs());
        saveSchedule(*harness.store, intervalSpec(QStringLiteral("sample"), 300'000, midnight), clock.nowMs());
        saveSchedule(*harness.store, intervalSpec(QStringLiteral("warm-up"), 900'000, midnight), clock.nowMs());
        saveSchedule(*harness.store, intervalSpec(QStringLiteral("rollup"), 3'600'000, midnight), clock.nowMs());
        WriteBatch history;
        for (qint64 t = midnight; t < clock.nowMs(); t += 60'000) {
            const bool late = t >= at("2026-06-10T05:50:00Z") && t < at("2026-06-10T06:00:00Z");
            history.push_back(FireOccurrence{everyMinute, t, late ? OccurrenceOutcome::Skipped : OccurrenceOutcome::Excluded,
                                             QStringLiteral("test"), std::nullopt, t, QStringLiteral("r"), {}});
        }
        harness.store->apply(std::move(history));
        for (const char *t : {"2026-06-10T14:50:00Z", "2026-06-10T14:55:00Z", "2026-06-10T15:00:00Z", "2026-06-10T23:58:00Z"})
            oneOffs.push_back(scheduleJob(at(t)));
        page.data()->reload();
    }
};

} // namespace

void TestCalendar::dayViewNeverDrawsOneGroupOverAnother()
{
    DenseDay f;
    f.page.setMode(CalendarPage::Mode::Day);
    f.page.showDate(QDate(2026, 6, 10));
    CalendarView *view = f.page.currentView();
    const QDate day(2026, 6, 10);
    QTRY_VERIFY(view->rectOf(0, f.everyMinute, at("2026-06-10T05:57:00Z")).isValid());
    QTRY_VERIFY(view->rectOf(f.oneOffs.back()).isValid());
    QString clash;
    QVERIFY2(noneIntersect(view, &clash), qPrintable(clash));
    // Each group inside the row of its hour: 05:50-05:59 never reaches into 06:00.
    const auto &entries = f.page.data()->result().entries;
    int checked = 0;
    for (const CalendarView::Chip &chip : view->drawnChips()) {
        const int hour = QDateTime::fromMSecsSinceEpoch(entries[size_t(chip.entries.front())].atMs, QTimeZone::utc()).time().hour();
        for (int i : chip.entries)
            QCOMPARE(QDateTime::fromMSecsSinceEpoch(entries[size_t(i)].atMs, QTimeZone::utc()).time().hour(), hour);
        const auto [top, bottom] = hourRow(view, day, hour);
        QVERIFY2(chip.rect.top() >= top && chip.rect.bottom() < bottom,
                 qPrintable(QStringLiteral("%1 at %2-%3 outside %4-%5").arg(chip.text).arg(chip.rect.top()).arg(chip.rect.bottom()).arg(top).arg(bottom)));
        ++checked;
    }
    // Every hour of the day has its group of the schedule firing every minute, each a chip of 60.
    QVERIFY(checked >= 24);
    const QRect five = view->rectOf(0, f.everyMinute, at("2026-06-10T05:57:00Z"));
    QCOMPARE(view->rectOf(0, f.everyMinute, at("2026-06-10T05:00:00Z")), five);
    QVERIFY(five.bottom() < view->rectOf(0, f.everyMinute, at("2026-06-10T06:00:00Z")).top());
    // One-off jobs five minutes apart are side by side, not on top of each other.
    QVERIFY(view->rectOf(f.oneOffs[0]).isValid() && view->rectOf(f.oneOffs[1]).isValid());
    QVERIFY(!view->rectOf(f.oneOffs[0]).intersects(view->rectOf(f.oneOffs[1])));
}

void TestCalendar::weekViewCollapsesDenseHoursWithoutOverlap()
{
    DenseDay f;
    const qint64 night = saveSchedule(*f.harness.store, intervalSpec(QStringLiteral("night"), 86'400'000, at("2026-06-11T14:20:00Z")),
                                      f.clock.nowMs());
    f.page.setMode(CalendarPage::Mode::Week);
    f.page.showDate(QDate(2026, 6, 10));
    CalendarView *view = f.page.currentView();
    f.page.data()->reload();
    QTRY_VERIFY(view->rectOf(0, night, at("2026-06-11T14:20:00Z")).isValid());
    QString clash;
    QVERIFY2(noneIntersect(view, &clash), qPrintable(clash));
    // A day's column is too narrow for the hour's four schedules side by side: each hour of each day is a block.
    int blocks = 0;
    for (const CalendarView::Chip &chip : view->drawnChips()) {
        if (chip.kind != CalendarView::Chip::Kind::Runs)
            continue;
        ++blocks;
        const auto [top, bottom] = hourRow(view, QDate(2026, 6, 10), chip.hour);
        QVERIFY(chip.rect.top() >= top && chip.rect.bottom() < bottom);
    }
    QVERIFY2(blocks >= 4 * 24, qPrintable(QString::number(blocks)));
    // The schedule's run at 14:20 is in its hour's block, which stands for all of that hour's runs.
    const QRect night11 = view->rectOf(0, night, at("2026-06-11T14:20:00Z"));
    QCOMPARE(night11, view->rectOf(0, f.everyMinute, at("2026-06-11T14:59:00Z")));
    QVERIFY(night11.height() > view->rectOf(0, f.everyMinute, at("2026-06-10T05:59:00Z")).height() / 2);
}

void TestCalendar::aDenseHourIsOneBlockThatExpandsAndFoldsOnClick()
{
    DenseDay f;
    // Ten more schedules every ten minutes: more groups in an afternoon hour than fit side by side in the day.
    std::vector<qint64> tens;
    for (int i = 0; i < 10; ++i)
        tens.push_back(saveSchedule(*f.harness.store, intervalSpec(QStringLiteral("export %1").arg(i), 600'000, at("2026-06-10T00:00:00Z")),
                                    f.clock.nowMs()));
    f.page.data()->reload();
    f.page.setMode(CalendarPage::Mode::Day);
    f.page.showDate(QDate(2026, 6, 10));
    auto *view = qobject_cast<TimeGridView *>(f.page.currentView());
    QVERIFY(view);
    const auto block = [&](CalendarView::Chip::Kind kind, int hour) -> const CalendarView::Chip * {
        for (const CalendarView::Chip &chip : view->drawnChips()) {
            if (chip.kind == kind && chip.hour == hour)
                return &chip;
        }
        return nullptr;
    };
    QTRY_VERIFY(block(CalendarView::Chip::Kind::Runs, 14) != nullptr);
    // 60 + 12 + 4 + 1 runs of the first schedules, 6 of each new one, and the two one-off jobs at 14:50 and 14:55.
    QCOMPARE(block(CalendarView::Chip::Kind::Runs, 14)->text, QStringLiteral("139 runs"));
    QCOMPARE(view->rectOf(0, tens[3], at("2026-06-10T14:30:00Z")), block(CalendarView::Chip::Kind::Runs, 14)->rect);
    QVERIFY(!view->expandedHour());

    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, block(CalendarView::Chip::Kind::Runs, 14)->rect.center());
    QCOMPARE(view->expandedHour(), std::optional<int>(14));
    QVERIFY(!block(CalendarView::Chip::Kind::Runs, 14));
    const CalendarView::Chip *fold = block(CalendarView::Chip::Kind::Fold, 14);
    QVERIFY(fold);
    // Each group of the hour has a chip of its own now, under the header, none over another.
    QSet<QRect> seen;
    for (qint64 id : tens) {
        const QRect r = view->rectOf(0, id, at("2026-06-10T14:30:00Z"));
        QVERIFY(r.isValid());
        QVERIFY(r.top() > fold->rect.bottom());
        seen.insert(r);
    }
    QCOMPARE(seen.size(), 10);
    QVERIFY(view->rectOf(f.oneOffs[0]).isValid());
    QString clash;
    QVERIFY2(noneIntersect(view, &clash), qPrintable(clash));
    // The other hours made room and still hold their groups in their rows.
    const auto [top, bottom] = hourRow(view, QDate(2026, 6, 10), 14);
    QVERIFY(bottom - top > view->height() / 10);

    // A click on the header folds the hour again.
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, fold->rect.center());
    QVERIFY(!view->expandedHour());
    QVERIFY(block(CalendarView::Chip::Kind::Runs, 14));
    QVERIFY(!block(CalendarView::Chip::Kind::Fold, 14));
    QVERIFY2(noneIntersect(view, &clash), qPrintable(clash));
}

void TestCalendar::theNowLineFollowsTheInjectedClockAcrossToday()
{
    Fixture f("2026-06-10T12:30:00Z", QStringLiteral("Europe/Berlin"));
    f.page.setMode(CalendarPage::Mode::Day);
    f.page.showDate(QDate(2026, 6, 10));
    auto *view = qobject_cast<TimeGridView *>(f.page.currentView());
    QVERIFY(view);
    // 14:30 in Berlin, across the day's column.
    QCOMPARE(view->nowLine().y1(), view->pointOf(QDate(2026, 6, 10), QTime(14, 30)).y() - 2);
    QCOMPARE(view->nowLine().y2(), view->nowLine().y1());
    QVERIFY(view->nowLine().dx() > view->width() * 3 / 4);
    f.clock.advance(3 * 3'600'000 + 15 * 60'000);
    QCOMPARE(view->nowLine().y1(), view->pointOf(QDate(2026, 6, 10), QTime(17, 45)).y() - 2);
    // Only across today: none on another day, and in the week only today's column.
    f.page.showDate(QDate(2026, 6, 11));
    QVERIFY(view->nowLine().isNull());
    f.page.setMode(CalendarPage::Mode::Week);
    f.page.showDate(QDate(2026, 6, 10));
    const QLine line = view->nowLine();
    QVERIFY(!line.isNull());
    const QPoint wednesday = view->pointOf(QDate(2026, 6, 10), QTime(17, 45));
    QVERIFY(line.x1() < wednesday.x() && wednesday.x() < line.x2());
    QVERIFY(line.dx() < view->width() / 7);
    QCOMPARE(line.y1(), wednesday.y() - 2);
}

void TestCalendar::aDraggedChipShowsTheTimeItWouldMoveTo()
{
    Fixture f("2026-06-10T12:00:00Z", QStringLiteral("Europe/Berlin"));
    const qint64 job = f.scheduleJob(at("2026-06-11T09:30:00+02:00"));
    f.page.setMode(CalendarPage::Mode::Week);
    f.page.showDate(QDate(2026, 6, 11));
    CalendarView *view = f.page.currentView();
    QTRY_VERIFY(view->rectOf(job).isValid());
    QVERIFY(view->dragTimeText().isEmpty());
    const QPoint from = view->rectOf(job).center();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, from);
    const QPoint saturday = view->pointOf(QDate(2026, 6, 13), QTime(14, 7));
    moveHeld(view, from, saturday);
    QCOMPARE(view->dragTimeText(), QStringLiteral("Sat 13, 14:00"));
    const QPoint later = view->pointOf(QDate(2026, 6, 11), QTime(16, 50));
    moveHeld(view, saturday, later);
    QCOMPARE(view->dragTimeText(), QStringLiteral("16:45")); // the same day: the time is enough
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, later);
    QVERIFY(view->dragTimeText().isEmpty());
    QTRY_COMPARE(formatIsoTime(f.runAt(job)), QStringLiteral("2026-06-11T14:45:00.000Z"));
}

void TestCalendar::aOneOffJobFromADoubleClickedTimeRunsAtThatTime()
{
    Fixture f("2026-06-10T12:00:00Z", QStringLiteral("Europe/Berlin"));
    f.page.setMode(CalendarPage::Mode::Day);
    f.page.showDate(QDate(2026, 6, 12));
    CalendarView *view = f.page.currentView();
    QTest::mouseDClick(view, Qt::LeftButton, Qt::NoModifier, view->pointOf(QDate(2026, 6, 12), QTime(16, 40)));
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = f.page.findChild<QMenu *>(QStringLiteral("dayMenu"))) != nullptr);
    QAction *job = menu->findChild<QAction *>(QStringLiteral("newOneOffJobAction"));
    QVERIFY(job->text().contains(QLatin1String("Fri 12 Jun 16:30")));
    job->trigger();
    NewJobDialog *dialog = f.page.oneOffJobDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(QLatin1String("2026-06-12T16:30:00+02:00")));
    // The field says what the title says, in the calendar's zone, and is ticked.
    QVERIFY(dialog->findChild<QCheckBox *>(QStringLiteral("runLaterCheck"))->isChecked());
    auto *edit = dialog->findChild<QDateTimeEdit *>(QStringLiteral("runAtEdit"));
    QVERIFY(edit->isEnabled());
    QCOMPARE(edit->text(), QStringLiteral("2026-06-12 16:30"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("runAtZoneLabel"))->text(), QStringLiteral("Europe/Berlin"));
    // A time changed in the field is the one enqueued.
    edit->setTime(QTime(17, 15));
    dialog->setKind(QStringLiteral("noop"));
    dialog->setPayload(QStringLiteral("{}"));
    dialog->accept();
    auto reader = f.harness.store->openReader();
    QTRY_COMPARE(reader->scheduledBetween(0, at("2027-01-01T00:00:00Z"), 10).size(), size_t(1));
    QCOMPARE(formatIsoTime(reader->scheduledBetween(0, at("2027-01-01T00:00:00Z"), 10).front().runAtMs),
             QStringLiteral("2026-06-12T15:15:00.000Z"));
}

void TestCalendar::layoutKeepsGroupsInTheirRowsAndFoldsWhatDoesNotFit()
{
    DayGridLayout::Geometry g;
    g.column = QRect(100, 40, 300, 480);
    g.rowTops = DayGridLayout::rowTops(40, 520, std::nullopt, 0);
    QCOMPARE(g.rowTops[1] - g.rowTops[0], 20);
    g.chipHeight = DayGridLayout::chipHeight(20);
    g.lanes = 2;
    const std::vector<DayGridLayout::Group> groups = {{5}, {5}, {6}, {7}, {7}, {7}};
    const auto inRow = [&](const QRect &r, int hour) {
        return r.isValid() && r.top() >= g.rowTops[size_t(hour)] && r.bottom() < g.rowTops[size_t(hour + 1)]
            && r.left() >= g.column.left() && r.right() <= g.column.right();
    };
    DayGridLayout::Result r = DayGridLayout::layout(groups, g);
    // Two in 05:00 side by side, one in 06:00; three do not fit in 07:00, which is one block.
    QVERIFY(inRow(r.rects[0], 5) && inRow(r.rects[1], 5) && inRow(r.rects[2], 6));
    QVERIFY(!r.rects[0].intersects(r.rects[1]));
    QCOMPARE(r.rects[0].top(), r.rects[1].top());
    QVERIFY(r.rects[3].isEmpty() && r.rects[4].isEmpty() && r.rects[5].isEmpty());
    QCOMPARE(r.blocks.size(), size_t(1));
    QCOMPARE(r.blocks[0].kind, DayGridLayout::BlockKind::Runs);
    QCOMPARE(r.blocks[0].groups, std::vector<int>({3, 4, 5}));
    QVERIFY(inRow(r.blocks[0].rect, 7));

    // Expanded, 07:00 grows to what it needs, the others share the rest, and its groups stand under a header.
    g.expandedHour = 7;
    const int need = DayGridLayout::expandedHeight(3, g.chipHeight, 2);
    g.rowTops = DayGridLayout::rowTops(40, 520, 7, need);
    QCOMPARE(g.rowTops[8] - g.rowTops[7], need);
    QCOMPARE(g.rowTops[24], 520);
    QVERIFY(g.rowTops[1] - g.rowTops[0] >= DayGridLayout::kMinRowHeight);
    r = DayGridLayout::layout(groups, g);
    QCOMPARE(r.blocks.size(), size_t(1));
    QCOMPARE(r.blocks[0].kind, DayGridLayout::BlockKind::Fold);
    for (size_t k = 3; k < 6; ++k) {
        QVERIFY(inRow(r.rects[k], 7));
        QVERIFY(r.rects[k].top() > r.blocks[0].rect.bottom());
    }
    QVERIFY(!r.rects[3].intersects(r.rects[4]) && !r.rects[3].intersects(r.rects[5]) && !r.rects[4].intersects(r.rects[5]));
    QVERIFY(inRow(r.rects[0], 5) && inRow(r.rects[2], 6));
}

QTEST_MAIN(TestCalendar)
#include "tst_calendar.moc"
