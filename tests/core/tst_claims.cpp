#include "CoreTestSupport.h"

#include "runner/JobContext.h"
#include "runner/JobHandler.h"
#include "runner/LeaseKeeper.h"
#include "storage/postgres/PostgresConnection.h"
#include "storage/sqlite/SqliteHandle.h"
#include "storage/sqlite/SqliteStatementCache.h"
#include "storage/sqlite/SqliteTransitions.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>
#include <atomic>
#include <latch>
#include <thread>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Counts its runs; the test decides whether a run happened, not a clock.
class CountingHandler final : public JobHandler {
public:
    explicit CountingHandler(std::atomic<int> &runs) : m_runs(runs) {}
    QString kind() const override { return QStringLiteral("counted"); }
    void run(JobContext &) override { ++m_runs; }

private:
    std::atomic<int> &m_runs;
};

RegisterRunner registration(const QString &id, qint64 nowMs, qint64 pid = 0, qint64 processStart = 0,
                            const QString &host = QStringLiteral("elsewhere.invalid"))
{
    return RegisterRunner{id, host, pid, 1, nowMs, processStart};
}

// The end of a job's attempt that succeeded, as its runner `owner` writes it.
FinishAttempt succeededBy(qint64 jobId, int number, const QString &owner, qint64 atMs)
{
    FinishAttempt f;
    f.jobId = jobId;
    f.number = number;
    f.finishedAtMs = atMs;
    f.transition.jobId = jobId;
    f.transition.from = {JobState::Running};
    f.transition.to = JobState::Succeeded;
    f.transition.reason = QStringLiteral("ended by the test");
    f.transition.atMs = atMs;
    f.transition.requireOwner = owner;
    return f;
}

} // namespace

// Who may hold a job: only registered runners claim, through the one statement that changes a job's state, and a
// runner never starts a job whose lease it no longer holds.
class ClaimsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anUnregisteredClaimerIsRefused()
    {
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        const BatchResult r = t.store->apply({claimFor(QStringLiteral("nobody"), 1000)});
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.results.front().claimed.empty());
        QCOMPARE(t.stateOf(id), QStringLiteral("queued"));
    }

    void aRetiredRunnerCannotClaim()
    {
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        const QString runner = QStringLiteral("retired-runner");
        QVERIFY(t.store->apply({registration(runner, 1000), RetireRunner{runner, 1001}}).ok);
        const BatchResult r = t.store->apply({claimFor(runner, 1002)});
        QVERIFY(r.ok);
        QVERIFY(r.results.front().claimed.empty());
        QCOMPARE(t.stateOf(id), QStringLiteral("queued"));
    }

    void aRegisteredRunnerClaimsAndHoldsTheLease()
    {
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        const QString runner = QStringLiteral("live-runner");
        const BatchResult r = t.store->apply({registration(runner, 1000), claimFor(runner, 1000)});
        QVERIFY(r.ok);
        QCOMPARE(r.results.back().claimed.size(), size_t(1));
        QCOMPARE(r.results.back().claimed.front().leaseUntilMs, qint64(31'000));
        const auto job = t.reader->job(id);
        QCOMPARE(stateName(job->state), QStringLiteral("running"));
        QCOMPARE(job->leaseOwner, runner);
        QCOMPARE(job->attempts, 1);
    }

    void aStartIsRefusedOnceTheLeaseIsAnotherRunners()
    {
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        const QString a = QStringLiteral("runner-a");
        const QString b = QStringLiteral("runner-b");
        ClaimJobs claim = claimFor(a, 1000);
        claim.leaseUntilMs = 2000;
        QVERIFY(t.store->apply({registration(a, 1000), registration(b, 1000), claim}).ok);
        // A's lease runs out; B recovers the job and claims it.
        QVERIFY(t.store->apply({RecoverLeases{3000, {}, b}, claimFor(b, 3000)}).ok);
        const BatchResult start = t.store->apply({StartAttempt{id, 1, 3001, a, QStringLiteral("worker-1"), false}});
        QVERIFY(start.ok);
        QVERIFY(!start.results.front().applied);
        QVERIFY(t.reader->attempts(id).empty());
        QCOMPARE(t.reader->job(id)->leaseOwner, b);
    }

    void noStatementOutsideTheChokePointMayWriteAJobsState()
    {
        JOBDECK_SQLITE_ONLY("the authorizer guards SQLite's writer connection; the source check covers both");
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        t.store->flush();
        SqliteHandle handle(t.path, 1000);
        SqliteStatementCache statements(handle.get());
        SqliteTransitions transitions(statements, handle.get());
        QVERIFY_THROWS_EXCEPTION(StoreError, SqliteStatement(handle.get(), QStringLiteral("UPDATE jobs SET state = 'dead'")));
        QVERIFY_THROWS_EXCEPTION(StoreError,
                                 SqliteStatement(handle.get(), QStringLiteral("UPDATE jobs SET priority = 2, state = ?")));
        // Other columns stay writable.
        SqliteStatement priority(handle.get(), QStringLiteral("UPDATE jobs SET priority = 3"));
        priority.exec();
        QCOMPARE(priority.numRowsAffected(), 1);

        Transition cancel;
        cancel.jobId = id;
        cancel.from = {JobState::Queued};
        cancel.to = JobState::Cancelled;
        cancel.reason = QStringLiteral("cancelled by the test");
        cancel.atMs = 2000;
        const auto changed = transitions.change(cancel, JobState::Queued, QStringLiteral("?"),
                                                [&](SqlStatement &q, int i) { q.bindValue(i, id); });
        QCOMPARE(changed.size(), size_t(1));
        // A change the state machine forbids is not written, whoever asks.
        Transition back = cancel;
        back.to = JobState::Running;
        back.requireOwner = QStringLiteral("someone");
        QVERIFY(transitions.change(back, JobState::Cancelled, QStringLiteral("?"),
                                   [&](SqlStatement &q, int i) { q.bindValue(i, id); })
                    .empty());
    }

    void noSourceOutsideTheChokePointWritesTheStateColumn()
    {
        // The authorizer guards the writer's connection; this guards every other place SQL could be written.
        const QRegularExpression update(QStringLiteral(R"(UPDATE\s+(OR\s+\w+\s+)?jobs\b(.*?)\bWHERE\b)"),
                                        QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpression setsState(QStringLiteral(R"((\bSET|,)\s*state\s*=)"));
        QStringList offenders;
        int files = 0;
        for (const char *folder : {"core", "app", "ui"}) {
            QDirIterator it(QStringLiteral(JOBDECK_SOURCE_DIR "/") + QLatin1String(folder), {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                if (path.endsWith(QLatin1String("/SqliteTransitions.cpp")))
                    continue;
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                ++files;
                const QString text = QString::fromUtf8(f.readAll());
                for (auto m = update.globalMatch(text); m.hasNext();) {
                    if (m.next().captured(2).contains(setsState))
                        offenders << path;
                }
            }
        }
        QVERIFY(files > 50);
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(u' ')));
    }

    void aLiveRunnersJobsAreNeverRescuedButAReusedPidIsNotTheRunner()
    {
        TempStore t;
        const qint64 now = SystemClock::instance().nowMs();
        const qint64 pid = QCoreApplication::applicationPid();
        const qint64 started = LeaseKeeper::processStart(pid);
        QVERIFY(started > 0);
        const QString host = LeaseKeeper::hostName();
        const QString live = QStringLiteral("live-here");
        const QString reused = QStringLiteral("pid-reused");
        const qint64 liveJob = t.enqueue(makeSpec(QStringLiteral("noop")), now);
        QVERIFY(t.store->apply({registration(live, now, pid, started, host), claimFor(live, now, 1),
                                StartAttempt{liveJob, 1, now, live, {}, false}})
                    .ok);
        const qint64 reusedJob = t.enqueue(makeSpec(QStringLiteral("noop")), now);
        // The same pid, but a process that started at another time: the runner that registered is gone.
        QVERIFY(t.store->apply({registration(reused, now, pid, started + 1, host), claimFor(reused, now, 1),
                                StartAttempt{reusedJob, 1, now, reused, {}, false}})
                    .ok);

        const RecoverLeases recovery = LeaseKeeper(QStringLiteral("rescuer"), 30'000).recovery(*t.reader, now);
        QVERIFY(!recovery.goneOwners.contains(live));
        QVERIFY(recovery.goneOwners.contains(reused));
        QVERIFY(t.store->apply({recovery}).ok);
        QCOMPARE(t.stateOf(liveJob), QStringLiteral("running"));
        QCOMPARE(t.reader->job(liveJob)->leaseOwner, live);
        QCOMPARE(t.stateOf(reusedJob), QStringLiteral("queued"));
    }

    void aConsoleClaimsNothingWhateverItIsAsked()
    {
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("noop")), SystemClock::instance().nowMs());
        const HandlerRegistry registry = builtIns();
        EngineOptions options = engineOptions(2);
        options.runsJobs = false;
        Engine console(*t.store, registry, options);
        console.start();
        QCOMPARE(console.status(), Engine::Status::Running);
        console.setPaused(true);
        console.setPaused(false);
        console.setWorkers(4);
        QVERIFY(enqueueVia(console, makeSpec(QStringLiteral("noop"))) > 0);
        t.store->flush();
        QCOMPARE(console.busyWorkers(), 0);
        QVERIFY(console.isIdle());
        QCOMPARE(t.stateOf(id), QStringLiteral("queued"));
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs WHERE state <> 'queued'")), qint64(0));
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM runners")), qint64(0));
        console.stopAndWait();
    }

    void aRunnerStartsWithoutWaitingForAnotherProgramsWriteLock()
    {
        // The window starts its runner on its own thread: a start that waited for the registration to commit would
        // freeze it for as long as another program holds the write lock (here: until the busy timeout, since the
        // holder is this thread).
        JOBDECK_SQLITE_ONLY("another program holds SQLite's file lock");
        TempStore t;
        const qint64 id = t.enqueue(makeSpec(QStringLiteral("counted")), SystemClock::instance().nowMs());
        std::atomic<int> runs{0};
        HandlerRegistry registry;
        registry.add(std::make_unique<CountingHandler>(runs));
        EngineOptions options = engineOptions(1);
        options.scheduler.enabled = false;
        Engine engine(*t.store, registry, options);
        QSignalSpy registered(&engine, &Engine::registered);
        QSignalSpy failed(&engine, &Engine::storeFailed);

        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("start-lock-holder"));
        other.setDatabaseName(t.path);
        QVERIFY(other.open());
        {
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            engine.start();
            QCOMPARE(engine.status(), Engine::Status::Running);
            QCoreApplication::processEvents(); // the window goes on; the registration waits in the writer
            QCOMPARE(registered.count(), 0);
            QCOMPARE(runs.load(), 0);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("start-lock-holder"));

        QVERIFY(registered.wait(10'000));
        QCOMPARE(failed.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(runs.load(), 1, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("succeeded"), 10'000);
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL")), qint64(1));
        engine.stopAndWait();
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL")), qint64(0));
    }

    // Two processes' writers claim, open and end jobs side by side (on PostgreSQL without the writer lock): no job
    // is claimed twice or lost, and a batch whose last jobs end in both at once still completes once.
    void twoWritersClaimAndEndJobsSideBySide()
    {
        TempStore t;
        std::unique_ptr<JobStore> other = openJobStore(t.path);
        const qint64 now = 1'000'000;
        constexpr int kPlain = 300;
        constexpr int kInBatch = 40;
        WriteBatch enqueues;
        for (int i = 0; i < kPlain; ++i)
            enqueues.push_back(EnqueueJob{makeSpec(QStringLiteral("noop")), now});
        QVERIFY(t.store->apply(enqueues).ok);
        AddJobBatch batch;
        batch.name = QStringLiteral("side-by-side");
        batch.jobs.assign(kInBatch, makeSpec(QStringLiteral("noop")));
        batch.then = makeSpec(QStringLiteral("noop"));
        batch.nowMs = now;
        QVERIFY(t.store->apply({batch}).ok);

        std::atomic<bool> failed{false};
        // Each writer's first claim is made before either goes on, so that both take part however the threads run.
        std::latch firstClaims(2);
        const auto runner = [&](JobStore &store, const QString &id, std::vector<qint64> &claimedIds) {
            bool first = true;
            for (int idle = 0; idle < 50;) {
                const BatchResult claimed =
                    store.apply(first ? WriteBatch{registration(id, now), claimFor(id, now + 1, 8)}
                                      : WriteBatch{claimFor(id, now + 1, 8)});
                if (first) {
                    first = false;
                    firstClaims.arrive_and_wait();
                }
                if (!claimed.ok) {
                    failed = true;
                    return;
                }
                const std::vector<ClaimedJob> &jobs = claimed.results.back().claimed;
                idle = jobs.empty() ? idle + 1 : 0;
                for (const ClaimedJob &j : jobs) {
                    claimedIds.push_back(j.id);
                    store.submit({StartAttempt{j.id, j.attemptNumber, now + 2, id, QStringLiteral("worker-1"), false}});
                    store.submit({succeededBy(j.id, j.attemptNumber, id, now + 3)}, [&failed](const BatchResult &r) {
                        if (!r.ok || !r.results.front().applied)
                            failed = true;
                    });
                }
                if (jobs.empty())
                    store.flush(); // the batch's completion job is queued by the last end, which may be in flight
            }
            store.flush();
        };
        std::vector<qint64> first;
        std::vector<qint64> second;
        std::thread a([&] { runner(*t.store, QStringLiteral("host:1:a"), first); });
        std::thread b([&] { runner(*other, QStringLiteral("host:2:b"), second); });
        a.join();
        b.join();
        QVERIFY(!failed);
        QVERIFY2(!first.empty() && !second.empty(), "both writers took part");

        QSet<qint64> all;
        for (const qint64 id : first)
            all.insert(id);
        for (const qint64 id : second)
            all.insert(id);
        QCOMPARE(int(first.size() + second.size()), int(all.size())); // nothing claimed twice
        QCOMPARE(int(all.size()), kPlain + kInBatch + 1);               // the batch completed, once
        for (const JobRecord &j : t.reader->jobs({{}, {}, {}, 0, 1000})) {
            QCOMPARE(j.state, JobState::Succeeded);
            QCOMPARE(int(t.reader->attempts(j.id).size()), 1);
        }
        QCOMPARE(keptCounts(*t.reader), countedJobs(t.path));
    }

    // A batch's last two jobs end in two writers at the same moment. On PostgreSQL their ends run without the writer
    // lock until the batch's progress is counted: each must count after the other's end has committed, or neither
    // sees the batch complete. The test holds the lock so that both ends are in flight when it is let go.
    void aBatchsLastJobsEndingInTwoWritersAtOnceCompleteIt()
    {
        TempStore t;
        std::unique_ptr<JobStore> other = openJobStore(t.path);
        const qint64 now = 1'000'000;
        AddJobBatch batch;
        batch.name = QStringLiteral("last-two");
        batch.jobs.assign(2, makeSpec(QStringLiteral("noop")));
        batch.then = makeSpec(QStringLiteral("noop"));
        batch.nowMs = now;
        const BatchResult added = t.store->apply({batch});
        QVERIFY(added.ok);
        const QString a = QStringLiteral("host:1:a");
        const QString b = QStringLiteral("host:2:b");
        const BatchResult byA = t.store->apply({registration(a, now), claimFor(a, now, 1)});
        const BatchResult byB = other->apply({registration(b, now), claimFor(b, now, 1)});
        QVERIFY(byA.ok && byB.ok);
        QCOMPARE(byA.results.back().claimed.size(), size_t(1));
        QCOMPARE(byB.results.back().claimed.size(), size_t(1));
        const ClaimedJob first = byA.results.back().claimed.front();
        const ClaimedJob second = byB.results.back().claimed.front();
        QVERIFY(t.store->apply({StartAttempt{first.id, first.attemptNumber, now, a, QStringLiteral("w"), false}}).ok);
        QVERIFY(other->apply({StartAttempt{second.id, second.attemptNumber, now, b, QStringLiteral("w"), false}}).ok);

        std::optional<PostgresConnection> lock;
        if (onPostgres()) {
            QString error;
            lock.emplace(*PostgresUrl::parse(t.path, &error));
            lock->exec(QStringLiteral("BEGIN; SELECT pg_advisory_xact_lock(1932412309860018039)"));
        }
        std::atomic<int> applied{0};
        const auto count = [&applied](const BatchResult &r) {
            if (r.ok && r.results.front().applied)
                ++applied;
        };
        t.store->submit({succeededBy(first.id, first.attemptNumber, a, now + 1)}, count);
        other->submit({succeededBy(second.id, second.attemptNumber, b, now + 1)}, count);
        if (lock) {
            // Both ends have moved their jobs and wait for the lock to count the batch.
            PostgresConnection watch(*PostgresUrl::parse(t.path, nullptr));
            QTRY_COMPARE_WITH_TIMEOUT(
                watch.exec(QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))
                    .integer(0, 0),
                qint64(2), 10'000);
            lock->exec(QStringLiteral("COMMIT"));
        }
        t.store->flush();
        other->flush();
        QCOMPARE(applied.load(), 2);
        const std::optional<JobRecord> then = t.reader->job(added.results.front().jobId);
        QVERIFY(then);
        QCOMPARE(stateName(then->state), QStringLiteral("queued"));
    }

    void aClaimThatCommitsAfterItsLeaseLapsedIsNotStarted()
    {
        // The writer waits for another program's lock while the claim's lease runs out; meanwhile another runner
        // recovers the job and claims it. The first runner must not run it beside the second.
        JOBDECK_SQLITE_ONLY("another program holds SQLite's file lock");
        TempStore t;
        ManualClock clock(SystemClock::instance().nowMs());
        std::atomic<int> runs{0};
        HandlerRegistry registry;
        registry.add(std::make_unique<CountingHandler>(runs));
        EngineOptions options = engineOptions(1);
        options.leaseMs = 5000;
        options.scheduler.enabled = false;
        Engine engine(*t.store, registry, options, clock);
        engine.start();
        engine.setPaused(true);
        const qint64 id = enqueueVia(engine, makeSpec(QStringLiteral("counted")));
        QVERIFY(id > 0);
        t.store->flush();

        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("lock-holder"));
        other.setDatabaseName(t.path);
        QVERIFY(other.open());
        {
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            auto &sqlite = static_cast<SqliteStore &>(*t.store);
            const int waitsBefore = sqlite.lockWaits();
            engine.setPaused(false); // the claim is computed now, with a lease until now + 5 s
            QTRY_VERIFY_WITH_TIMEOUT(sqlite.lockWaits() > waitsBefore, 10'000);
            QVERIFY(!engine.isIdle()); // the claim waits in the writer
            clock.advance(10'000);
            const QString rival = QStringLiteral("other-runner");
            t.store->submit({registration(rival, clock.nowMs()), RecoverLeases{clock.nowMs(), {}, rival},
                             claimFor(rival, clock.nowMs(), 1)},
                            {});
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("lock-holder"));

        QTRY_VERIFY_WITH_TIMEOUT(t.reader->job(id)->leaseOwner == QStringLiteral("other-runner"), 10'000);
        t.store->flush();
        QTRY_VERIFY_WITH_TIMEOUT(engine.isIdle(), 10'000);
        t.store->flush();
        QCOMPARE(runs.load(), 0);
        QVERIFY(t.reader->attempts(id).empty());
        QCOMPARE(t.stateOf(id), QStringLiteral("running"));
        engine.stopAndWait();
    }
};

QTEST_GUILESS_MAIN(ClaimsTest)
#include "tst_claims.moc"
