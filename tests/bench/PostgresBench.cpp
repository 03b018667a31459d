#include "PostgresBench.h"

#include "BenchSupport.h"
#include "model/Clock.h"
#include "storage/postgres/PostgresConnection.h"
#include "storage/postgres/PostgresStore.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>
#include <algorithm>
#include <functional>
#include <memory>

namespace jobdeck::bench {

namespace {

constexpr int kWaitMs = 120'000;
constexpr int kPickupJobs = 250;

// Both baselines claim a batch as a runner does, in one statement.
constexpr const char *kBaselineClaim =
    "UPDATE jobs SET state = 'running', state_reason = 'claimed by baseline', lease_owner = 'baseline', "
    "lease_until = $1::bigint + 30000, attempts = attempts + 1, total_attempts = total_attempts + 1, started_at = $1, "
    "updated_at = $1, cancel_requested = 0, progress = 0, progress_text = '' WHERE id IN "
    "(SELECT id FROM jobs WHERE state = 'queued' AND has_mutex = 0 AND order_key IS NULL "
    "ORDER BY priority DESC, id LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id, total_attempts";

PostgresUrl parsed(const QString &url)
{
    QString error;
    const auto u = PostgresUrl::parse(url, &error);
    if (!u)
        throw StoreError(error, StoreErrorCode::CantOpen);
    return *u;
}

// A fresh Jobdeck schema: the previous run's tables go.
std::unique_ptr<PostgresStore> freshStore(const PostgresUrl &url)
{
    {
        PostgresConnection connection(url);
        connection.exec(QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS jobdeck CASCADE"));
    }
    return PostgresStore::open(url);
}

qint64 scalar(PostgresConnection &connection, const QString &sql)
{
    return connection.exec(sql).integer(0, 0);
}

// Waits until `sql` counts at least `count`, checking every millisecond; false on the deadline.
bool waitForCount(PostgresConnection &connection, const QString &sql, qint64 count)
{
    QElapsedTimer waited;
    waited.start();
    while (scalar(connection, sql) < count) {
        if (waited.hasExpired(kWaitMs))
            return false;
        QThread::msleep(1);
    }
    return true;
}

// Runner processes of the real binary; the URL (with its password) goes by the environment, not the command line.
class Runners {
public:
    Runners(const BenchOptions &options, const QString &url, int count)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("JOBDECK_DB"), url);
        for (int i = 0; i < count; ++i) {
            auto process = std::make_unique<QProcess>();
            process->setProgram(options.jobdeck);
            process->setArguments({QStringLiteral("--no-gui"), QStringLiteral("--quiet"), QStringLiteral("--workers"),
                                   QString::number(options.workers)});
            process->setProcessEnvironment(environment);
            process->start();
            process->waitForStarted();
            m_processes.push_back(std::move(process));
        }
    }
    ~Runners()
    {
        for (auto &p : m_processes)
            p->terminate();
        for (auto &p : m_processes) {
            if (!p->waitForFinished(30'000))
                p->kill();
        }
    }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

void setPaused(JobStore &store, bool paused)
{
    const BatchResult r = store.apply({SetSetting{QStringLiteral("paused"), paused ? QStringLiteral("1") : QStringLiteral("0")}});
    if (!r.ok)
        throw StoreError(r.error, r.errorCode);
}

// Jobs enqueued while the runners are paused, then timed from the commit that resumes them to the last success.
void measureEndToEnd(const PostgresUrl &url, const QString &text, const BenchOptions &options, PostgresBenchResult &r)
{
    auto store = freshStore(url);
    setPaused(*store, true);
    enqueueNoopJobs(*store, options.jobs, options.batch);
    PostgresConnection watch(url);
    Runners runners(options, text, r.runners);
    if (!waitForCount(watch, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL"), r.runners)) {
        r.notes << QStringLiteral("end-to-end: the runners did not register");
        return;
    }
    QElapsedTimer timer;
    timer.start();
    setPaused(*store, false);
    if (!waitForCount(watch, QStringLiteral("SELECT coalesce(sum(n), 0) FROM job_counts WHERE state = 'succeeded'"),
                      options.jobs)) {
        r.notes << QStringLiteral("end-to-end: not every job succeeded within %1 s").arg(kWaitMs / 1000);
        return;
    }
    const qint64 elapsed = timer.nsecsElapsed();
    r.endToEndSeconds = double(elapsed) / 1e9;
    r.endToEndPerSecond = perSecond(options.jobs, elapsed);
}

// The row writes Jobdeck makes for a noop job, through libpq on one connection in Jobdeck's own schema (its triggers
// included), prepared statements, options.batch jobs to a transaction in each step, synchronous commits.
void measureBaseline(const PostgresUrl &url, const BenchOptions &options, PostgresBenchResult &r)
{
    freshStore(url).reset();
    PostgresConnection c(url);
    c.prepare("insert", QStringLiteral(
        "INSERT INTO jobs (kind, queue, priority, state, state_reason, payload, run_at, created_at, updated_at, "
        "max_attempts, timeout_ms, backoff_ms) VALUES ('noop', 'default', 0, 'queued', 'enqueued', '{}', $1, $1, $1, 5, 0, 1000)"));
    c.prepare("claim", QString::fromLatin1(kBaselineClaim));
    c.prepare("start", QStringLiteral(
        "INSERT INTO attempts (job_id, number, started_at, outcome, runner, worker, from_checkpoint) "
        "VALUES ($1, $2, $3, 'running', 'baseline', 'worker-1', 0)"));
    c.prepare("finishAttempt", QStringLiteral(
        "UPDATE attempts SET finished_at = $1, outcome = 'succeeded', error = NULL, duration_ms = $1 - started_at "
        "WHERE job_id = $2 AND number = $3"));
    c.prepare("finishJob", QStringLiteral(
        "UPDATE jobs SET state = 'succeeded', state_reason = 'succeeded on attempt 1', updated_at = $1, "
        "lease_owner = NULL, lease_until = NULL, finished_at = $1, cancel_requested = 0, progress = 1, "
        "progress_text = '' WHERE id = $2 AND state = 'running' AND lease_owner = 'baseline'"));
    qint64 enqueueNs = 0;
    qint64 processNs = 0;
    QElapsedTimer timer;
    for (int done = 0; done < options.jobs;) {
        const int n = std::min(options.batch, options.jobs - done);
        const QByteArray now = QByteArray::number(SystemClock::instance().nowMs());
        timer.start();
        c.exec(QStringLiteral("BEGIN"));
        for (int i = 0; i < n; ++i)
            c.execPrepared("insert", {now});
        c.exec(QStringLiteral("COMMIT"));
        enqueueNs += timer.nsecsElapsed();

        timer.start();
        c.exec(QStringLiteral("BEGIN"));
        const PostgresResult claimed = c.execPrepared("claim", {now, QByteArray::number(n)});
        c.exec(QStringLiteral("COMMIT"));
        c.exec(QStringLiteral("BEGIN"));
        for (int i = 0; i < claimed.rows(); ++i)
            c.execPrepared("start", {claimed.bytes(i, 0), claimed.bytes(i, 1), now});
        c.exec(QStringLiteral("COMMIT"));
        c.exec(QStringLiteral("BEGIN"));
        for (int i = 0; i < claimed.rows(); ++i) {
            c.execPrepared("finishAttempt", {now, claimed.bytes(i, 0), claimed.bytes(i, 1)});
            c.execPrepared("finishJob", {now, claimed.bytes(i, 0)});
        }
        c.exec(QStringLiteral("COMMIT"));
        processNs += timer.nsecsElapsed();
        done += n;
    }
    r.baselineEnqueuePerSecond = perSecond(options.jobs, enqueueNs);
    r.baselinePerSecond = perSecond(options.jobs, processNs);
}

// The same row writes as measureBaseline, each step of a batch in one statement over arrays of ids, as a program
// that knows its batch writes them: the stronger baseline, which the ratio is taken to.
void measureSetBaseline(const PostgresUrl &url, const BenchOptions &options, PostgresBenchResult &r)
{
    freshStore(url).reset();
    PostgresConnection c(url);
    c.prepare("insert", QStringLiteral(
        "INSERT INTO jobs (kind, queue, priority, state, state_reason, payload, run_at, created_at, updated_at, "
        "max_attempts, timeout_ms, backoff_ms) SELECT 'noop', 'default', 0, 'queued', 'enqueued', '{}', $1, $1, $1, 5, "
        "0, 1000 FROM generate_series(1, $2::int)"));
    c.prepare("claim", QString::fromLatin1(kBaselineClaim));
    c.prepare("start", QStringLiteral(
        "INSERT INTO attempts (job_id, number, started_at, outcome, runner, worker, from_checkpoint) "
        "SELECT j, n, $3, 'running', 'baseline', 'worker-1', 0 FROM unnest($1::bigint[], $2::int[]) AS a(j, n)"));
    c.prepare("finishAttempts", QStringLiteral(
        "UPDATE attempts SET finished_at = $1, outcome = 'succeeded', error = NULL, duration_ms = $1 - started_at "
        "FROM unnest($2::bigint[], $3::int[]) AS a(j, n) WHERE job_id = a.j AND number = a.n"));
    c.prepare("finishJobs", QStringLiteral(
        "UPDATE jobs SET state = 'succeeded', state_reason = 'succeeded on attempt 1', updated_at = $1, "
        "lease_owner = NULL, lease_until = NULL, finished_at = $1, cancel_requested = 0, progress = 1, "
        "progress_text = '' WHERE id = ANY($2::bigint[]) AND state = 'running' AND lease_owner = 'baseline'"));
    qint64 processNs = 0;
    QElapsedTimer timer;
    for (int done = 0; done < options.jobs;) {
        const int n = std::min(options.batch, options.jobs - done);
        const QByteArray now = QByteArray::number(SystemClock::instance().nowMs());
        c.exec(QStringLiteral("BEGIN"));
        c.execPrepared("insert", {now, QByteArray::number(n)});
        c.exec(QStringLiteral("COMMIT"));

        timer.start();
        c.exec(QStringLiteral("BEGIN"));
        const PostgresResult claimed = c.execPrepared("claim", {now, QByteArray::number(n)});
        c.exec(QStringLiteral("COMMIT"));
        QByteArrayList ids;
        QByteArrayList numbers;
        for (int i = 0; i < claimed.rows(); ++i) {
            ids << claimed.bytes(i, 0);
            numbers << claimed.bytes(i, 1);
        }
        const QByteArray idArray = '{' + ids.join(',') + '}';
        const QByteArray numberArray = '{' + numbers.join(',') + '}';
        c.exec(QStringLiteral("BEGIN"));
        c.execPrepared("start", {idArray, numberArray, now});
        c.exec(QStringLiteral("COMMIT"));
        c.exec(QStringLiteral("BEGIN"));
        c.execPrepared("finishAttempts", {now, idArray, numberArray});
        c.execPrepared("finishJobs", {now, idArray});
        c.exec(QStringLiteral("COMMIT"));
        processNs += timer.nsecsElapsed();
        done += n;
    }
    r.setBaselinePerSecond = perSecond(options.jobs, processNs);
}

// A runner process idles; this process enqueues one noop job every 10 to 30 ms (about 50 a second) through a store
// of its own, so the runner hears of each by a notification. Each job's created_at to its attempt's started_at.
void measurePickup(const PostgresUrl &url, const QString &text, const BenchOptions &options, PostgresBenchResult &r)
{
    auto store = freshStore(url);
    PostgresConnection watch(url);
    BenchOptions one = options;
    one.workers = 2;
    Runners runner(one, text, 1);
    if (!waitForCount(watch, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL"), 1)) {
        r.pickup.note = QStringLiteral("the runner did not register");
        return;
    }
    // A first job shows the runner is up; it is not counted.
    store->apply({EnqueueJob{noopSpec(), SystemClock::instance().nowMs()}});
    waitForCount(watch, QStringLiteral("SELECT count(*) FROM attempts"), 1);
    for (int i = 0; i < kPickupJobs; ++i) {
        store->apply({EnqueueJob{noopSpec(), SystemClock::instance().nowMs()}});
        QThread::msleep(QRandomGenerator::global()->bounded(10, 31));
    }
    if (!waitForCount(watch, QStringLiteral("SELECT count(*) FROM attempts"), kPickupJobs + 1)) {
        r.pickup.note = QStringLiteral("not every job started within %1 s").arg(kWaitMs / 1000);
        return;
    }
    const PostgresResult rows = watch.exec(QStringLiteral(
        "SELECT a.started_at - j.created_at FROM jobs j JOIN attempts a ON a.job_id = j.id AND a.number = 1 "
        "WHERE j.id > (SELECT min(id) FROM jobs) ORDER BY 1"));
    std::vector<double> delays;
    for (int i = 0; i < rows.rows(); ++i)
        delays.push_back(double(rows.integer(i, 0)));
    r.pickup.jobs = int(delays.size());
    r.pickup.p50Ms = percentile(delays, 50);
    r.pickup.p99Ms = percentile(delays, 99);
    r.pickup.maxMs = delays.empty() ? std::nullopt : std::optional<double>(delays.back());
}

QString figure(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

} // namespace

PostgresBenchResult measurePostgres(const QString &text, const BenchOptions &options)
{
    PostgresBenchResult r;
    const PostgresUrl url = parsed(text);
    if (!QFileInfo(options.jobdeck).isExecutable()) {
        r.notes << QStringLiteral("no jobdeck binary at %1").arg(options.jobdeck);
        return r;
    }
    const auto step = [&](const char *name, const std::function<void()> &run) {
        try {
            run();
        } catch (const StoreError &e) {
            r.notes << QStringLiteral("%1 failed: %2").arg(QLatin1String(name), e.message());
        }
    };
    if (options.runs(QStringLiteral("end-to-end")))
        step("end-to-end", [&] { measureEndToEnd(url, text, options, r); });
    if (options.runs(QStringLiteral("baseline"))) {
        step("baseline", [&] { measureBaseline(url, options, r); });
        step("set baseline", [&] { measureSetBaseline(url, options, r); });
    }
    if (options.runs(QStringLiteral("pickup")))
        step("pickup", [&] { measurePickup(url, text, options, r); });
    return r;
}

QString postgresTable(const BenchOptions &options, const PostgresBenchResult &r)
{
    const double ratio = r.setBaselinePerSecond > 0 ? r.endToEndPerSecond / r.setBaselinePerSecond : 0;
    const auto verdict = [](bool met) { return met ? QStringLiteral("met") : QStringLiteral("NOT MET"); };
    QString out;
    out += QStringLiteral("PostgreSQL: %1 noop jobs, %2 runner processes x %3 workers, batches of %4\n")
               .arg(options.jobs)
               .arg(r.runners)
               .arg(options.workers)
               .arg(options.batch);
    const auto line = [&out](const char *label, const QString &value, const char *unit, const QString &target = {}) {
        const QString text = QStringLiteral("%1 %2 %3%4")
                                 .arg(QLatin1String(label), -48)
                                 .arg(value, 7)
                                 .arg(QLatin1String(unit), -7)
                                 .arg(target.isEmpty() ? QString() : QStringLiteral("  target ") + target);
        out += QStringLiteral("  ") + text.trimmed() + u'\n';
    };
    line("end-to-end rate", figure(r.endToEndPerSecond, 0), "jobs/s",
         QStringLiteral(">= 10000: ") + verdict(r.endToEndPerSecond >= 10'000));
    line("baseline, a statement per row", figure(r.baselinePerSecond, 0), "jobs/s");
    line("baseline, a statement per step of a batch", figure(r.setBaselinePerSecond, 0), "jobs/s");
    line("baseline enqueue, a statement per row", figure(r.baselineEnqueuePerSecond, 0), "jobs/s");
    line("ratio end-to-end / statement-per-step baseline", figure(ratio, 3), "",
         QStringLiteral(">= 0.5: ") + verdict(ratio >= 0.5));
    if (r.pickup.p99Ms) {
        line("other process's enqueue to start p50", figure(*r.pickup.p50Ms, 1), "ms");
        line("other process's enqueue to start p99", figure(*r.pickup.p99Ms, 1), "ms",
             QStringLiteral("<= 5: ") + verdict(*r.pickup.p99Ms <= 5));
        line("other process's enqueue to start max", figure(*r.pickup.maxMs, 1), "ms");
    }
    for (const QString &note : r.notes + (r.pickup.note.isEmpty() ? QStringList() : QStringList{r.pickup.note}))
        out += QStringLiteral("note: %1\n").arg(note);
    return out;
}

QJsonObject postgresJson(const BenchOptions &options, const PostgresBenchResult &r)
{
    QJsonObject pickup;
    if (r.pickup.p99Ms)
        pickup = {{QStringLiteral("p50_ms"), *r.pickup.p50Ms}, {QStringLiteral("p99_ms"), *r.pickup.p99Ms},
                  {QStringLiteral("max_ms"), *r.pickup.maxMs}, {QStringLiteral("jobs"), r.pickup.jobs}};
    return {{QStringLiteral("backend"), QStringLiteral("postgresql")},
            {QStringLiteral("jobs"), options.jobs},
            {QStringLiteral("runners"), r.runners},
            {QStringLiteral("workers"), options.workers},
            {QStringLiteral("end_to_end_per_second"), r.endToEndPerSecond},
            {QStringLiteral("baseline_per_second"), r.baselinePerSecond},
            {QStringLiteral("baseline_enqueue_per_second"), r.baselineEnqueuePerSecond},
            {QStringLiteral("set_baseline_per_second"), r.setBaselinePerSecond},
            {QStringLiteral("ratio"), r.setBaselinePerSecond > 0 ? r.endToEndPerSecond / r.setBaselinePerSecond : 0.0},
            {QStringLiteral("pickup"), pickup},
            {QStringLiteral("notes"), QJsonArray::fromStringList(r.notes)}};
}

} // namespace jobdeck::bench
