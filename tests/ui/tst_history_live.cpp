// History follows finished jobs without a refresh: jobs enqueued by the real `jobdeck enqueue` and run by this
// window's runner or by another process's, a dead job requeued from the page that comes back succeeded, the
// selection kept while rows come in, and new jobs held behind the button while the user is scrolled down.

#include "../process/JobdeckProcess.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "models/HistoryModel.h"
#include "pages/HistoryPage.h"
#include "runner/JobCommands.h"
#include "widgets/JobTableSetup.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Every empty text the table showed while it had no rows, taken as the model changes (not only when a test looks).
class EmptyTextWatch {
public:
    EmptyTextWatch(HistoryModel &model, JobTableView &table)
    {
        const auto note = [&model, &table, this] {
            if (model.rowCount() == 0)
                m_seen << table.emptyTitle();
        };
        for (auto signal : {&HistoryModel::pageLoaded, &HistoryModel::countChanged})
            m_connections << QObject::connect(&model, signal, &table, note);
        m_connections << QObject::connect(&model, &HistoryModel::loadingChanged, &table, note);
        m_connections << QObject::connect(&model, &HistoryModel::newSinceLoadChanged, &table, note);
        m_connections << QObject::connect(&model, &QAbstractItemModel::modelReset, &table, note);
        note();
    }
    ~EmptyTextWatch()
    {
        for (const QMetaObject::Connection &c : m_connections)
            QObject::disconnect(c);
    }
    // The texts that spoke of filters, which none of these tests sets.
    QStringList blamingFilters() const
    {
        QStringList blaming;
        for (const QString &title : m_seen) {
            if (title.contains(QLatin1String("match")))
                blaming << title;
        }
        return blaming;
    }

private:
    QStringList m_seen;
    QList<QMetaObject::Connection> m_connections;
};

// Dies on its first run (one attempt, and the file it needs is missing); succeeds once the file is there.
JobSpec poisonUntil(const QString &file)
{
    JobSpec s = makeSpec(QStringLiteral("process"),
                         {{QStringLiteral("program"), QStringLiteral("/bin/sh")},
                          {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"), QStringLiteral("test -f \"$1\""),
                                                              QStringLiteral("sh"), file}}});
    s.maxAttempts = 1;
    return s;
}

} // namespace

class TestHistoryLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { useOwnSettings(); }
    void showsJobsEnqueuedByAnotherProcessAsTheyFinish();
    void showsJobsAnotherProcessRan();
    void showsARequeuedDeadJobSucceeding();
    void keepsTheSelectionAndHoldsNewJobsWhileScrolledDown();
};

void TestHistoryLive::showsJobsEnqueuedByAnotherProcessAsTheyFinish()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    window.showPage(QStringLiteral("history"));
    HistoryPage &page = *window.historyPage();
    HistoryModel &model = *page.model();
    JobTableView &table = *page.table();
    QTRY_COMPARE(table.emptyTitle(), QStringLiteral("No finished jobs yet"));
    const EmptyTextWatch watch(model, table);

    const JobdeckProcess cli(h.path);
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids << cli.enqueue({QStringLiteral("noop")});
    QVERIFY(!ids.contains(-1));

    // This window's runner takes them from the other process's commit and runs them: no reload, no F5.
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 15'000);
    for (qint64 id : ids)
        QTRY_COMPARE(stateIn(model, id), QStringLiteral("succeeded"));
    QCOMPARE(watch.blamingFilters(), QStringList());
    QVERIFY(!child<QPushButton>(page, "historyNewJobs")->isVisible()); // they came in by themselves
    auto *subtitle = child<QLabel>(page, "pageSubtitle");
    QTRY_COMPARE(subtitle->text(), QStringLiteral("3 finished jobs"));

    // A filter that is set is named as the reason.
    auto *state = child<QComboBox>(page, "historyStateFilter");
    state->setCurrentIndex(state->findText(QStringLiteral("dead only")));
    QTRY_COMPARE(table.emptyTitle(), QStringLiteral("No finished jobs match"));
    QTRY_COMPARE(subtitle->text(), QStringLiteral("0 finished jobs match"));
}

void TestHistoryLive::showsJobsAnotherProcessRan()
{
    // The window runs no jobs: the jobs are enqueued and run by other processes, and only their commits reach it.
    EngineHarness h(2);
    auto consoleStore = SqliteStore::open(h.path);
    EngineOptions options;
    options.runsJobs = false;
    Engine console(*consoleStore, h.handlers, options);
    MainWindow window(console);
    window.show();
    console.start();
    window.showPage(QStringLiteral("history"));
    HistoryPage &page = *window.historyPage();
    HistoryModel &model = *page.model();
    QTRY_COMPARE(page.table()->emptyTitle(), QStringLiteral("No finished jobs yet"));
    const EmptyTextWatch watch(model, *page.table());

    const JobdeckProcess cli(h.path);
    const qint64 first = cli.enqueue({QStringLiteral("noop")});
    const qint64 second = cli.enqueue({QStringLiteral("noop")});
    const CliResult drained = cli.run({QStringLiteral("--no-gui"), QStringLiteral("--drain"), QStringLiteral("--quiet")});
    QVERIFY2(drained.exitCode == 0, qPrintable(drained.err));

    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 10'000);
    QCOMPARE(stateIn(model, first), QStringLiteral("succeeded"));
    QCOMPARE(stateIn(model, second), QStringLiteral("succeeded"));
    QCOMPARE(watch.blamingFilters(), QStringList());
    console.stopAndWait();
}

void TestHistoryLive::showsARequeuedDeadJobSucceeding()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    window.showPage(QStringLiteral("history"));
    HistoryPage &page = *window.historyPage();
    HistoryModel &model = *page.model();
    const qint64 other = h.enqueue(makeSpec(QStringLiteral("noop")));
    const QString needed = h.dir.filePath(QStringLiteral("printer-online"));
    const qint64 id = h.enqueue(poisonUntil(needed));
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("dead"), 10'000);
    QTRY_COMPARE(stateIn(model, other), QStringLiteral("succeeded"));

    writeFile(needed);
    selectJobs(*page.table(), {id});
    QVERIFY(clickButtonFor(page, "historyRequeueAction"));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(id)->state, JobState::Succeeded, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("succeeded"), 10'000);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.jobAt(0).id, id); // finished last, so first
    QVERIFY(!child<QPushButton>(page, "historyNewJobs")->isVisible());

    // A job that finishes while another page is shown is there when History is shown again.
    window.showPage(QStringLiteral("overview"));
    const qint64 meanwhile = h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(meanwhile)->state, JobState::Succeeded, 10'000);
    window.showPage(QStringLiteral("history"));
    QTRY_COMPARE(rowOf(model, meanwhile), 0);
}

void TestHistoryLive::keepsTheSelectionAndHoldsNewJobsWhileScrolledDown()
{
    EngineHarness h(2);
    MainWindow window(*h.engine);
    window.resize(1000, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    window.showPage(QStringLiteral("history"));
    HistoryPage &page = *window.historyPage();
    HistoryModel &model = *page.model();
    JobTableView &table = *page.table();
    const qint64 last = h.enqueueMany(makeSpec(QStringLiteral("noop")), 80);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 80, 15'000);
    QTRY_COMPARE(stateIn(model, last - 70), QStringLiteral("succeeded"));

    // At the top: a job finishing comes in above, and the selected job stays selected.
    const qint64 chosen = model.jobAt(5).id;
    selectJobs(table, {chosen});
    const qint64 next = h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, next), QStringLiteral("succeeded"), 10'000);
    QCOMPARE(model.rowCount(), 81);
    QCOMPARE(selectedJobIds(&table), QList<qint64>{chosen});
    QCOMPARE(table.verticalScrollBar()->value(), 0);

    // Scrolled down: the rows stay put and the button counts what finished.
    table.scrollToBottom();
    QVERIFY(table.verticalScrollBar()->value() > 0);
    const qint64 held = h.enqueue(makeSpec(QStringLiteral("noop")));
    auto *fresh = child<QPushButton>(page, "historyNewJobs");
    QTRY_VERIFY_WITH_TIMEOUT(fresh->isVisible(), 10'000);
    QCOMPARE(rowOf(model, held), -1);
    QCOMPARE(model.rowCount(), 81);

    // A shown job that changes meanwhile is updated where it is, not left showing its old state.
    const qint64 bottom = model.jobAt(model.rowCount() - 1).id;
    h.engine->setPaused(true);
    h.engine->submit({JobCommands::requeue(bottom, std::nullopt, h.engine->clock().nowMs(), QStringLiteral("test"))});
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, bottom), QStringLiteral("queued"), 10'000);
    QCOMPARE(model.jobAt(model.rowCount() - 1).id, bottom);
    h.engine->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, bottom), QStringLiteral("succeeded"), 10'000);

    // Back at the top: everything that finished comes in.
    table.scrollToTop();
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(model, held), 1, 10'000);
    QCOMPARE(model.jobAt(0).id, bottom); // finished last
    QTRY_VERIFY(!fresh->isVisible());
    QCOMPARE(selectedJobIds(&table), QList<qint64>{chosen});
}

QTEST_MAIN(TestHistoryLive)
#include "tst_history_live.moc"
