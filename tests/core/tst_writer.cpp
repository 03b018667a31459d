#include "CoreTestSupport.h"

#include <QtTest>
#include <atomic>

using namespace jobdeck;
using namespace jobdeck::test;

// The writer thread: group commit, and patience with other programs' locks.
class WriterTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesWaitOutAnotherProgramsLockInsteadOfFailing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("jobs.db"));
        SqliteStore::Options options;
        options.busyTimeoutMs = 50;
        auto store = SqliteStore::open(path, options);

        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other-program"));
        other.setDatabaseName(path);
        QVERIFY(other.open());
        {
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));

            std::atomic<int> outcome{-1}; // -1: not yet; 0: failed; 1: committed
            store->submit({EnqueueJob{makeSpec(QStringLiteral("noop")), 1}},
                          [&outcome](const BatchResult &r) { outcome = r.ok ? 1 : 0; });
            // Held well past the busy timeout: the writer keeps the batch and retries.
            QTRY_VERIFY_WITH_TIMEOUT(store->lockWaits() >= 3, 10'000);
            QCOMPARE(outcome.load(), -1);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            QTRY_COMPARE_WITH_TIMEOUT(outcome.load(), 1, 10'000);
        }
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("other-program"));
        QCOMPARE(int(store->openReader()->jobs({}).size()), 1);
    }

    void manyConcurrentBatchesAllCommitAndEachIsAcknowledgedOnce()
    {
        TempStore t;
        constexpr int kBatches = 2000;
        std::atomic<int> acknowledged{0};
        std::atomic<int> failed{0};
        for (int i = 0; i < kBatches; ++i) {
            t.store->submit({EnqueueJob{makeSpec(QStringLiteral("noop")), 1}}, [&](const BatchResult &r) {
                ++acknowledged;
                if (!r.ok || r.results.size() != 1 || !r.results.front().created)
                    ++failed;
            });
        }
        t.store->flush();
        QCOMPARE(acknowledged.load(), kBatches);
        QCOMPARE(failed.load(), 0);
        QCOMPARE(int(t.reader->jobs({{}, {}, {}, 0, kBatches + 10}).size()), kBatches);
    }

    void aFailingBatchDoesNotTakeOthersInItsGroupDown()
    {
        TempStore t;
        std::atomic<int> ok{0};
        std::atomic<int> bad{0};
        // It must fail alone.
        const SaveSchedule broken = foreignKeyBreakingWrite();
        t.store->submit({EnqueueJob{makeSpec(QStringLiteral("noop")), 1}}, [&](const BatchResult &r) { (r.ok ? ok : bad)++; });
        t.store->submit({broken}, [&](const BatchResult &r) { (r.ok ? ok : bad)++; });
        t.store->submit({EnqueueJob{makeSpec(QStringLiteral("noop")), 1}}, [&](const BatchResult &r) { (r.ok ? ok : bad)++; });
        t.store->flush();
        QCOMPARE(ok.load(), 2);
        QCOMPARE(bad.load(), 1);
        QCOMPARE(t.stateOf(1), QStringLiteral("queued"));
    }
};

QTEST_GUILESS_MAIN(WriterTest)
#include "tst_writer.moc"
