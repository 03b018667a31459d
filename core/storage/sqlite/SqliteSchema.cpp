#include "SqliteSchema.h"

#include "SqliteConnection.h"
#include "storage/StoreError.h"

#include <QStringList>
#include <vector>

namespace jobdeck {

namespace {

// Each migration is a list of statements. Never edit a migration that has shipped; add a new one.
const std::vector<std::vector<const char *>> s_migrations = {
    {
        R"sql(CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    queue TEXT NOT NULL DEFAULT 'default',
    priority INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    state_reason TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    error TEXT,
    progress REAL NOT NULL DEFAULT 0,
    progress_text TEXT NOT NULL DEFAULT '',
    run_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    total_attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    timeout_ms INTEGER NOT NULL DEFAULT 0,
    backoff_ms INTEGER NOT NULL DEFAULT 5000,
    idempotency_key TEXT UNIQUE,
    lease_owner TEXT,
    lease_until INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    checkpoint_at INTEGER NOT NULL DEFAULT 0,
    log_count INTEGER NOT NULL DEFAULT 0
))sql",
        R"sql(CREATE INDEX jobs_ready ON jobs(priority DESC, id) WHERE state = 'queued')sql",
        R"sql(CREATE INDEX jobs_ready_by_queue ON jobs(queue, priority DESC, id) WHERE state = 'queued')sql",
        R"sql(CREATE INDEX jobs_due ON jobs(run_at) WHERE state IN ('scheduled', 'failed'))sql",
        R"sql(CREATE INDEX jobs_leased ON jobs(lease_owner) WHERE state = 'running')sql",
        R"sql(CREATE INDEX jobs_by_state ON jobs(state, id))sql",
        R"sql(CREATE TABLE attempts (
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT NOT NULL,
    error TEXT,
    runner TEXT,
    worker TEXT,
    duration_ms INTEGER,
    from_checkpoint INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, number)
) WITHOUT ROWID)sql",
        R"sql(CREATE TABLE job_log (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    level TEXT NOT NULL,
    text TEXT NOT NULL
))sql",
        R"sql(CREATE INDEX job_log_by_job ON job_log(job_id, id))sql",
        R"sql(CREATE TABLE checkpoints (
    job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    saved_at INTEGER NOT NULL
))sql",
        R"sql(CREATE TABLE job_events (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT NOT NULL
))sql",
        R"sql(CREATE INDEX job_events_by_job ON job_events(job_id, id))sql",
        R"sql(CREATE TABLE runners (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    workers INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    retired_at INTEGER
))sql",
        R"sql(CREATE TABLE queues (
    name TEXT PRIMARY KEY,
    concurrency INTEGER NOT NULL DEFAULT 0,
    paused INTEGER NOT NULL DEFAULT 0
))sql",
        R"sql(CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
))sql",
    },
    // Every state change writes its history row inside SQLite, in the same statement that makes it.
    {
        R"sql(CREATE TRIGGER job_created AFTER INSERT ON jobs
BEGIN
    INSERT INTO job_events (job_id, at, from_state, to_state, reason)
    VALUES (NEW.id, NEW.created_at, NULL, NEW.state, NEW.state_reason);
END)sql",
        R"sql(CREATE TRIGGER job_state_changed AFTER UPDATE OF state ON jobs WHEN OLD.state IS NOT NEW.state
BEGIN
    INSERT INTO job_events (job_id, at, from_state, to_state, reason)
    VALUES (NEW.id, NEW.updated_at, OLD.state, NEW.state, NEW.state_reason);
END)sql",
    },
    // The console's reads at a million jobs: counts kept by the writer instead of counted, a per-minute series,
    // history in finishing order, and a full-text index over payloads, errors and log lines.
    {
        // A log line's number within its job, so its search entry can be found again when it is deleted.
        R"sql(ALTER TABLE job_log ADD COLUMN seq INTEGER NOT NULL DEFAULT 0)sql",
        R"sql(UPDATE job_log SET seq = n.seq FROM (SELECT id, row_number() OVER (PARTITION BY job_id ORDER BY id) AS seq
    FROM job_log) AS n WHERE n.id = job_log.id)sql",
        R"sql(CREATE INDEX jobs_history ON jobs(finished_at, id) WHERE state IN ('succeeded', 'dead', 'cancelled'))sql",
        R"sql(CREATE TABLE job_counts (
    queue TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (queue, kind, state)
) WITHOUT ROWID)sql",
        SqliteSchema::kRecountSql,
        R"sql(CREATE TABLE job_minutes (
    minute INTEGER PRIMARY KEY,
    enqueued INTEGER NOT NULL DEFAULT 0,
    succeeded INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    queued INTEGER,
    running INTEGER
))sql",
        // Contentless: the text lives in jobs and job_log once. Row ids are (job id << 20) + log line number
        // (0 for the payload and error), so matches come out in job order and a page stops early.
        R"sql(CREATE VIRTUAL TABLE job_search USING fts5(payload, error, log, content = '', columnsize = 0))sql",
        R"sql(INSERT INTO job_search (rowid, payload, error) SELECT id << 20, payload, error FROM jobs
    WHERE payload <> '{}' OR coalesce(error, '') <> '')sql",
        R"sql(INSERT INTO job_search (rowid, log) SELECT (job_id << 20) | seq, text FROM job_log
    WHERE seq BETWEEN 1 AND 1048575)sql",
        // A contentless entry is removed by repeating exactly what was indexed, so every condition below
        // matches the one its entry was added under.
        R"sql(CREATE TRIGGER job_search_added AFTER INSERT ON jobs WHEN NEW.payload <> '{}' OR coalesce(NEW.error, '') <> ''
BEGIN
    INSERT INTO job_search (rowid, payload, error) VALUES (NEW.id << 20, NEW.payload, NEW.error);
END)sql",
        R"sql(CREATE TRIGGER job_search_removed AFTER DELETE ON jobs WHEN OLD.payload <> '{}' OR coalesce(OLD.error, '') <> ''
BEGIN
    INSERT INTO job_search (job_search, rowid, payload, error) VALUES ('delete', OLD.id << 20, OLD.payload, OLD.error);
END)sql",
        // One trigger, so the old entry is removed before the new one is added (triggers on the same change run
        // in no order one may rely on).
        R"sql(CREATE TRIGGER job_search_changed AFTER UPDATE OF payload, error ON jobs
WHEN OLD.payload IS NOT NEW.payload OR OLD.error IS NOT NEW.error
BEGIN
    INSERT INTO job_search (job_search, rowid, payload, error) SELECT 'delete', OLD.id << 20, OLD.payload, OLD.error
        WHERE OLD.payload <> '{}' OR coalesce(OLD.error, '') <> '';
    INSERT INTO job_search (rowid, payload, error) SELECT NEW.id << 20, NEW.payload, NEW.error
        WHERE NEW.payload <> '{}' OR coalesce(NEW.error, '') <> '';
END)sql",
        R"sql(CREATE TRIGGER job_search_log_added AFTER INSERT ON job_log WHEN NEW.seq BETWEEN 1 AND 1048575
BEGIN
    INSERT INTO job_search (rowid, log) VALUES ((NEW.job_id << 20) | NEW.seq, NEW.text);
END)sql",
        R"sql(CREATE TRIGGER job_search_log_removed AFTER DELETE ON job_log WHEN OLD.seq BETWEEN 1 AND 1048575
BEGIN
    INSERT INTO job_search (job_search, rowid, log) VALUES ('delete', (OLD.job_id << 20) | OLD.seq, OLD.text);
END)sql",
    },
    // Schedules, exclusion calendars, recorded occurrences (one per schedule and fire time, so that no two runners
    // ever enqueue the same occurrence) and the lease of the one runner that fires schedules.
    {
        R"sql(CREATE TABLE schedules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    cron TEXT NOT NULL DEFAULT '',
    every_ms INTEGER NOT NULL DEFAULT 0,
    at_ms INTEGER NOT NULL DEFAULT 0,
    time_zone TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    job_kind TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    queue TEXT NOT NULL DEFAULT 'default',
    priority INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    timeout_ms INTEGER NOT NULL DEFAULT 0,
    backoff_ms INTEGER NOT NULL DEFAULT 5000,
    misfire TEXT NOT NULL DEFAULT 'fire-once',
    catch_up_limit INTEGER NOT NULL DEFAULT 10,
    overlap TEXT NOT NULL DEFAULT 'allow',
    enabled INTEGER NOT NULL DEFAULT 1,
    paused_until INTEGER NOT NULL DEFAULT 0,
    next_fire_at INTEGER NOT NULL DEFAULT 0,
    last_fire_at INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
))sql",
        R"sql(CREATE TABLE calendars (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
))sql",
        R"sql(CREATE TABLE calendar_days (
    calendar TEXT NOT NULL REFERENCES calendars(name) ON DELETE CASCADE,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    PRIMARY KEY (calendar, first_day, last_day)
))sql",
        R"sql(CREATE TABLE schedule_exclusions (
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    calendar TEXT NOT NULL REFERENCES calendars(name),
    PRIMARY KEY (schedule_id, calendar)
))sql",
        R"sql(CREATE TABLE schedule_occurrences (
    id INTEGER PRIMARY KEY,
    schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
    fire_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
    runner TEXT NOT NULL DEFAULT '',
    UNIQUE (schedule_id, fire_at)
))sql",
        R"sql(CREATE INDEX schedule_occurrences_by_time ON schedule_occurrences(fire_at))sql",
        R"sql(CREATE INDEX schedule_occurrences_by_job ON schedule_occurrences(job_id))sql",
        R"sql(CREATE INDEX schedule_occurrences_waiting ON schedule_occurrences(schedule_id) WHERE outcome = 'waiting')sql",
        R"sql(CREATE TABLE scheduler_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    owner TEXT NOT NULL,
    lease_until INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
))sql",
    },
    // History per state: a filter on one finished state (the poison list, say) reads its own part of the index
    // instead of skipping over the other states' jobs; the whole history merges the three parts.
    {
        R"sql(DROP INDEX jobs_history)sql",
        R"sql(CREATE INDEX jobs_history ON jobs(state, finished_at, id) WHERE state IN ('succeeded', 'dead', 'cancelled'))sql",
    },
    // Jobs folder. Singleton jobs: never two of a kind running at once, enforced by the database so it holds for
    // every runner. Continuous jobs: kept running by a runner of their own, never claimed for a worker, and found
    // through a small index (a drain leaves them out of its count).
    {
        R"sql(ALTER TABLE jobs ADD COLUMN singleton INTEGER NOT NULL DEFAULT 0)sql",
        R"sql(ALTER TABLE jobs ADD COLUMN continuous INTEGER NOT NULL DEFAULT 0)sql",
        R"sql(CREATE UNIQUE INDEX jobs_one_running_singleton ON jobs(kind) WHERE state = 'running' AND singleton = 1)sql",
        R"sql(CREATE INDEX jobs_continuous ON jobs(state) WHERE continuous = 1)sql",
    },
    // When each runner's process started, as the system counts it: a live process with a runner's pid but another
    // start time is not that runner (the pid was reused), so the runner's jobs can be recovered.
    {
        R"sql(ALTER TABLE runners ADD COLUMN process_start INTEGER NOT NULL DEFAULT 0)sql",
    },
    // Callbacks. The change that ends a job with a callback URL records its delivery in the same statement, so a
    // crash cannot end a job and lose its callback; runners claim due deliveries with a lease, as they claim jobs.
    {
        R"sql(ALTER TABLE jobs ADD COLUMN callback_url TEXT)sql",
        R"sql(CREATE TABLE callback_deliveries (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    created_at INTEGER NOT NULL,
    next_try_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER
))sql",
        R"sql(CREATE INDEX callback_deliveries_by_job ON callback_deliveries(job_id, id))sql",
        R"sql(CREATE INDEX callback_deliveries_due ON callback_deliveries(next_try_at) WHERE state = 'pending')sql",
        R"sql(CREATE TABLE callback_attempts (
    delivery_id INTEGER NOT NULL REFERENCES callback_deliveries(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    at INTEGER NOT NULL,
    http_status INTEGER,
    error TEXT,
    next_try_at INTEGER,
    PRIMARY KEY (delivery_id, number)
) WITHOUT ROWID)sql",
        R"sql(CREATE TRIGGER job_ended_with_callback AFTER UPDATE OF state ON jobs
WHEN OLD.state IS NOT NEW.state AND NEW.callback_url IS NOT NULL AND NEW.state IN ('succeeded', 'dead', 'cancelled')
BEGIN
    INSERT INTO callback_deliveries (job_id, url, created_at, next_try_at) VALUES (NEW.id, NEW.callback_url, NEW.updated_at, NEW.updated_at);
END)sql",
    },
    // Watched folders. Each version of a file (path, size, mtime, content fingerprint) is recorded once, in the
    // transaction that enqueues its job, so no two runners and no restart ever enqueue it twice.
    {
        R"sql(CREATE TABLE watches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    dir TEXT NOT NULL,
    patterns TEXT NOT NULL DEFAULT '',
    recursive INTEGER NOT NULL DEFAULT 0,
    definition TEXT NOT NULL DEFAULT '',
    job_kind TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    queue TEXT NOT NULL DEFAULT 'default',
    priority INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    timeout_ms INTEGER NOT NULL DEFAULT 0,
    backoff_ms INTEGER NOT NULL DEFAULT 5000,
    settle_ms INTEGER NOT NULL DEFAULT 2000,
    after TEXT NOT NULL DEFAULT 'leave',
    max_size INTEGER NOT NULL,
    paused INTEGER NOT NULL DEFAULT 0,
    enqueued INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
))sql",
        R"sql(CREATE TABLE watch_files (
    id INTEGER PRIMARY KEY,
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
    enqueued_at INTEGER NOT NULL,
    disposition TEXT NOT NULL DEFAULT '',
    moved_to TEXT NOT NULL DEFAULT '',
    UNIQUE (watch_id, path, size, mtime, fingerprint)
))sql",
        R"sql(CREATE INDEX watch_files_by_job ON watch_files(job_id))sql",
        R"sql(CREATE INDEX watch_files_by_path ON watch_files(path))sql",
        R"sql(CREATE INDEX watch_files_by_moved_to ON watch_files(moved_to) WHERE moved_to <> '')sql",
        R"sql(CREATE TABLE watch_skips (
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    PRIMARY KEY (watch_id, path)
))sql",
    },
    // Continuations. A job's parents are edges by the parent's id, so that ending a job finds its waiting children
    // in one lookup; each edge keeps how its parent ended, which outlives the parent's deletion.
    {
        R"sql(ALTER TABLE jobs ADD COLUMN continue_on TEXT)sql",
        R"sql(ALTER TABLE jobs ADD COLUMN cancelled_by_parent INTEGER)sql",
        R"sql(CREATE TABLE job_parents (
    parent_id INTEGER NOT NULL,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    ended TEXT,
    PRIMARY KEY (parent_id, job_id)
) WITHOUT ROWID)sql",
        R"sql(CREATE INDEX job_parents_by_job ON job_parents(job_id))sql",
    },
    // Batches. The writer keeps each batch's counts of ended jobs in the transaction that ends each job, so the
    // one that ends the last job also queues the completion job: exactly once, whichever runner ends it.
    {
        R"sql(CREATE TABLE job_batches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    cancelled_at INTEGER,
    total INTEGER NOT NULL DEFAULT 0,
    succeeded INTEGER NOT NULL DEFAULT 0,
    dead INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    then_job_id INTEGER
))sql",
        R"sql(ALTER TABLE jobs ADD COLUMN batch_id INTEGER)sql",
        R"sql(ALTER TABLE jobs ADD COLUMN completes_batch INTEGER)sql",
        R"sql(CREATE INDEX jobs_by_batch ON jobs(batch_id, id) WHERE batch_id IS NOT NULL)sql",
    },
    // Mutexes. Jobs holding one are claimed apart from the others, one per name, and only while no running job
    // holds any of their names; the partial index lists just the queued ones, in claim order.
    {
        R"sql(CREATE TABLE job_mutexes (
    name TEXT NOT NULL,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    PRIMARY KEY (name, job_id)
) WITHOUT ROWID)sql",
        R"sql(CREATE INDEX job_mutexes_by_job ON job_mutexes(job_id))sql",
        R"sql(ALTER TABLE jobs ADD COLUMN has_mutex INTEGER NOT NULL DEFAULT 0)sql",
        R"sql(CREATE INDEX jobs_mutex_ready ON jobs(priority DESC, id) WHERE has_mutex = 1 AND state = 'queued')sql",
        // The other jobs' claims no longer pass over the holders' rows.
        R"sql(DROP INDEX jobs_ready)sql",
        R"sql(CREATE INDEX jobs_ready ON jobs(priority DESC, id) WHERE state = 'queued' AND has_mutex = 0)sql",
        R"sql(DROP INDEX jobs_ready_by_queue)sql",
        R"sql(CREATE INDEX jobs_ready_by_queue ON jobs(queue, priority DESC, id) WHERE state = 'queued' AND has_mutex = 0)sql",
    },
    // Ordering keys and rate limits. A key's jobs that have not ended (a dead one holds the rest) stay in
    // jobs_order_open in sequence order, so the first of them is the one that may run; order_keys numbers a key's
    // jobs and remembers the last one that ended. A rate-limited queue's starts within its window are kept in
    // queue_starts, read and written in the claim's transaction, so the limit holds across runners.
    {
        R"sql(ALTER TABLE jobs ADD COLUMN order_key TEXT)sql",
        R"sql(ALTER TABLE jobs ADD COLUMN order_seq INTEGER)sql",
        R"sql(ALTER TABLE jobs ADD COLUMN order_wait_ms INTEGER)sql",
        R"sql(CREATE TABLE order_keys (
    key TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL DEFAULT 0,
    done_seq INTEGER NOT NULL DEFAULT 0,
    done_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID)sql",
        R"sql(CREATE INDEX jobs_order_open ON jobs(order_key, order_seq, id)
    WHERE order_key IS NOT NULL AND state NOT IN ('succeeded', 'cancelled'))sql",
        R"sql(CREATE INDEX jobs_order_ready ON jobs(priority DESC, id) WHERE order_key IS NOT NULL AND state = 'queued')sql",
        R"sql(DROP INDEX jobs_ready)sql",
        R"sql(CREATE INDEX jobs_ready ON jobs(priority DESC, id) WHERE state = 'queued' AND has_mutex = 0 AND order_key IS NULL)sql",
        R"sql(DROP INDEX jobs_ready_by_queue)sql",
        R"sql(CREATE INDEX jobs_ready_by_queue ON jobs(queue, priority DESC, id)
    WHERE state = 'queued' AND has_mutex = 0 AND order_key IS NULL)sql",
        R"sql(DROP INDEX jobs_mutex_ready)sql",
        R"sql(CREATE INDEX jobs_mutex_ready ON jobs(priority DESC, id) WHERE has_mutex = 1 AND order_key IS NULL AND state = 'queued')sql",
        R"sql(ALTER TABLE queues ADD COLUMN rate_count INTEGER NOT NULL DEFAULT 0)sql",
        R"sql(ALTER TABLE queues ADD COLUMN rate_window_ms INTEGER NOT NULL DEFAULT 0)sql",
        R"sql(CREATE TABLE queue_starts (
    queue TEXT NOT NULL,
    at INTEGER NOT NULL
))sql",
        R"sql(CREATE INDEX queue_starts_by_queue ON queue_starts(queue, at))sql",
    },
    // Pipelines. Every step's job is created with the pipeline, the later ones waiting; a compensation is kept as the
    // JSON of its job until a failure needs it. The writer moves a pipeline on in the transaction that ends a step.
    {
        R"sql(CREATE TABLE pipelines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    step INTEGER NOT NULL DEFAULT 1,
    step_count INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    result TEXT,
    failed_step INTEGER,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
))sql",
        R"sql(CREATE TABLE pipeline_steps (
    pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    job_id INTEGER NOT NULL,
    compensation TEXT,
    compensation_job_id INTEGER,
    PRIMARY KEY (pipeline_id, step)
) WITHOUT ROWID)sql",
        R"sql(ALTER TABLE jobs ADD COLUMN pipeline_id INTEGER)sql",
    },
};

} // namespace

int SqliteSchema::latestVersion()
{
    return int(s_migrations.size());
}

void SqliteSchema::migrate(SqliteConnection &connection, int version)
{
    auto versionQuery = connection.exec(QStringLiteral("PRAGMA user_version"));
    const int current = versionQuery.next() ? versionQuery.value(0).toInt() : 0;
    versionQuery.finish();
    if (current > latestVersion())
        throw StoreError(QStringLiteral("the database was written by a newer Jobdeck (schema %1, this build knows %2)")
                             .arg(current)
                             .arg(latestVersion()),
                         StoreErrorCode::NewerSchema);
    if (current >= version)
        return;

    connection.exec(QStringLiteral("BEGIN IMMEDIATE"));
    try {
        for (int v = current; v < version; ++v) {
            for (const char *statement : s_migrations[size_t(v)])
                connection.exec(QString::fromUtf8(statement));
        }
        connection.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId));
        connection.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
        connection.exec(QStringLiteral("COMMIT"));
    } catch (...) {
        connection.db().rollback();
        throw;
    }
}

} // namespace jobdeck
