#include "JobTableModel.h"
#include "GateHandler.h"
#include "UiTestSupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestJobTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void testerWhileJobsRun();
    void progressUpdatesOnlyItsCell();
    void pagesByKeysetAndTrims();
    void bulkEnqueueReadsOnePage();
    void filterFollowsStateChanges();
    void mergesExternalWrites();
};

void TestJobTableModel::testerWhileJobsRun()
{
    EngineHarness h(2);
    h.enqueue(makeSpec(QStringLiteral("noop"))); // before the model: part of its first page
    JobTableModel model(*h.engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 1);

    QList<qint64> ids;
    for (int i = 0; i < 6; ++i)
        ids << h.enqueue(makeSpec(QStringLiteral("noop"), {}, i % 2 ? QStringLiteral("email") : QString()));
    for (int i = 0; i < 4; ++i)
        ids << h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 400}}));
    JobSpec poison = makeSpec(QStringLiteral("fail"), {{QStringLiteral("retryable"), false}});
    poison.maxAttempts = 1;
    const qint64 dead = h.enqueue(poison);
    ids << dead;
    QTRY_COMPARE(model.rowCount(), 12);
    QCOMPARE(stateIn(model, ids.first()), QStringLiteral("queued"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    h.engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(ids.begin(), ids.end(),
                                         [&](qint64 id) { return isFinal(*stateFromName(stateIn(model, id))); }),
                             20'000);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(stateIn(model, dead), QStringLiteral("dead"));
    QCOMPARE(stateIn(model, ids.first()), QStringLiteral("succeeded"));
    QCOMPARE(progressIn(model, ids.first()), 1.0);

    // Newest first, and the display text the table shows.
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.jobIdAt(row - 1) > model.jobIdAt(row));
    const int deadRow = model.rowOfJob(dead);
    QCOMPARE(model.index(deadRow, JobTableModel::StateColumn).data().toString(), QStringLiteral("dead"));
    QCOMPARE(model.index(deadRow, JobTableModel::KindColumn).data().toString(), QStringLiteral("fail"));
    QCOMPARE(model.index(deadRow, JobTableModel::AttemptsColumn).data().toString(), QStringLiteral("1/1"));
    QVERIFY(!model.index(deadRow, JobTableModel::ErrorColumn).data().toString().isEmpty());
    QVERIFY(model.index(deadRow, JobTableModel::StateColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(model.index(deadRow, JobTableModel::StateColumn).data(Qt::ForegroundRole).isValid());
}

void TestJobTableModel::progressUpdatesOnlyItsCell()
{
    const auto gate = std::make_shared<Gate>();
    EngineHarness h(1, [gate](HandlerRegistry &r) { r.add(std::make_unique<GateHandler>(gate)); });
    JobTableModel model(*h.engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const qint64 id = h.enqueue(makeSpec(QStringLiteral("gate"), {{QStringLiteral("steps"), 4}}));
    QTRY_COMPARE(model.rowCount(), 1);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    h.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("running"), 10'000);
    gate->open();
    QTRY_COMPARE_WITH_TIMEOUT(progressIn(model, id), 0.25, 10'000);
    gate->open();
    QTRY_COMPARE_WITH_TIMEOUT(progressIn(model, id), 0.5, 10'000);
    const int progressSignals = int(std::count_if(changed.begin(), changed.end(), [](const QList<QVariant> &args) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        return topLeft == bottomRight && topLeft.column() == JobTableModel::ProgressColumn;
    }));
    QVERIFY2(progressSignals >= 2, qPrintable(QString::number(progressSignals)));
    const QString text = model.index(0, 0).data(JobRoles::ProgressTextRole).toString();
    QCOMPARE(text, QStringLiteral("step 2 of 4"));
    QVERIFY(model.index(0, JobTableModel::ProgressColumn).data().toString().endsWith(u'%'));

    h.engine->cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, id), QStringLiteral("cancelled"), 10'000);
}

void TestJobTableModel::pagesByKeysetAndTrims()
{
    EngineHarness h;
    QList<qint64> ids;
    for (int i = 0; i < 12; ++i)
        ids << h.enqueue(makeSpec(QStringLiteral("noop")));

    JobTableModel model(*h.engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPageSize(5);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.jobIdAt(0), ids.last());
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 10);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 12);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.jobIdAt(11), ids.first());

    // The window is now 15 rows: three new jobs fit, on top.
    for (int i = 0; i < 3; ++i)
        ids << h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE(model.rowCount(), 15);
    QCOMPARE(model.jobIdAt(0), ids.last());

    // Back to one page: new jobs push the oldest rows out instead of growing the model.
    model.setPageSize(5);
    QCOMPARE(model.rowCount(), 5);
    const qint64 newest = h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE(model.jobIdAt(0), newest);
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(model.rowOfJob(ids.first()), -1);
}

void TestJobTableModel::bulkEnqueueReadsOnePage()
{
    EngineHarness h;
    JobTableModel model(*h.engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPageSize(20);
    const qint64 first = h.enqueue(makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE(model.rowCount(), 1);
    const QPersistentModelIndex kept = model.index(0, 0);

    const qint64 last = h.enqueueMany(makeSpec(QStringLiteral("noop")), 300);
    QTRY_COMPARE(model.jobIdAt(0), last);
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.jobIdAt(19), last - 19);
    QVERIFY(model.canFetchMore({}));
    QVERIFY(!kept.isValid()); // pushed out of the window, not left dangling
    QCOMPARE(model.rowOfJob(first), -1);
}

void TestJobTableModel::filterFollowsStateChanges()
{
    EngineHarness h(1);
    JobTableModel model(*h.engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    JobFilter waiting;
    waiting.states = {JobState::Queued};
    model.setFilter(waiting);
    const qint64 a = h.enqueue(makeSpec(QStringLiteral("noop")));
    const qint64 b = h.enqueue(makeSpec(QStringLiteral("noop"), {}, QStringLiteral("other")));
    QTRY_COMPARE(model.rowCount(), 2);

    JobFilter otherQueue = waiting;
    otherQueue.queue = QStringLiteral("other");
    model.setFilter(otherQueue);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.jobIdAt(0), b);

    // Once they run they are no longer queued, and leave the view.
    h.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 10'000);
    model.setFilter({});
    QTRY_COMPARE(stateIn(model, a), QStringLiteral("succeeded"));
}

void TestJobTableModel::mergesExternalWrites()
{
    EngineHarness h(1);
    h.engine->setPaused(true); // nothing runs: the rows change only through the other process's writes
    h.engine->start();
    const qint64 mine = h.enqueue(makeSpec(QStringLiteral("noop")));
    JobTableModel model(*h.engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 1);
    const QPersistentModelIndex kept = model.index(0, 0);

    // A second store on the same file stands in for another process (a CLI enqueue, another runner).
    auto other = SqliteStore::open(h.path);
    const BatchResult added = other->apply({EnqueueJob{makeSpec(QStringLiteral("noop")), 1},
                                            EnqueueJob{makeSpec(QStringLiteral("sleep")), 1}});
    QVERIFY(added.ok);
    const qint64 theirs = added.results.back().jobId;
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 10'000);
    QCOMPARE(model.jobIdAt(0), theirs);
    QVERIFY(kept.isValid()); // merged in place, not reset
    QCOMPARE(kept.data(JobRoles::JobIdRole).toLongLong(), mine);

    QVERIFY(other->apply({RequestCancel{theirs, QStringLiteral("test"), 2}}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(stateIn(model, theirs), QStringLiteral("cancelled"), 10'000);
    QVERIFY(other->apply({DeleteJob{theirs}}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowOfJob(theirs), -1, 10'000);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(kept.isValid());
}

QTEST_MAIN(TestJobTableModel)
#include "tst_jobtablemodel.moc"
