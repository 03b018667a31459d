#pragma once

// Helpers shared by the core tests: a store in a temporary directory, one-line enqueues, state look-ups that
// read well in QTRY_COMPARE, and a recorder for the engine's job events.

#include "model/Clock.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "runner/LeaseKeeper.h"
#include "storage/OpenJobStore.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteConnection.h"
#include "storage/sqlite/SqliteStore.h"

#include "PostgresCluster.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>
#include <QtTest>
#include <algorithm>
#include <future>
#include <memory>

namespace jobdeck::test {

inline JobSpec makeSpec(const QString &kind, const QJsonObject &payload = {}, int priority = 0)
{
    JobSpec s;
    s.kind = kind;
    s.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    s.priority = priority;
    s.backoffMs = 1; // retries in tests must not wait for the production default
    return s;
}

// The backend the store tests run on. The same test programs run twice: on SQLite, and with
// JOBDECK_TEST_BACKEND=postgresql (CTest's "_postgresql" tests) on a private PostgreSQL cluster that the program
// starts at its first store and stops when it ends.
inline bool onPostgres()
{
    static const bool postgres = qEnvironmentVariable("JOBDECK_TEST_BACKEND") == QLatin1String("postgresql");
    return postgres;
}

// A new, empty database on the program's cluster; its URL. Fails the program when the cluster cannot start.
inline QString newPostgresDatabase()
{
    static PostgresCluster *cluster = nullptr;
    static int databases = 0;
    if (!cluster) {
        cluster = new PostgresCluster;
        if (!cluster->start())
            qFatal("cannot start a PostgreSQL cluster: %s", qPrintable(cluster->error()));
        // Stopped while Qt (which runs pg_ctl) is still up.
        qAddPostRoutine([] {
            delete cluster;
            cluster = nullptr;
        });
    }
    const QString name = QStringLiteral("test_%1").arg(++databases);
    if (!cluster->createDatabase(name))
        qFatal("cannot create a PostgreSQL database: %s", qPrintable(cluster->error()));
    return cluster->url(name);
}

// Skips a test about SQLite's file and writer in the PostgreSQL run.
#define JOBDECK_SQLITE_ONLY(why)                                                                                        \
    do {                                                                                                               \
        if (onPostgres())                                                                                              \
            QSKIP("SQLite only: " why);                                                                                \
    } while (false)

// A fresh store: a SQLite file in its own temporary directory, or a database of its own on PostgreSQL. Members are
// destroyed in reverse order: reader, store, directory.
struct TempStore {
    QTemporaryDir dir;
    QString path; // the SQLite file, or the PostgreSQL URL
    std::unique_ptr<JobStore> store;
    std::unique_ptr<StoreReader> reader;

    TempStore() : path(onPostgres() ? newPostgresDatabase() : dir.filePath(QStringLiteral("jobs.db")))
    {
        store = openJobStore(path);
        reader = store->openReader();
    }

    // Closes the store (and this thread's reader), e.g. to reopen it or to look at the file.
    void close()
    {
        reader.reset();
        store.reset();
    }

    void reopen()
    {
        store = openJobStore(path);
        reader = store->openReader();
    }

    // 0 when the write failed.
    qint64 enqueue(const JobSpec &spec, qint64 nowMs)
    {
        const BatchResult r = store->apply({EnqueueJob{spec, nowMs}});
        return r.ok && !r.results.empty() ? r.results.front().jobId : 0;
    }

    QString stateOf(qint64 id)
    {
        const auto job = reader->job(id);
        return job ? stateName(job->state) : QStringLiteral("<no such job>");
    }
};

// One value from a private read-only connection, for counts the reader API does not offer. The SQL is SQLite's,
// translated for PostgreSQL as the readers' is.
inline qint64 scalar(const QString &path, const QString &sql)
{
    try {
        SqliteConnection connection(path, SqliteConnection::Mode::ReadOnly);
        QSqlQuery q = connection.exec(sql);
        return q.next() ? q.value(0).toLongLong() : -1;
    } catch (const StoreError &) {
        return -1;
    }
}

// Jobs per "queue/kind/state", counted from the jobs table itself: what the store's kept counts must equal.
inline QMap<QString, qint64> countedJobs(const QString &path)
{
    QMap<QString, qint64> out;
    try {
        SqliteConnection connection(path, SqliteConnection::Mode::ReadOnly);
        QSqlQuery q = connection.exec(QStringLiteral("SELECT queue, kind, state, count(*) FROM jobs GROUP BY 1, 2, 3"));
        while (q.next())
            out.insert(QStringLiteral("%1/%2/%3").arg(q.value(0).toString(), q.value(1).toString(),
                                                      q.value(2).toString()),
                       q.value(3).toLongLong());
    } catch (const StoreError &) {
    }
    return out;
}

// The store's kept counts in the same shape.
inline QMap<QString, qint64> keptCounts(StoreReader &reader)
{
    QMap<QString, qint64> out;
    for (const JobCount &c : reader.counts())
        out[QStringLiteral("%1/%2/%3").arg(c.queue, c.kind, stateName(c.state))] += c.count;
    return out;
}

// A job to be made finished by finishJobs().
struct FinishedJob {
    JobSpec spec;
    qint64 finishedAtMs = 0;
    JobState end = JobState::Succeeded; // succeeded, dead or cancelled
    QString error;
};

// Jobs that ran and ended as described, through the store's own mutations (enqueue, claim, attempt, the guarded
// transition), four commits for all of them. No other job may be queued. Returns their ids in order; empty on
// failure.
inline QList<qint64> finishJobs(TempStore &t, const std::vector<FinishedJob> &jobs)
{
    if (jobs.empty())
        return {};
    qint64 earliest = jobs.front().finishedAtMs;
    WriteBatch enqueues;
    for (const FinishedJob &j : jobs) {
        earliest = std::min(earliest, j.finishedAtMs);
        enqueues.push_back(EnqueueJob{j.spec, j.finishedAtMs - 100});
    }
    const BatchResult enqueued = t.store->apply(enqueues);
    if (!enqueued.ok)
        return {};
    QList<qint64> ids;
    for (const MutationResult &r : enqueued.results)
        ids << r.jobId;
    ClaimJobs c;
    c.owner = QStringLiteral("finisher");
    c.nowMs = earliest - 50;
    c.leaseUntilMs = earliest + 30'000;
    c.limit = int(jobs.size());
    // Only a registered runner may hold a lease.
    const BatchResult claimed = t.store->apply({RegisterRunner{c.owner, QStringLiteral("test-host"), 0, 1, c.nowMs}, c});
    if (!claimed.ok || claimed.results.back().claimed.size() != jobs.size())
        return {};
    QHash<qint64, int> numbers;
    for (const ClaimedJob &cj : claimed.results.back().claimed)
        numbers.insert(cj.id, cj.attemptNumber);
    WriteBatch starts;
    WriteBatch ends;
    for (size_t i = 0; i < jobs.size(); ++i) {
        const qint64 id = ids[qsizetype(i)];
        if (!numbers.contains(id))
            return {};
        starts.push_back(StartAttempt{id, numbers.value(id), c.nowMs, c.owner, QStringLiteral("worker-1"), false});
        Transition done;
        done.jobId = id;
        done.from = {JobState::Running};
        done.to = jobs[i].end;
        done.reason = QStringLiteral("finished by the test");
        done.atMs = jobs[i].finishedAtMs;
        if (!jobs[i].error.isEmpty())
            done.error = jobs[i].error;
        ends.push_back(done);
    }
    if (!t.store->apply(starts).ok)
        return {};
    const BatchResult r = t.store->apply(ends);
    if (!r.ok)
        return {};
    for (const MutationResult &m : r.results) {
        if (!m.applied)
            return {};
    }
    return ids;
}

// Waits until the job has ended (succeeded, dead or cancelled) and returns that state's name; fails the test
// after `timeoutMs`.
inline QString finalState(TempStore &t, qint64 id, int timeoutMs = 30'000)
{
    QString state;
    [&] { QTRY_VERIFY_WITH_TIMEOUT(isFinal(stateFromName(state = t.stateOf(id)).value_or(JobState::Queued)), timeoutMs); }();
    return state;
}

// A runner of this host whose process is gone (`gonePid`) claims the queued job and starts its attempt, as a
// runner killed mid-attempt leaves it. Returns the batch's result.
inline BatchResult claimByGoneRunner(TempStore &t, qint64 id, const QString &runner, qint64 gonePid, qint64 nowMs)
{
    ClaimJobs claim;
    claim.owner = runner;
    claim.nowMs = nowMs;
    claim.leaseUntilMs = nowMs + 600'000; // far from expiring: only the missing process gives it away
    claim.limit = 1;
    return t.store->apply({RegisterRunner{runner, LeaseKeeper::hostName(), gonePid, 1, nowMs}, claim,
                           StartAttempt{id, 1, nowMs, runner, QStringLiteral("worker-1"), false}});
}

inline qint64 finishJob(TempStore &t, const JobSpec &spec, qint64 finishedAtMs, JobState end, const QString &error = {})
{
    const QList<qint64> ids = finishJobs(t, {FinishedJob{spec, finishedAtMs, end, error}});
    return ids.isEmpty() ? 0 : ids.front();
}

// A write the database refuses: a schedule excluding a calendar that does not exist breaks a foreign key.
inline SaveSchedule foreignKeyBreakingWrite()
{
    ScheduleRecord schedule;
    schedule.spec.name = QStringLiteral("broken");
    schedule.spec.cron = QStringLiteral("* * * * *");
    schedule.spec.job.kind = QStringLiteral("noop");
    schedule.spec.exclusions = {QStringLiteral("no-such-calendar")};
    return SaveSchedule{schedule, false, 1};
}

inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

inline EngineOptions engineOptions(int workers)
{
    EngineOptions o;
    o.workers = workers;
    o.runnerId = QStringLiteral("test-runner");
    o.retry.jitter = 0;
    o.stoppingWaitMs = 0;
    o.hangGraceMs = 5000;
    return o;
}

// Writes through the engine, as the window and the HTTP API do, so that it hears of new work at once (a write
// straight to the store from this process is not an external change). Waits for the commit.
inline BatchResult submitAndWait(Engine &engine, WriteBatch batch)
{
    auto promise = std::make_shared<std::promise<BatchResult>>();
    std::future<BatchResult> future = promise->get_future();
    engine.submit(std::move(batch), [promise](const BatchResult &r) { promise->set_value(r); });
    return future.get();
}

inline qint64 enqueueVia(Engine &engine, const JobSpec &spec)
{
    const BatchResult r = submitAndWait(engine, {EnqueueJob{spec, engine.clock().nowMs()}});
    return r.ok && !r.results.empty() ? r.results.front().jobId : 0;
}

// A claim by `owner` of up to `limit` jobs with a 30 s lease, as a runner's dispatcher makes it.
inline ClaimJobs claimFor(const QString &owner, qint64 nowMs, int limit = 10)
{
    ClaimJobs c;
    c.owner = owner;
    c.nowMs = nowMs;
    c.leaseUntilMs = nowMs + 30'000;
    c.limit = limit;
    return c;
}

inline HandlerRegistry builtIns()
{
    HandlerRegistry r;
    HandlerRegistry::addBuiltIns(r);
    return r;
}

// Everything an engine publishes through jobsChanged, in order. Disconnects itself when destroyed.
class EventRecorder {
public:
    explicit EventRecorder(Engine &engine)
    {
        QObject::connect(&engine, &Engine::jobsChanged, &m_context,
                         [this](const QList<JobEvent> &events) {
                             for (const JobEvent &e : events) {
                                 if (!e.removed && (e.created || e.from != e.to)) // only changes of state
                                     m_events += e;
                             }
                         });
    }

    const QList<JobEvent> &events() const { return m_events; }

    int count(JobState to) const
    {
        int n = 0;
        for (const JobEvent &e : m_events)
            n += e.to == to && !e.created ? 1 : 0;
        return n;
    }

    int countFor(qint64 jobId, JobState to) const
    {
        int n = 0;
        for (const JobEvent &e : m_events)
            n += e.jobId == jobId && e.to == to && !e.created ? 1 : 0;
        return n;
    }

    // The most jobs of `queue` (any queue if empty) that were running at the same time, by the events.
    int maxRunningAtOnce(const QString &queue = {}) const
    {
        int running = 0;
        int most = 0;
        for (const JobEvent &e : m_events) {
            if (!queue.isEmpty() && e.queue != queue)
                continue;
            if (e.to == JobState::Running && !e.created)
                most = std::max(most, ++running);
            else if (e.from == JobState::Running && !e.created)
                --running;
        }
        return most;
    }

private:
    QObject m_context;
    QList<JobEvent> m_events;
};

} // namespace jobdeck::test
