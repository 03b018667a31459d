// Every model of the pages under QAbstractItemModelTester while jobs run, are requeued and deleted: the waiting
// jobs in dispatch order, the queue summary, the history pages, and the job table of the Running and Poison pages.

#include "JobTableModel.h"
#include "storage/ReadThread.h"
#include "UiTestSupport.h"
#include "models/HistoryModel.h"
#include "models/QueueSummaryModel.h"
#include "models/WaitingJobsModel.h"
#include "runner/JobCommands.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestPageModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelsStayConsistentWhileJobsMove();
    void historyPagesAsItScrollsAndStartsOverOnANewQuery();
};

void TestPageModels::modelsStayConsistentWhileJobsMove()
{
    EngineHarness h(2);
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    ReadThread reads(h.engine->store());
    WaitingJobsModel waiting(*h.engine);
    QueueSummaryModel queues(*h.engine);
    HistoryModel history(*h.engine, reads);
    JobTableModel running(*h.engine);
    running.setColumns({JobColumn::Id, JobColumn::Progress, JobColumn::Eta, JobColumn::Elapsed, JobColumn::Worker});
    running.setFilter(JobFilter{{JobState::Running}, {}, {}, 0, 100});
    JobTableModel dead(*h.engine);
    dead.setFilter(JobFilter{{JobState::Dead}, {}, {}, 0, 100});
    QAbstractItemModelTester t1(&waiting, Mode::Fatal);
    QAbstractItemModelTester t2(&queues, Mode::Fatal);
    QAbstractItemModelTester t3(&history, Mode::Fatal);
    QAbstractItemModelTester t4(&running, Mode::Fatal);
    QAbstractItemModelTester t5(&dead, Mode::Fatal);
    history.reload();

    h.engine->start();
    h.engine->setPaused(true);
    QList<qint64> ids;
    for (int i = 0; i < 30; ++i) {
        JobSpec s = makeSpec(i % 3 ? QStringLiteral("noop") : QStringLiteral("sleep"),
                             i % 3 ? QJsonObject{} : QJsonObject{{QStringLiteral("ms"), 200}},
                             i % 2 ? QStringLiteral("mail") : QString());
        s.priority = i % 4;
        ids << h.enqueue(s);
    }
    JobSpec poison = makeSpec(QStringLiteral("fail"), {{QStringLiteral("retryable"), false}});
    poison.maxAttempts = 1;
    const qint64 bad = h.enqueue(poison);
    QTRY_COMPARE(waiting.rowCount(), 31);
    QTRY_VERIFY(queues.rowOfQueue(QStringLiteral("mail")) > 0);
    // Priorities change the order under the tester: moves, not resets.
    QVERIFY(h.store->apply({JobCommands::setPriority(ids.last(), 99, h.engine->clock().nowMs())}).ok);
    h.engine->submit({JobCommands::setPriority(ids.first(), 50, h.engine->clock().nowMs())});
    // The engine's event makes the model read again, and it finds both changes.
    QTRY_COMPARE(waiting.jobAt(1).id, ids.first());
    QCOMPARE(waiting.jobAt(0).id, ids.last());
    h.engine->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->pendingCount(), 0, 20'000);
    QTRY_COMPARE(waiting.rowCount(), 0);
    QTRY_COMPARE(dead.rowCount(), 1);
    QTRY_COMPARE(history.newSinceLoad(), 31);
    history.reload();
    QTRY_COMPARE(history.rowCount(), 31);
    QTRY_COMPARE(queues.index(0, QueueSummaryModel::DeadColumn).data().toLongLong(), 1);

    // Requeue and delete under the testers.
    h.engine->submit({JobCommands::requeue(bad, std::nullopt, h.engine->clock().nowMs(), QStringLiteral("test"))});
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->job(bad)->totalAttempts, 2, 10'000);
    h.engine->submit({DeleteJob{bad, h.engine->clock().nowMs()}});
    QTRY_COMPARE(dead.rowCount(), 0);
    QTRY_COMPARE(queues.index(0, QueueSummaryModel::DeadColumn).data().toLongLong(), 0);
}

void TestPageModels::historyPagesAsItScrollsAndStartsOverOnANewQuery()
{
    EngineHarness h(2);
    WriteBatch batch;
    for (int i = 0; i < 450; ++i)
        batch.push_back(EnqueueJob{makeSpec(i % 10 ? QStringLiteral("noop") : QStringLiteral("rare")), h.engine->clock().nowMs()});
    QVERIFY(h.store->apply(batch).ok);
    h.engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(h.store->openReader()->pendingCount(), 0, 20'000);
    ReadThread reads(h.engine->store());
    HistoryModel history(*h.engine, reads); // no tester here: it would fetch every page itself
    history.reload();
    QTRY_COMPARE(history.rowCount(), HistoryModel::kPage);
    QVERIFY(history.canFetchMore({}));
    history.fetchMore({});
    QTRY_COMPARE(history.rowCount(), 2 * HistoryModel::kPage);
    history.fetchMore({});
    QTRY_COMPARE(history.rowCount(), 450);
    QTRY_VERIFY(history.atEnd());
    QVERIFY(!history.canFetchMore({}));
    QTRY_VERIFY(history.hasCount());
    QCOMPARE(history.count().count, 450);
    // A new query starts over, and an answer for the old one (still on its way) is dropped.
    HistoryQuery rare;
    rare.kind = QStringLiteral("rare");
    history.setQuery(rare);
    history.setQuery(rare);
    QTRY_COMPARE(history.rowCount(), 45);
    QTRY_VERIFY(history.hasCount());
    QCOMPARE(history.count().count, 45);
    // Reads run in order: once a read asked for now has answered, no earlier answer is still on its way.
    bool drained = false;
    reads.read<int>(&history, [](StoreReader &) { return 0; }, [&drained](const int &) { drained = true; });
    QTRY_VERIFY(drained);
    QCOMPARE(history.rowCount(), 45);
}

QTEST_MAIN(TestPageModels)
#include "tst_pagemodels.moc"
