#include "SqliteBaseline.h"

#include "BenchSupport.h"
#include "model/Clock.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <memory>
#include <sqlite3.h>
#include <vector>

namespace jobdeck::bench {

namespace {

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

[[noreturn]] void fail(sqlite3 *db, const char *what)
{
    throw StoreError(QStringLiteral("baseline: %1: %2").arg(QLatin1String(what), QString::fromUtf8(sqlite3_errmsg(db))));
}

void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        fail(db, sql);
}

Statement prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        fail(db, sql);
    return Statement(stmt, &sqlite3_finalize);
}

void bindText(sqlite3_stmt *stmt, int index, const QByteArray &text)
{
    sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

// Runs a statement that returns no rows, then resets it for the next use.
void step(sqlite3 *db, sqlite3_stmt *stmt)
{
    if (sqlite3_step(stmt) != SQLITE_DONE)
        fail(db, sqlite3_sql(stmt));
    sqlite3_reset(stmt);
}

struct Claimed {
    qint64 id;
    int number;
};

const char *const kInsertJob =
    "INSERT INTO jobs (kind, queue, priority, state, state_reason, payload, run_at, created_at, updated_at, "
    "max_attempts, timeout_ms, backoff_ms, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// The job row of `spec`, queued at `now` (the schema's trigger writes its "created" event, as in Jobdeck).
void insertNoop(sqlite3 *d, sqlite3_stmt *s, const JobSpec &spec, qint64 now)
{
    bindText(s, 1, spec.kind.toUtf8());
    bindText(s, 2, spec.queue.toUtf8());
    sqlite3_bind_int(s, 3, spec.priority);
    sqlite3_bind_text(s, 4, "queued", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, "enqueued", -1, SQLITE_STATIC);
    bindText(s, 6, spec.payload);
    sqlite3_bind_int64(s, 7, now);
    sqlite3_bind_int64(s, 8, now);
    sqlite3_bind_int64(s, 9, now);
    sqlite3_bind_int(s, 10, spec.maxAttempts);
    sqlite3_bind_int64(s, 11, spec.timeoutMs);
    sqlite3_bind_int64(s, 12, spec.backoffMs);
    sqlite3_bind_null(s, 13);
    step(d, s);
}

// A database whose schema Jobdeck created (the store is closed before the C API opens the file), in WAL mode
// at the durability asked for.
Database openFresh(const QString &path, const BenchOptions &options)
{
    SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50}).reset();
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    Database db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
        fail(raw, "open");
    exec(raw, "PRAGMA journal_mode = WAL");
    exec(raw, options.durability == Durability::Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    exec(raw, "PRAGMA foreign_keys = ON");
    return db;
}

} // namespace

BaselineResult measureBaseline(const QString &path, const BenchOptions &options)
{
    Database db = openFresh(path, options);
    sqlite3 *d = db.get();

    BaselineResult result;
    {
        // Statements are finalized before the connection closes.
        Statement insertJob = prepare(d, kInsertJob);
        Statement claim = prepare(d,
            "UPDATE jobs SET state = 'running', state_reason = ?, lease_owner = ?, lease_until = ?, "
            "attempts = attempts + 1, total_attempts = total_attempts + 1, started_at = ?, updated_at = ?, "
            "cancel_requested = 0, progress = 0, progress_text = '' WHERE id IN "
            "(SELECT id FROM jobs INDEXED BY jobs_ready WHERE state = 'queued' AND has_mutex = 0 AND order_key IS NULL "
            "ORDER BY priority DESC, id LIMIT ?) "
            "RETURNING id, total_attempts");
        Statement startAttempt = prepare(d,
            "INSERT OR REPLACE INTO attempts (job_id, number, started_at, outcome, runner, worker, from_checkpoint) "
            "VALUES (?, ?, ?, 'running', ?, ?, 0)");
        Statement finishAttempt = prepare(d,
            "UPDATE attempts SET finished_at = ?, outcome = 'succeeded', error = NULL, duration_ms = ? - started_at "
            "WHERE job_id = ? AND number = ?");
        Statement finishJob = prepare(d,
            "UPDATE jobs SET state = 'succeeded', state_reason = ?, updated_at = ?, lease_owner = NULL, "
            "lease_until = NULL, finished_at = ?, cancel_requested = 0, progress = 1, progress_text = '' "
            "WHERE id = ? AND state = 'running' AND lease_owner = ?");

        const JobSpec spec = noopSpec();
        const QByteArray owner = QByteArrayLiteral("bench-host:1:baseline");
        const QByteArray worker = QByteArrayLiteral("worker-1");
        const QByteArray claimReason = "claimed by " + owner;
        const QByteArray succeededReason = QByteArrayLiteral("succeeded on attempt 1");

        qint64 enqueueNs = 0, claimNs = 0, startNs = 0, completeNs = 0;
        QElapsedTimer timer;
        std::vector<qint64> ids;
        std::vector<Claimed> claimed;
        for (int done = 0; done < options.jobs;) {
            const int n = std::min(options.batch, options.jobs - done);

            // Enqueue: the job row (the schema's trigger writes its "created" event, as in Jobdeck).
            timer.start();
            exec(d, "BEGIN IMMEDIATE");
            qint64 now = SystemClock::instance().nowMs();
            ids.clear();
            for (int i = 0; i < n; ++i) {
                insertNoop(d, insertJob.get(), spec, now);
                ids.push_back(sqlite3_last_insert_rowid(d));
            }
            exec(d, "COMMIT");
            enqueueNs += timer.nsecsElapsed();

            // Claim: lease the oldest queued jobs in one statement (a trigger writes an event per job).
            timer.start();
            exec(d, "BEGIN IMMEDIATE");
            now = SystemClock::instance().nowMs();
            claimed.clear();
            {
                sqlite3_stmt *s = claim.get();
                bindText(s, 1, claimReason);
                bindText(s, 2, owner);
                sqlite3_bind_int64(s, 3, now + 30'000);
                sqlite3_bind_int64(s, 4, now);
                sqlite3_bind_int64(s, 5, now);
                sqlite3_bind_int(s, 6, n);
                int stepped = SQLITE_ROW;
                while ((stepped = sqlite3_step(s)) == SQLITE_ROW)
                    claimed.push_back({sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1)});
                if (stepped != SQLITE_DONE)
                    fail(d, "claim");
                sqlite3_reset(s);
            }
            exec(d, "COMMIT");
            claimNs += timer.nsecsElapsed();

            // Start: the attempt row.
            timer.start();
            exec(d, "BEGIN IMMEDIATE");
            now = SystemClock::instance().nowMs();
            for (const Claimed &c : claimed) {
                sqlite3_stmt *s = startAttempt.get();
                sqlite3_bind_int64(s, 1, c.id);
                sqlite3_bind_int(s, 2, c.number);
                sqlite3_bind_int64(s, 3, now);
                bindText(s, 4, owner);
                bindText(s, 5, worker);
                step(d, s);
            }
            exec(d, "COMMIT");
            startNs += timer.nsecsElapsed();

            // Complete: close the attempt, move the job on (guarded by state and lease; a trigger writes the event).
            timer.start();
            exec(d, "BEGIN IMMEDIATE");
            now = SystemClock::instance().nowMs();
            for (const Claimed &c : claimed) {
                sqlite3_stmt *a = finishAttempt.get();
                sqlite3_bind_int64(a, 1, now);
                sqlite3_bind_int64(a, 2, now);
                sqlite3_bind_int64(a, 3, c.id);
                sqlite3_bind_int(a, 4, c.number);
                step(d, a);
                sqlite3_stmt *j = finishJob.get();
                bindText(j, 1, succeededReason);
                sqlite3_bind_int64(j, 2, now);
                sqlite3_bind_int64(j, 3, now);
                sqlite3_bind_int64(j, 4, c.id);
                bindText(j, 5, owner);
                step(d, j);
                if (sqlite3_changes(d) != 1)
                    fail(d, "complete: the job was not running");
            }
            exec(d, "COMMIT");
            completeNs += timer.nsecsElapsed();
            done += n;
        }
        result.enqueueSeconds = double(enqueueNs) / 1e9;
        result.claimSeconds = double(claimNs) / 1e9;
        result.startSeconds = double(startNs) / 1e9;
        result.completeSeconds = double(completeNs) / 1e9;
        result.perSecond = perSecond(options.jobs, enqueueNs + claimNs + startNs + completeNs);
        result.processPerSecond = perSecond(options.jobs, claimNs + startNs + completeNs);
    }
    return result;
}

double measureSingleInsertCommits(const QString &path, const BenchOptions &options, int count)
{
    Database db = openFresh(path, options);
    sqlite3 *d = db.get();
    Statement insertJob = prepare(d, kInsertJob);
    Statement begin = prepare(d, "BEGIN IMMEDIATE");
    Statement commit = prepare(d, "COMMIT");
    const JobSpec spec = noopSpec();
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i) {
        step(d, begin.get());
        insertNoop(d, insertJob.get(), spec, SystemClock::instance().nowMs());
        step(d, commit.get());
    }
    const qint64 ns = timer.nsecsElapsed();
    return perSecond(count, ns);
}

} // namespace jobdeck::bench
