#include "CoreTestSupport.h"
#include "storage/postgres/PostgresConnection.h"

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
        JOBDECK_SQLITE_ONLY("counts the syncs of SQLite's log");
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
        JOBDECK_SQLITE_ONLY("another program's lock on the file");
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

    // A busy runner's group is mostly attempts opened and closed, which the writer applies a set at a time. Each
    // batch must still get the result it would get alone: a start or an end whose lease is not the caller's is
    // refused, alike ends share a statement, a retry and a continuation's release still happen.
    void aGroupOfAttemptsEndsEachJobAsItWouldAlone()
    {
        TempStore t;
        const qint64 now = 1'000'000;
        const QString runner = QStringLiteral("host:1:test");
        std::vector<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids.push_back(t.enqueue(makeSpec(QStringLiteral("noop")), now));
        JobSpec continuation = makeSpec(QStringLiteral("noop"));
        continuation.after = {ids[0]};
        const qint64 child = t.enqueue(continuation, now);
        QVERIFY(child > 0);
        QCOMPARE(t.stateOf(child), QStringLiteral("waiting"));
        const BatchResult claimed =
            t.store->apply({RegisterRunner{runner, QStringLiteral("test-host"), 0, 2, now}, claimFor(runner, now, 5)});
        QVERIFY(claimed.ok);
        QCOMPARE(claimed.results.back().claimed.size(), size_t(5));

        const auto finish = [&](qint64 id, JobState to, const QString &owner, qint64 atMs) {
            FinishAttempt f;
            f.jobId = id;
            f.number = 1;
            f.outcome = to == JobState::Succeeded ? AttemptOutcome::Succeeded : AttemptOutcome::Failed;
            f.error = to == JobState::Succeeded ? QString() : QStringLiteral("boom");
            f.finishedAtMs = atMs;
            f.transition.jobId = id;
            f.transition.from = {JobState::Running};
            f.transition.to = to;
            f.transition.reason = QStringLiteral("ended by the test");
            f.transition.atMs = atMs;
            f.transition.requireOwner = owner;
            if (to == JobState::Failed)
                f.transition.runAtMs = atMs + 1'000;
            return f;
        };
        std::vector<WriteBatch> batches = {
            {StartAttempt{ids[0], 1, now + 1, runner, QStringLiteral("worker-1"), false}},
            {StartAttempt{ids[1], 1, now + 1, runner, QStringLiteral("worker-2"), false}},
            {finish(ids[0], JobState::Succeeded, runner, now + 5)},
            {StartAttempt{ids[2], 1, now + 2, runner, QStringLiteral("worker-1"), false}},
            {finish(ids[1], JobState::Failed, runner, now + 5)},
            {StartAttempt{ids[3], 1, now + 2, runner, QStringLiteral("worker-2"), false}},
            {finish(ids[2], JobState::Succeeded, runner, now + 5)},                  // alike the first end
            {finish(ids[3], JobState::Succeeded, QStringLiteral("someone-else"), now + 5)}, // not the lease holder
            {StartAttempt{ids[4], 1, now + 3, QStringLiteral("someone-else"), QStringLiteral("worker-1"), false}},
        };

        // The writer waits for its lock while the batches pile up, so they reach it as one group.
        std::optional<PostgresConnection> pg;
        QSqlDatabase sqlite;
        if (onPostgres()) {
            QString error;
            pg.emplace(*PostgresUrl::parse(t.path, &error));
            pg->exec(QStringLiteral("BEGIN; SELECT pg_advisory_xact_lock(1932412309860018039)"));
        } else {
            sqlite = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("lock-holder"));
            sqlite.setDatabaseName(t.path);
            QVERIFY(sqlite.open());
            QVERIFY(QSqlQuery(sqlite).exec(QStringLiteral("BEGIN EXCLUSIVE")));
        }
        std::vector<BatchResult> results(batches.size());
        std::atomic<int> acknowledged{0};
        t.store->submit({SetSetting{QStringLiteral("test"), QStringLiteral("1")}});
        for (size_t i = 0; i < batches.size(); ++i) {
            t.store->submit(batches[i], [&, i](const BatchResult &r) {
                results[i] = r;
                ++acknowledged;
            });
        }
        if (pg)
            pg->exec(QStringLiteral("COMMIT"));
        else
            QVERIFY(QSqlQuery(sqlite).exec(QStringLiteral("ROLLBACK")));
        t.store->flush();
        QCOMPARE(acknowledged.load(), int(batches.size()));

        const std::vector<bool> applied = {true, true, true, true, true, true, true, false, false};
        for (size_t i = 0; i < batches.size(); ++i) {
            QVERIFY2(results[i].ok, qPrintable(results[i].error));
            QCOMPARE(results[i].results.size(), size_t(1));
            QVERIFY2(results[i].results.front().applied == applied[i], qPrintable(QString::number(i)));
        }
        QCOMPARE(results[2].events.size(), size_t(2)); // the job's end, and its continuation's release
        QCOMPARE(results[7].events.size(), size_t(0));
        QCOMPARE(t.stateOf(ids[0]), QStringLiteral("succeeded"));
        QCOMPARE(t.stateOf(ids[1]), QStringLiteral("failed"));
        QCOMPARE(t.stateOf(ids[2]), QStringLiteral("succeeded"));
        QCOMPARE(t.stateOf(ids[3]), QStringLiteral("running"));
        QCOMPARE(t.stateOf(ids[4]), QStringLiteral("running"));
        QCOMPARE(t.stateOf(child), QStringLiteral("queued"));
        QCOMPARE(t.reader->job(ids[1])->runAtMs, now + 1'005);
        const auto attempt = [&](qint64 id) {
            const auto rows = t.reader->attempts(id);
            return rows.empty() ? AttemptRecord{} : rows.front();
        };
        QCOMPARE(attempt(ids[0]).outcome, AttemptOutcome::Succeeded);
        QCOMPARE(attempt(ids[0]).finishedAtMs, now + 5);
        QCOMPARE(attempt(ids[1]).outcome, AttemptOutcome::Failed);
        QCOMPARE(attempt(ids[1]).error, QStringLiteral("boom"));
        QCOMPARE(attempt(ids[2]).outcome, AttemptOutcome::Succeeded);
        QCOMPARE(attempt(ids[3]).outcome, AttemptOutcome::Running); // its end was refused
        QCOMPARE(attempt(ids[3]).worker, QStringLiteral("worker-2"));
        QVERIFY(t.reader->attempts(ids[4]).empty());                // its start was refused
        QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
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
        const auto jobs = t.reader->jobs({});
        QCOMPARE(int(jobs.size()), 2);
        for (const JobRecord &j : jobs)
            QCOMPARE(j.state, JobState::Queued);
    }
};

QTEST_GUILESS_MAIN(WriterTest)
#include "tst_writer.moc"
