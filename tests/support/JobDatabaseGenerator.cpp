#include "JobDatabaseGenerator.h"

#include "model/Clock.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteSchema.h"
#include "storage/sqlite/SqliteStore.h"

#include <QFile>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>
#include <sqlite3.h>

namespace jobdeck::testdata {

namespace {

constexpr double kWaves = 5; // busy stretches over the span of a database with waves

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

[[noreturn]] void fail(sqlite3 *db, const char *what)
{
    throw StoreError(QStringLiteral("generator: %1: %2").arg(QLatin1String(what), QString::fromUtf8(sqlite3_errmsg(db))));
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

void text(sqlite3_stmt *s, int index, const QByteArray &value)
{
    sqlite3_bind_text(s, index, value.constData(), int(value.size()), SQLITE_TRANSIENT);
}

void step(sqlite3 *db, sqlite3_stmt *s)
{
    if (sqlite3_step(s) != SQLITE_DONE)
        fail(db, sqlite3_sql(s));
    sqlite3_reset(s);
}

struct Kind {
    const char *name;
    const char *queue;
    int weight; // per hundred
};

constexpr std::array kKinds = {
    Kind{"thumbnail", "images", 35}, Kind{"checksum", "files", 25}, Kind{"process", "scripts", 20},
    Kind{"cpu", "default", 10},      Kind{"sleep", "default", 5},   Kind{"noop", "default", 5},
};

const std::array kAlbums = {"holiday-2023", "wedding", "garden", "product-shots", "family", "archive",
                            "conference", "street", "portraits", "drone"};
const std::array kScripts = {"/srv/jobs/resize.py", "/srv/jobs/import-orders.sh", "/srv/jobs/nightly-report.py",
                             "/srv/jobs/sync-invoices.js", "/srv/jobs/rebuild-index.sh"};
const std::array kErrors = {
    "not an image: the file starts with \"%PDF-1.7\"",
    "truncated image: decoding stopped at byte %1 of %2",
    "exit code 1: Traceback (most recent call last): ConnectionRefusedError: [Errno 111] Connection refused",
    "exit code 2: import-orders.sh: line 14: orders-%1.csv: No such file or directory",
    "timed out after 10m",
    "permission denied: /srv/share/private/scan-%1.tiff",
    "image too large: 24000 x 18000 pixels is over the 100 MP limit",
};
const std::array kLogLines = {
    "resized %1 to 256 px in %2 ms", "read %1 MB, sha256 verified", "imported %1 orders from the shop export",
    "report for week %1 written to /srv/reports", "retrying the upload after a connection reset",
    "cache warm: %1 entries", "invoice batch %1 synced with the ledger",
};

} // namespace

void generateJobDatabase(const QString &path, const GeneratorOptions &options)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    SqliteStore::open(path).reset(); // the schema, exactly as Jobdeck makes it

    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    Database db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
        fail(raw, "open");
    sqlite3 *d = db.get();
    // Test data: speed over durability; the database is switched back to WAL at the end.
    exec(d, "PRAGMA journal_mode = OFF");
    exec(d, "PRAGMA synchronous = OFF");
    exec(d, "PRAGMA cache_size = -262144");
    exec(d, "PRAGMA foreign_keys = OFF");

    const qint64 endMs = options.endMs > 0 ? options.endMs : SystemClock::instance().nowMs();
    const qint64 startMs = endMs - options.spanMs;
    std::mt19937 random(options.seed);
    const auto pick = [&](int n) { return int(random() % quint32(n)); };
    {
        Statement job = prepare(d,
            "INSERT INTO jobs (id, kind, queue, priority, state, state_reason, payload, result, error, progress, "
            "run_at, created_at, updated_at, started_at, finished_at, attempts, total_attempts, max_attempts, "
            "timeout_ms, log_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 5, ?, ?)");
        Statement attempt = prepare(d,
            "INSERT INTO attempts (job_id, number, started_at, finished_at, outcome, error, runner, worker, "
            "duration_ms) VALUES (?, ?, ?, ?, ?, ?, 'srv-1:4711:a1b2', ?, ?)");
        Statement log = prepare(d, "INSERT INTO job_log (job_id, attempt, at, level, text, seq) VALUES (?, ?, ?, ?, ?, 1)");

        exec(d, "BEGIN");
        for (qint64 id = 1; id <= options.jobs; ++id) {
            int roll = pick(100);
            const Kind *kind = &kKinds.back();
            for (const Kind &k : kKinds) {
                if (roll < k.weight) {
                    kind = &k;
                    break;
                }
                roll -= k.weight;
            }
            const QByteArray kindName(kind->name);
            const int perMille = pick(1000);
            const bool dead = perMille < options.deadPerMille;
            const bool cancelled = !dead && perMille < options.deadPerMille + options.cancelledPerMille;
            double at = double(id) / double(std::max<qint64>(1, options.jobs));
            if (options.waves) // still increasing with the id (history pages rely on it); the rate swings by 3x
                at += 0.5 * std::sin(kWaves * 2 * std::numbers::pi * at) / (kWaves * 2 * std::numbers::pi);
            const qint64 finished = startMs + qint64(double(options.spanMs) * at) + pick(1000);
            const qint64 duration = kindName == "noop" ? pick(5) : 40 + pick(kindName == "cpu" ? 20'000 : 3'000);
            const qint64 started = finished - duration;
            const qint64 created = started - 5 - pick(2'000);
            QByteArray payload;
            QByteArray result;
            if (kindName == "thumbnail") {
                payload = QStringLiteral("{\"path\":\"/srv/photos/%1/IMG_%2.jpg\",\"size\":256}")
                              .arg(QLatin1String(kAlbums[size_t(pick(int(kAlbums.size())))]))
                              .arg(id, 7, 10, QLatin1Char('0'))
                              .toUtf8();
                result = QByteArrayLiteral("{\"width\":256,\"height\":171}");
            } else if (kindName == "checksum") {
                payload = QStringLiteral("{\"paths\":[\"/srv/share/exports/batch-%1.tar\"],\"algorithm\":\"sha256\"}")
                              .arg(id % 5000)
                              .toUtf8();
                result = QByteArrayLiteral("[{\"size\":73400320,\"digest\":\"9f86d081884c7d65\"}]");
            } else if (kindName == "process") {
                payload = QStringLiteral("{\"program\":\"%1\",\"args\":[\"--day\",\"%2\"]}")
                              .arg(QLatin1String(kScripts[size_t(pick(int(kScripts.size())))]))
                              .arg(id % 365)
                              .toUtf8();
            } else if (kindName == "cpu") {
                payload = QStringLiteral("{\"n\":%1}").arg(1'000'000 * (1 + pick(20))).toUtf8();
            } else if (kindName == "sleep") {
                payload = QStringLiteral("{\"ms\":%1}").arg(500 + pick(5000)).toUtf8();
            } else {
                payload = QByteArrayLiteral("{}");
            }
            QByteArray error;
            if (dead) {
                error = QString::fromLatin1(kErrors[size_t(pick(int(kErrors.size())))])
                            .replace(QLatin1String("%1"), QString::number(pick(90'000)))
                            .replace(QLatin1String("%2"), QString::number(100'000 + pick(900'000)))
                            .toUtf8();
            }
            const int attempts = dead ? 1 + pick(5) : (pick(20) == 0 ? 2 : 1);
            const bool logged = options.logEvery > 0 && id % options.logEvery == 0;
            const QByteArray state = dead ? "dead" : cancelled ? "cancelled" : "succeeded";
            const QByteArray reason = dead        ? QByteArrayLiteral("attempt failed and is not retryable")
                                      : cancelled ? QByteArrayLiteral("cancelled by user")
                                                  : QStringLiteral("succeeded on attempt %1").arg(attempts).toUtf8();
            sqlite3_stmt *j = job.get();
            sqlite3_bind_int64(j, 1, id);
            text(j, 2, kindName);
            text(j, 3, kind->queue);
            sqlite3_bind_int(j, 4, pick(10) == 0 ? 5 : 0);
            text(j, 5, state);
            text(j, 6, reason);
            text(j, 7, payload);
            if (dead || cancelled || result.isEmpty())
                sqlite3_bind_null(j, 8);
            else
                text(j, 8, result);
            if (error.isEmpty())
                sqlite3_bind_null(j, 9);
            else
                text(j, 9, error);
            sqlite3_bind_double(j, 10, dead || cancelled ? 0.4 : 1.0);
            sqlite3_bind_int64(j, 11, created);
            sqlite3_bind_int64(j, 12, created);
            sqlite3_bind_int64(j, 13, finished);
            sqlite3_bind_int64(j, 14, started);
            sqlite3_bind_int64(j, 15, finished);
            sqlite3_bind_int(j, 16, attempts);
            sqlite3_bind_int(j, 17, attempts);
            sqlite3_bind_int64(j, 18, kindName == "process" ? 600'000 : 0);
            sqlite3_bind_int(j, 19, logged ? 1 : 0);
            step(d, j);
            for (int n = 1; n <= attempts; ++n) {
                const bool last = n == attempts;
                sqlite3_stmt *a = attempt.get();
                const qint64 aStart = started - (attempts - n) * (duration + 1000);
                sqlite3_bind_int64(a, 1, id);
                sqlite3_bind_int(a, 2, n);
                sqlite3_bind_int64(a, 3, aStart);
                sqlite3_bind_int64(a, 4, aStart + duration);
                text(a, 5, !last || dead ? QByteArrayLiteral("failed") : cancelled ? QByteArrayLiteral("cancelled")
                                                                                   : QByteArrayLiteral("succeeded"));
                if (!last || dead)
                    text(a, 6, error.isEmpty() ? QByteArrayLiteral("connection reset by peer") : error);
                else
                    sqlite3_bind_null(a, 6);
                text(a, 7, "worker-" + QByteArray::number(1 + pick(4)));
                sqlite3_bind_int64(a, 8, duration);
                step(d, a);
            }
            if (logged) {
                sqlite3_stmt *l = log.get();
                sqlite3_bind_int64(l, 1, id);
                sqlite3_bind_int(l, 2, attempts);
                sqlite3_bind_int64(l, 3, finished - 1);
                text(l, 4, dead ? QByteArrayLiteral("ERROR") : QByteArrayLiteral("INFO"));
                text(l, 5, QString::fromLatin1(kLogLines[size_t(pick(int(kLogLines.size())))])
                               .replace(QLatin1String("%1"), QString::number(1 + pick(500)))
                               .replace(QLatin1String("%2"), QString::number(duration))
                               .toUtf8());
                step(d, l);
            }
            if (id % 100'000 == 0) {
                exec(d, "COMMIT");
                exec(d, "BEGIN");
            }
        }
        exec(d, "COMMIT");
    }
    // What the writer keeps as it goes: counts, and the per-minute series of the last hours.
    exec(d, "BEGIN");
    exec(d, "DELETE FROM job_counts");
    exec(d, SqliteSchema::kRecountSql);
    {
        Statement minutes = prepare(d,
            "INSERT INTO job_minutes (minute, enqueued, succeeded, failed, queued, running) "
            "SELECT finished_at / 60000, count(*), sum(state = 'succeeded'), sum(state = 'dead'), "
            // With waves, a backlog that builds up in the busy stretches and workers that fill up with them.
            "CASE WHEN ?2 THEN max(0, count(*) - 40) / 2 + count(*) / 20 ELSE 0 END, "
            "CASE WHEN ?2 THEN min(4, 1 + count(*) / 12) ELSE 0 END "
            "FROM jobs INDEXED BY jobs_history WHERE state IN ('succeeded', 'dead', 'cancelled') AND finished_at >= ?1 "
            "GROUP BY 1");
        sqlite3_bind_int64(minutes.get(), 1, endMs - 3 * 3'600'000LL);
        sqlite3_bind_int(minutes.get(), 2, options.waves ? 1 : 0);
        step(d, minutes.get());
    }
    exec(d, "COMMIT");
    exec(d, "PRAGMA journal_mode = WAL");
}

} // namespace jobdeck::testdata
