// The pages that act on many jobs, driven through their widgets: Poison (inspect, requeue with an edited payload,
// requeue all, delete, export), Queue (dispatch order, priority, run now, pause a queue and its limit) and
// History (filters, search, sort, the count, new jobs waiting to be shown).

#include "JobTableModel.h"
#include "JobTableView.h"
#include "AppSettings.h"
#include "MainWindow.h"
#include "StateCounter.h"
#include "UiTestSupport.h"
#include "widgets/JobTableSetup.h"
#include "actions/JobActions.h"
#include "models/HistoryModel.h"
#include "models/QueueSummaryModel.h"
#include "models/WaitingJobsModel.h"
#include "pages/HistoryPage.h"
#include "pages/PoisonPage.h"
#include "pages/QueuePage.h"
#include "pages/RunningPage.h"
#include "widgets/HeldJobsNote.h"

#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

JobSpec poison(const QString &message, const QString &queue = {})
{
    JobSpec s = makeSpec(QStringLiteral("fail"), {{QStringLiteral("message"), message}, {QStringLiteral("retryable"), false}}, queue);
    s.maxAttempts = 1;
    return s;
}

QList<qint64> idsIn(const QAbstractItemModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(JobRoles::JobIdRole).toLongLong();
    return ids;
}

} // namespace

class TestPages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useOwnSettings(); }
    void requeuesAPoisonJobWithAnEditedPayload();
    void requeuesAllDeletesAndExportsPoison();
    void queueShowsDispatchOrderAndChangesIt();
    void pausesAQueueAndLimitsIt();
    void historyFiltersSearchesAndSorts();
};

void TestPages::requeuesAPoisonJobWithAnEditedPayload()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    const qint64 id = h.enqueue(poison(QStringLiteral("no such printer")));
    window.showPage(QStringLiteral("poison"));
    PoisonPage &page = *window.poisonPage();
    JobTableView &table = *page.table();
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(*table.model(), id), QStringLiteral("dead"), 10'000);

    // Selecting it shows its error and payload in the inspector.
    QTest::mouseClick(table.viewport(), Qt::LeftButton, {}, table.visualRect(table.model()->index(rowOf(*table.model(), id), 1)).center());
    auto *error = child<QLabel>(page, "inspectedError");
    QTRY_VERIFY(error->text().contains(QLatin1String("no such printer")));
    auto *editor = child<QPlainTextEdit>(page, "poisonPayloadEdit");
    auto *requeue = child<QPushButton>(page, "requeueEditedButton");
    QVERIFY(editor->toPlainText().contains(QLatin1String("no such printer")));
    QVERIFY(requeue->isEnabled());

    // Broken JSON, then JSON that is no object: the button stays disabled and the problem is shown.
    editor->setPlainText(QStringLiteral("{\"times\": 0,"));
    QVERIFY(!requeue->isEnabled());
    QVERIFY(child<QLabel>(page, "poisonPayloadError")->isVisible());
    editor->setPlainText(QStringLiteral("[0]"));
    QVERIFY(!requeue->isEnabled());
    QVERIFY(child<QLabel>(page, "poisonPayloadError")->text().contains(QLatin1String("object")));
    // The fix: fail no time at all.
    editor->setPlainText(QStringLiteral("{\n  \"message\": \"printer back\",\n  \"times\": 0\n}"));
    QVERIFY(requeue->isEnabled());
    QTest::mouseClick(requeue, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(id)->state, JobState::Succeeded, 10'000);
    const JobRecord job = *h.store->openReader()->job(id);
    QCOMPARE(job.payload, QByteArrayLiteral("{\"message\":\"printer back\",\"times\":0}"));
    QVERIFY(job.stateReason.contains(QLatin1String("succeeded")));
    QTRY_COMPARE(rowOf(*table.model(), id), -1); // no longer poison
    bool edited = false;
    for (const StateChange &c : h.store->openReader()->stateChanges(id))
        edited = edited || c.reason.contains(QLatin1String("edited payload"));
    QVERIFY(edited);
}

void TestPages::requeuesAllDeletesAndExportsPoison()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    // The first question is answered "Don't ask again" and the prompt counts what it was asked.
    QList<Confirmation> asked;
    AppSettings::forgetConfirmations();
    window.console().actions.setPrompt([&asked](const Confirmation &question) {
        asked << question;
        return ConfirmAnswer{true, question.kind == ConfirmKind::DeleteJobs};
    });
    window.showPage(QStringLiteral("poison"));
    PoisonPage &page = *window.poisonPage();
    JobTableView &table = *page.table();
    // With nothing dead, Requeue all has nothing to act on, nor have the commands on a selection.
    auto *requeueAll = child<QAction>(page, "requeueAllAction");
    QVERIFY(!requeueAll->isEnabled());
    QVERIFY(!clickButtonFor(page, "requeueAllAction"));
    for (const char *name : {"requeueAction", "deleteAction", "exportAction", "detailsAction"})
        QVERIFY2(!child<QAction>(page, name)->isEnabled(), name);
    QList<qint64> dead;
    for (int i = 0; i < 4; ++i)
        dead << h.enqueue(poison(QStringLiteral("broken %1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(table.model()->rowCount(), 4, 10'000);
    QTRY_VERIFY(requeueAll->isEnabled());

    // Export two selected jobs to JSON.
    const QString path = h.dir.filePath(QStringLiteral("poison.json"));
    page.setExportPathChooser([path] { return path; });
    selectJobs(table, {dead[0], dead[1]});
    QVERIFY(clickButtonFor(page, "exportAction"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray exported = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(exported.size(), 2);
    QCOMPARE(exported[0].toObject().value(QLatin1String("state")).toString(), QStringLiteral("dead"));
    QVERIFY(exported[0].toObject().value(QLatin1String("error")).toString().startsWith(QLatin1String("broken")));
    QCOMPARE(exported[0].toObject().value(QLatin1String("attempts")).toArray().size(), 1);

    // Delete one (the Delete key, with the table focused).
    selectJobs(table, {dead[2]});
    table.setFocus();
    QTest::keyClick(&table, Qt::Key_Delete);
    QTRY_COMPARE(table.model()->rowCount(), 3);
    QVERIFY(!h.store->openReader()->job(dead[2]));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, ConfirmKind::DeleteJobs);
    QCOMPARE(asked[0].count, 1);
    QVERIFY(AppSettings::skipsConfirmation(ConfirmKind::DeleteJobs));

    // Requeue all: each gets a fresh round and dies again (still broken), so all come back.
    QTRY_COMPARE(window.console().counts.count(JobState::Dead), 3);
    QVERIFY(clickButtonFor(page, "requeueAllAction"));
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked[1].kind, ConfirmKind::RequeueAll);
    QCOMPARE(asked[1].count, 3);
    QVERIFY(!AppSettings::skipsConfirmation(ConfirmKind::RequeueAll));
    QTRY_VERIFY_WITH_TIMEOUT(h.store->openReader()->stateChanges(dead[3]).size() >= 6, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(table.model()->rowCount(), 3, 10'000);
    for (qint64 id : {dead[0], dead[1], dead[3]})
        QCOMPARE(h.store->openReader()->job(id)->totalAttempts, 2);

    // Deleting again does not ask, until the questions are brought back.
    selectJobs(table, {dead[3]});
    QVERIFY(clickButtonFor(page, "deleteAction"));
    QTRY_COMPARE(table.model()->rowCount(), 2);
    QCOMPARE(asked.size(), 2);
    AppSettings::forgetConfirmations();
    QCOMPARE(AppSettings::skippedConfirmations(), 0);
    window.console().actions.setPrompt([&asked](const Confirmation &question) {
        asked << question;
        return ConfirmAnswer{false, false};
    });
    selectJobs(table, {dead[1]});
    QVERIFY(clickButtonFor(page, "deleteAction"));
    QCOMPARE(asked.size(), 3);
    QVERIFY(h.store->openReader()->job(dead[1]));
}

void TestPages::queueShowsDispatchOrderAndChangesIt()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    h.engine->setPaused(true);
    const qint64 low = h.enqueue(makeSpec(QStringLiteral("noop")));
    JobSpec urgent = makeSpec(QStringLiteral("noop"));
    urgent.priority = 5;
    const qint64 high = h.enqueue(urgent);
    const qint64 second = h.enqueue(makeSpec(QStringLiteral("noop")));
    JobSpec later = makeSpec(QStringLiteral("noop"));
    later.runAtMs = h.engine->clock().nowMs() + 3'600'000;
    const qint64 scheduled = h.enqueue(later);

    window.showPage(QStringLiteral("queue"));
    QueuePage &page = *window.queuePage();
    JobTableView &table = *page.waitingTable();
    QTRY_COMPARE(idsIn(*table.model()), (QList<qint64>{high, low, second, scheduled}));

    // Priority: the second queued job jumps ahead of everything.
    page.setPriorityChooser([](int current) -> std::optional<int> { return current + 10; });
    selectJobs(table, {second});
    QVERIFY(clickButtonFor(page, "priorityAction"));
    QTRY_COMPARE(idsIn(*table.model()), (QList<qint64>{second, high, low, scheduled}));
    QCOMPARE(selectedJobIds(&table), QList<qint64>{second}); // the selection followed the move

    // Run now: the scheduled job becomes due; the others are not waiting for a time, so it is disabled for them.
    QVERIFY(!clickButtonFor(page, "runNowAction"));
    selectJobs(table, {scheduled});
    QVERIFY(clickButtonFor(page, "runNowAction"));
    QTRY_COMPARE(h.store->openReader()->job(scheduled)->state, JobState::Queued);

    // Cancel from here.
    selectJobs(table, {low});
    QVERIFY(clickButtonFor(page, "cancelWaitingAction"));
    QTRY_COMPARE(h.store->openReader()->job(low)->state, JobState::Cancelled);
    QTRY_COMPARE(idsIn(*table.model()), (QList<qint64>{second, high, scheduled}));

    h.engine->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(table.model()->rowCount(), 0, 10'000);
}

void TestPages::pausesAQueueAndLimitsIt()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    window.showPage(QStringLiteral("queue"));
    QueuePage &page = *window.queuePage();
    QueueSummaryModel &queues = *page.queues();
    h.enqueue(makeSpec(QStringLiteral("noop"), {}, QStringLiteral("mail")));
    QTRY_VERIFY(queues.rowOfQueue(QStringLiteral("mail")) > 0);

    // Choose the queue: the waiting list follows it; pause it from its context-menu action.
    const int row = queues.rowOfQueue(QStringLiteral("mail"));
    page.queueTable()->selectRow(row);
    QCOMPARE(page.selectedQueue(), QStringLiteral("mail"));
    QCOMPARE(page.waiting()->queue(), QStringLiteral("mail"));
    auto *pause = child<QAction>(page, "pauseQueueAction");
    QVERIFY(pause->isEnabled());
    pause->trigger();
    QTRY_VERIFY(queues.index(queues.rowOfQueue(QStringLiteral("mail")), 0).data(QueueSummaryModel::PausedRole).toBool());
    QTRY_COMPARE(pause->text(), QStringLiteral("Resume queue mail"));
    const qint64 held = h.enqueue(makeSpec(QStringLiteral("noop"), {}, QStringLiteral("mail")));
    const qint64 free = h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(free)->state, JobState::Succeeded, 10'000);
    QCOMPARE(h.store->openReader()->job(held)->state, JobState::Queued);
    QTRY_COMPARE(queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::QueuedColumn).data().toLongLong(), 1);
    // The held job says why it waits, in its row and over the list, and so does the Running page.
    WaitingJobsModel &waiting = *page.waiting();
    const int state = waiting.columnOf(JobColumn::State);
    QTRY_COMPARE(waiting.index(waiting.rowOfJob(held), state).data().toString(), QStringLiteral("queued (paused)"));
    QVERIFY(waiting.index(waiting.rowOfJob(held), state).data(Qt::ToolTipRole).toString().contains(QLatin1String("Queue mail is paused")));
    QTRY_VERIFY2(page.heldNote()->text().startsWith(QLatin1String("Queue mail is paused: 1 queued job waits")),
                 qPrintable(page.heldNote()->text()));
    window.showPage(QStringLiteral("running"));
    HeldJobsNote &runningNote = *window.runningPage()->heldNote();
    QTRY_VERIFY2(runningNote.text().startsWith(QLatin1String("Queue mail is paused: 1 queued job waits")),
                 qPrintable(runningNote.text()));
    QVERIFY(runningNote.isVisible());
    // Runners paused too: that is said first.
    h.engine->setPaused(true);
    QTRY_VERIFY2(runningNote.text().startsWith(QLatin1String("Runners are paused")), qPrintable(runningNote.text()));
    h.engine->setPaused(false);
    QTRY_VERIFY2(runningNote.text().startsWith(QLatin1String("Queue mail")), qPrintable(runningNote.text()));
    window.showPage(QStringLiteral("queue"));

    // The limit is edited in place.
    QVERIFY(queues.setData(queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::LimitColumn), 2));
    QTRY_COMPARE(queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::LimitColumn).data().toString(),
                 QStringLiteral("2"));
    QCOMPARE(h.store->openReader()->queues().front().concurrency, 2);
    // So is the rate; a rate that is not one is refused, and the state says when a full window lets the next start.
    const QModelIndex rate = queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::RateColumn);
    QVERIFY(rate.flags() & Qt::ItemIsEditable);
    QVERIFY(!queues.setData(rate, QStringLiteral("often")));
    QVERIFY(queues.setData(rate, QStringLiteral("1/1h")));
    QTRY_COMPARE(queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::RateColumn).data().toString(),
                 QStringLiteral("1 per 1h"));
    QCOMPARE(h.store->openReader()->queues().front().rate, (QueueRate{1, 3'600'000}));
    pause->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(held)->state, JobState::Succeeded, 10'000);
    const qint64 later = h.enqueue(makeSpec(QStringLiteral("noop"), {}, QStringLiteral("mail")));
    const QModelIndex mailState = queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::StateColumn);
    QTRY_VERIFY2(mailState.data().toString().startsWith(QLatin1String("next start ")), qPrintable(mailState.data().toString()));
    QCOMPARE(h.store->openReader()->job(later)->state, JobState::Queued);
    QVERIFY(queues.setData(queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::RateColumn),
                           QStringLiteral("off")));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(later)->state, JobState::Succeeded, 10'000);
    QTRY_COMPARE(queues.index(queues.rowOfQueue(QStringLiteral("mail")), QueueSummaryModel::StateColumn).data().toString(),
                 QStringLiteral("active"));
    // A job behind a dead one of its ordering key says which job blocks it.
    JobSpec first = makeSpec(QStringLiteral("fail"), {{QStringLiteral("retryable"), false}});
    first.orderKey = QStringLiteral("account-7");
    const qint64 dead = h.enqueue(first);
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(dead)->state, JobState::Dead, 10'000);
    JobSpec second = makeSpec(QStringLiteral("noop"));
    second.orderKey = QStringLiteral("account-7");
    const qint64 blocked = h.enqueue(second);
    page.waiting()->setQueue({});
    QTRY_VERIFY(waiting.rowOfJob(blocked) >= 0);
    QTRY_COMPARE(waiting.index(waiting.rowOfJob(blocked), state).data().toString(), QStringLiteral("blocked by job %1").arg(dead));
    QVERIFY(waiting.index(waiting.rowOfJob(blocked), state).data(Qt::ToolTipRole).toString().contains(QLatin1String("account-7")));
    QCOMPARE(h.store->openReader()->job(blocked)->state, JobState::Queued);
    QTRY_VERIFY(!runningNote.isVisible());
    QTRY_VERIFY(!page.heldNote()->isVisible());
}

void TestPages::historyFiltersSearchesAndSorts()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    h.engine->start();
    JobSpec photo = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 1}, {QStringLiteral("note"), QStringLiteral("holiday photos")}},
                             QStringLiteral("images"));
    QList<qint64> photos;
    for (int i = 0; i < 3; ++i)
        photos << h.enqueue(photo);
    const qint64 broken = h.enqueue(poison(QStringLiteral("disk quota exceeded"), QStringLiteral("images")));
    QList<qint64> plain;
    for (int i = 0; i < 5; ++i)
        plain << h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->pendingCount(), 0, 15'000);

    window.showPage(QStringLiteral("history"));
    HistoryPage &page = *window.historyPage();
    HistoryModel &model = *page.model();
    model.reload();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 9, 10'000);
    QTRY_VERIFY(model.hasCount());
    QCOMPARE(model.count().count, 9);
    QVERIFY(child<QLabel>(page, "historyStatus")->text().contains(QLatin1String("9 of 9")));

    // State filter: dead only.
    auto *state = child<QComboBox>(page, "historyStateFilter");
    state->setCurrentIndex(state->findText(QStringLiteral("dead only")));
    QTRY_COMPARE(idsIn(model), QList<qint64>{broken});
    state->setCurrentIndex(0);
    // Queue filter (the choices come from the jobs that finished).
    auto *queue = child<QComboBox>(page, "historyQueueFilter");
    QTRY_VERIFY(queue->findText(QStringLiteral("images")) > 0);
    queue->setCurrentIndex(queue->findText(QStringLiteral("images")));
    QTRY_COMPARE(model.rowCount(), 4);
    queue->setCurrentIndex(0);
    QTRY_COMPARE(model.rowCount(), 9);

    // Search, typed: payload words and error words.
    QLineEdit *search = page.searchField();
    QTest::keyClicks(search, QStringLiteral("holiday"));
    QTRY_COMPARE(idsIn(model), (QList<qint64>{photos[2], photos[1], photos[0]})); // newest id first
    search->clear();
    QTest::keyClicks(search, QStringLiteral("quota"));
    QTRY_COMPARE(idsIn(model), QList<qint64>{broken});
    QTRY_VERIFY(model.hasCount());
    QCOMPARE(model.count().count, 1);
    search->clear();
    QTRY_COMPARE(model.rowCount(), 9);

    // Sort by id, oldest first, from the header.
    QHeaderView *header = page.table()->horizontalHeader();
    const int idColumn = model.columnOf(JobColumn::Id);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(idColumn) + 5, header->height() / 2));
    QTRY_COMPARE(idsIn(model).value(0), plain.last()); // newest id first
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(idColumn) + 5, header->height() / 2));
    QTRY_COMPARE(idsIn(model).value(0), photos.first()); // then oldest first
    QCOMPARE(header->sortIndicatorSection(), idColumn);

    // New jobs finishing are counted, not slipped in; the button shows them.
    h.enqueue(makeSpec(QStringLiteral("noop")));
    auto *fresh = child<QPushButton>(page, "historyNewJobs");
    QTRY_VERIFY_WITH_TIMEOUT(fresh->isVisible(), 10'000);
    QCOMPARE(model.rowCount(), 9);
    QTest::mouseClick(fresh, Qt::LeftButton);
    QTRY_COMPARE(model.rowCount(), 10);
}

QTEST_MAIN(TestPages)
#include "tst_pages.moc"
