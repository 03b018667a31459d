#include "CoreTestSupport.h"

#include <QtTest>
#include <atomic>
#include <sqlite3.h>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// A VFS over the default one that counts syncs of write-ahead logs: with durability full, each commit that must
// survive a power cut syncs the log once.
std::atomic<int> g_walSyncs{0};
sqlite3_vfs *g_realVfs = nullptr;
sqlite3_vfs g_countingVfs;

struct CountingFile {
    sqlite3_file base;
    sqlite3_file *real; // the default VFS's file, in the same allocation just after this
    bool wal;
};

sqlite3_file *realFile(sqlite3_file *f)
{
    return reinterpret_cast<CountingFile *>(f)->real;
}

const sqlite3_io_methods kCountingMethods = {
    3,
    [](sqlite3_file *f) { return realFile(f)->pMethods->xClose(realFile(f)); },
    [](sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return realFile(f)->pMethods->xRead(realFile(f), b, n, o); },
    [](sqlite3_file *f, const void *b, int n, sqlite3_int64 o) { return realFile(f)->pMethods->xWrite(realFile(f), b, n, o); },
    [](sqlite3_file *f, sqlite3_int64 size) { return realFile(f)->pMethods->xTruncate(realFile(f), size); },
    [](sqlite3_file *f, int flags) {
        if (reinterpret_cast<CountingFile *>(f)->wal)
            ++g_walSyncs;
        return realFile(f)->pMethods->xSync(realFile(f), flags);
    },
    [](sqlite3_file *f, sqlite3_int64 *size) { return realFile(f)->pMethods->xFileSize(realFile(f), size); },
    [](sqlite3_file *f, int lock) { return realFile(f)->pMethods->xLock(realFile(f), lock); },
    [](sqlite3_file *f, int lock) { return realFile(f)->pMethods->xUnlock(realFile(f), lock); },
    [](sqlite3_file *f, int *out) { return realFile(f)->pMethods->xCheckReservedLock(realFile(f), out); },
    [](sqlite3_file *f, int op, void *arg) { return realFile(f)->pMethods->xFileControl(realFile(f), op, arg); },
    [](sqlite3_file *f) { return realFile(f)->pMethods->xSectorSize(realFile(f)); },
    [](sqlite3_file *f) { return realFile(f)->pMethods->xDeviceCharacteristics(realFile(f)); },
    [](sqlite3_file *f, int page, int size, int extend, void volatile **out) {
        return realFile(f)->pMethods->xShmMap(realFile(f), page, size, extend, out);
    },
    [](sqlite3_file *f, int offset, int n, int flags) { return realFile(f)->pMethods->xShmLock(realFile(f), offset, n, flags); },
    [](sqlite3_file *f) { realFile(f)->pMethods->xShmBarrier(realFile(f)); },
    [](sqlite3_file *f, int deleteFlag) { return realFile(f)->pMethods->xShmUnmap(realFile(f), deleteFlag); },
    [](sqlite3_file *f, sqlite3_int64 o, int n, void **out) { return realFile(f)->pMethods->xFetch(realFile(f), o, n, out); },
    [](sqlite3_file *f, sqlite3_int64 o, void *p) { return realFile(f)->pMethods->xUnfetch(realFile(f), o, p); },
};

int countingOpen(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags)
{
    auto *counting = reinterpret_cast<CountingFile *>(file);
    counting->real = reinterpret_cast<sqlite3_file *>(counting + 1);
    counting->wal = (flags & SQLITE_OPEN_WAL) != 0;
    const int rc = g_realVfs->xOpen(g_realVfs, name, counting->real, flags, outFlags);
    counting->base.pMethods = counting->real->pMethods ? &kCountingMethods : nullptr;
    return rc;
}

void installCountingVfs()
{
    g_realVfs = sqlite3_vfs_find(nullptr);
    g_countingVfs = *g_realVfs;
    g_countingVfs.zName = "jobdeck-counting";
    g_countingVfs.szOsFile = int(sizeof(CountingFile)) + g_realVfs->szOsFile;
    g_countingVfs.xOpen = countingOpen;
    sqlite3_vfs_register(&g_countingVfs, 1);
}

} // namespace

// The writer thread: group commit, and patience with other programs' locks.
class WriterTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { installCountingVfs(); }

    // A claim, the opening of its attempt and a lease's renewal only say who holds the job: a power cut that took
    // them would leave the job to run again, as any crash does, so they do not wait for the disk. What a caller
    // relies on (an enqueue, a runner's registration, a job's end) does.
    void onlyWritesThatMustSurviveAPowerCutWaitForTheDisk()
    {
        TempStore t;
        const qint64 now = 1'000'000;
        int before = g_walSyncs.load();
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), now);
        QVERIFY(id > 0);
        QVERIFY(g_walSyncs.load() > before);

        const QString runner = QStringLiteral("host:1:test");
        before = g_walSyncs.load();
        QVERIFY(t.store->apply({RegisterRunner{runner, QStringLiteral("test-host"), 0, 1, now}}).ok);
        QVERIFY(g_walSyncs.load() > before);

        before = g_walSyncs.load();
        ClaimJobs claim;
        claim.owner = runner;
        claim.nowMs = now;
        claim.leaseUntilMs = now + 30'000;
        claim.limit = 1;
        const BatchResult claimed = t.store->apply({claim});
        QVERIFY(claimed.ok);
        QCOMPARE(claimed.results.front().claimed.size(), size_t(1));
        const StartAttempt start{id, claimed.results.front().claimed.front().attemptNumber, now, runner,
                                 QStringLiteral("worker-1"), false};
        const BatchResult started = t.store->apply({start});
        QVERIFY(started.ok && started.results.front().applied);
        QVERIFY(t.store->apply({Heartbeat{runner, now + 10, now + 30'010, {id}}}).ok);
        QCOMPARE(g_walSyncs.load(), before);
        QCOMPARE(t.stateOf(id), QStringLiteral("running"));

        Transition done;
        done.jobId = id;
        done.from = {JobState::Running};
        done.to = JobState::Succeeded;
        done.reason = QStringLiteral("finished by the test");
        done.atMs = now + 20;
        const BatchResult ended = t.store->apply({done});
        QVERIFY(ended.ok && ended.results.front().applied);
        QVERIFY(g_walSyncs.load() > before);
        QCOMPARE(t.stateOf(id), QStringLiteral("succeeded"));

        // A claim in the same transaction as an enqueue waits, for the enqueue's sake.
        before = g_walSyncs.load();
        QVERIFY(t.store->apply({EnqueueJob{makeSpec(QStringLiteral("noop")), now + 30}, claim}).ok);
        QVERIFY(g_walSyncs.load() > before);
    }

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
