// SQLite's SQL as PostgreSQL runs it: placeholders numbered the way SQLite numbers them, OR IGNORE as ON CONFLICT
// DO NOTHING, index hints dropped, scalar max/min, JSON arrays, string_agg and the small functions, and
// everything inside string literals, quoted names and comments left as it was. Text only; the statements run
// against a server in the tests that use a PostgreSQL store.

#include "storage/postgres/PostgresDialect.h"

#include <QtTest>

using namespace jobdeck;

namespace {

void addColumns()
{
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgres");
}

void addRow(const char *name, const char *sqlite, const char *postgres)
{
    QTest::newRow(name) << QString::fromUtf8(sqlite) << QString::fromUtf8(postgres);
}

} // namespace

class TestPostgresDialect : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void placeholders_data();
    void placeholders();
    void statementForms_data();
    void statementForms();
    void functions_data();
    void functions();
    void leavesTheRestAlone_data();
    void leavesTheRestAlone();
    void writerStatements_data();
    void writerStatements();
};

void TestPostgresDialect::placeholders_data()
{
    addColumns();
    addRow("bare ones in order", "SELECT id FROM jobs WHERE queue = ? AND kind = ? LIMIT ?",
           "SELECT id FROM jobs WHERE queue = $1 AND kind = $2 LIMIT $3");
    addRow("numbered", "UPDATE jobs SET updated_at = ?3 WHERE id = ?1 AND state = ?2",
           "UPDATE jobs SET updated_at = $3 WHERE id = $1 AND state = $2");
    addRow("numbered used twice", "UPDATE jobs SET started_at = ?1, updated_at = ?1 WHERE id = ?2",
           "UPDATE jobs SET started_at = $1, updated_at = $1 WHERE id = $2");
    addRow("bare after numbered", "SELECT ?3, ?", "SELECT $3, $4");
    addRow("mixed ?1 ?2 ?", "SELECT id FROM runners WHERE id = ?1 OR (host = ?2 AND pid = ?)",
           "SELECT id FROM runners WHERE id = $1 OR (host = $2 AND pid = $3)");
    addRow("bare after a lower number", "SELECT ?2, ?1, ?", "SELECT $2, $1, $3");
    addRow("bare before numbered", "SELECT ?, ?1", "SELECT $1, $1");
    addRow("only the largest so far counts", "SELECT ?1, ?8, ?9, ?, ?13", "SELECT $1, $8, $9, $10, $13");
    addRow("in a string literal", "SELECT id FROM jobs WHERE payload = '?' AND id = ?",
           "SELECT id FROM jobs WHERE payload = '?' AND id = $1");
    addRow("after an escaped quote", "SELECT 'it''s ?' FROM jobs WHERE id = ?",
           "SELECT 'it''s ?' FROM jobs WHERE id = $1");
    addRow("literal ending in an escaped quote", "SELECT '?''' , ?", "SELECT '?''' , $1");
    addRow("in a quoted name", "SELECT \"why?\" FROM t WHERE x = ?", "SELECT \"why?\" FROM t WHERE x = $1");
    addRow("in comments", "SELECT id -- which one?\nFROM jobs /* ?2 */ WHERE id = ?",
           "SELECT id -- which one?\nFROM jobs /* ?2 */ WHERE id = $1");
    addRow("next to operators", "SELECT id FROM jobs WHERE run_at<=? AND priority>?",
           "SELECT id FROM jobs WHERE run_at<=$1 AND priority>$2");
}

void TestPostgresDialect::placeholders()
{
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    QCOMPARE(PostgresDialect::translate(sqlite), postgres);
}

void TestPostgresDialect::statementForms_data()
{
    addColumns();
    addRow("insert or ignore", "INSERT OR IGNORE INTO job_mutexes (name, job_id) VALUES (?, ?)",
           "INSERT INTO job_mutexes (name, job_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    addRow("insert or ignore, lower case", "insert or ignore into job_tags (job_id, tag) values (?1, ?2)",
           "insert into job_tags (job_id, tag) values ($1, $2) ON CONFLICT DO NOTHING");
    addRow("insert or ignore before returning",
           "INSERT OR IGNORE INTO jobs (idempotency_key, kind) VALUES (?, ?) RETURNING id",
           "INSERT INTO jobs (idempotency_key, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id");
    addRow("insert or ignore before returning on its own line",
           "INSERT OR IGNORE INTO runners (id, host)\nVALUES (?, ?)\nRETURNING id, host",
           "INSERT INTO runners (id, host)\nVALUES ($1, $2) ON CONFLICT DO NOTHING\nRETURNING id, host");
    addRow("returning in a literal", "INSERT OR IGNORE INTO notes (body) VALUES (' RETURNING x')",
           "INSERT INTO notes (body) VALUES (' RETURNING x') ON CONFLICT DO NOTHING");
    addRow("insert or ignore with trailing semicolon", "INSERT OR IGNORE INTO runners (id) VALUES (?) ;\n  ",
           "INSERT INTO runners (id) VALUES ($1) ON CONFLICT DO NOTHING");
    addRow("insert or ignore before a trailing comment", "INSERT OR IGNORE INTO runners (id) VALUES (?) -- once",
           "INSERT INTO runners (id) VALUES ($1) ON CONFLICT DO NOTHING -- once");
    addRow("insert or ignore from a select",
           "INSERT OR IGNORE INTO job_tags (job_id, tag) SELECT ?, value FROM json_each(?)",
           "INSERT INTO job_tags (job_id, tag) SELECT $1, value FROM json_array_elements_text($2::json) "
           "ON CONFLICT DO NOTHING");
    addRow("insert or replace stays", "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
           "INSERT OR REPLACE INTO settings (key, value) VALUES ($1, $2)");
    addRow("upsert stays",
           "INSERT INTO job_counts (queue, kind, state, n) VALUES (?, ?, ?, ?) ON CONFLICT (queue, kind, state) "
           "DO UPDATE SET n = max(0, n + excluded.n)",
           "INSERT INTO job_counts (queue, kind, state, n) VALUES ($1, $2, $3, $4) ON CONFLICT (queue, kind, state) "
           "DO UPDATE SET n = GREATEST(0, n + excluded.n)");
    addRow("update or ignore", "UPDATE OR IGNORE jobs SET queue = ? WHERE id = ?",
           "UPDATE jobs SET queue = $1 WHERE id = $2");
    addRow("update or ignore, mixed case", "Update Or Ignore jobs SET priority = 1", "Update jobs SET priority = 1");
    addRow("update or replace stays", "UPDATE OR REPLACE jobs SET queue = ?", "UPDATE OR REPLACE jobs SET queue = $1");
    addRow("indexed by", "SELECT id FROM jobs INDEXED BY jobs_claim WHERE state = 'queued'",
           "SELECT id FROM jobs WHERE state = 'queued'");
    addRow("indexed by, lower case across lines", "SELECT id FROM jobs j\n  indexed by jobs_claim\n  WHERE j.id > ?",
           "SELECT id FROM jobs j\n  WHERE j.id > $1");
    addRow("indexed by before a parenthesis", "SELECT count(*) FROM (SELECT id FROM jobs INDEXED BY jobs_state)",
           "SELECT count(*) FROM (SELECT id FROM jobs)");
    addRow("indexed by before a join", "SELECT 1 FROM jobs INDEXED BY \"jobs_state\", runners",
           "SELECT 1 FROM jobs, runners");
    addRow("a column named indexed", "SELECT indexed FROM history_meta", "SELECT indexed FROM history_meta");
}

void TestPostgresDialect::statementForms()
{
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    QCOMPARE(PostgresDialect::translate(sqlite), postgres);
}

void TestPostgresDialect::functions_data()
{
    addColumns();
    addRow("scalar max", "UPDATE jobs SET attempts = max(attempts - 1, 0) WHERE id = ?",
           "UPDATE jobs SET attempts = GREATEST(attempts - 1, 0) WHERE id = $1");
    addRow("scalar min of three", "SELECT MIN(run_at, ?, next_try_at) FROM jobs",
           "SELECT LEAST(run_at, $1, next_try_at) FROM jobs");
    addRow("scalar inside an aggregate",
           "SELECT min(max(next_try_at, coalesce(lease_until, 0))) FROM callback_deliveries",
           "SELECT min(GREATEST(next_try_at, coalesce(lease_until, 0))) FROM callback_deliveries");
    addRow("nested parentheses", "SELECT Max(coalesce(a, b), (SELECT min(x, y) FROM t), 3) FROM jobs",
           "SELECT GREATEST(coalesce(a, b), (SELECT LEAST(x, y) FROM t), 3) FROM jobs");
    addRow("aggregate max stays", "SELECT max(id) FROM jobs", "SELECT max(id) FROM jobs");
    addRow("aggregate over a call stays", "SELECT max(coalesce(finished_at, 0)) FROM jobs",
           "SELECT max(coalesce(finished_at, 0)) FROM jobs");
    addRow("comma in a literal stays one argument", "SELECT max(name || ', ') FROM t",
           "SELECT max(name || ', ') FROM t");
    addRow("space before the parenthesis", "SELECT max (a, b) FROM t", "SELECT GREATEST (a, b) FROM t");
    addRow("whole words only", "SELECT xmax(a, b), col_max(a, b), min_(a, b), \"max\"(a, b) FROM t",
           "SELECT xmax(a, b), col_max(a, b), min_(a, b), \"max\"(a, b) FROM t");
    addRow("a column named max", "SELECT max, min FROM limits WHERE max > ?",
           "SELECT max, min FROM limits WHERE max > $1");
    addRow("json_each of a placeholder",
           "SELECT j.id FROM jobs j WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))",
           "SELECT j.id FROM jobs j WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM "
           "json_array_elements_text($1::json))");
    addRow("json_each of a numbered placeholder", "SELECT value FROM JSON_EACH(?2) AS e",
           "SELECT value FROM json_array_elements_text($2::json) AS e");
    addRow("json_each of an expression", "SELECT e.value FROM jobs j, json_each(j.depends_on) e",
           "SELECT e.value FROM jobs j, json_array_elements_text((j.depends_on)::json) e");
    addRow("json_each of a parenthesised expression", "SELECT value FROM json_each((?))",
           "SELECT value FROM json_array_elements_text(($1)::json)");
    addRow("group_concat with a separator",
           "SELECT (SELECT group_concat(name, char(10)) FROM job_mutexes WHERE job_id = j.id) FROM jobs j",
           "SELECT (SELECT string_agg(CAST(name AS TEXT), chr(10)) FROM job_mutexes WHERE job_id = j.id) FROM jobs j");
    addRow("json_extract of a member", "SELECT json_extract(s.compensation, '$.kind') FROM pipeline_steps s",
           "SELECT ((s.compensation)::json ->> 'kind') FROM pipeline_steps s");
    addRow("group_concat without one", "SELECT group_concat(tag) FROM job_tags WHERE job_id = ?",
           "SELECT string_agg(CAST(tag AS TEXT), ',') FROM job_tags WHERE job_id = $1");
    addRow("group_concat of a scalar max", "SELECT group_concat(max(a, b), ' ') FROM t",
           "SELECT string_agg(CAST(GREATEST(a, b) AS TEXT), ' ') FROM t");
    addRow("char", "SELECT 'a' || char(10) || 'b'", "SELECT 'a' || chr(10) || 'b'");
    addRow("char of several", "SELECT CHAR(72, 105)", "SELECT (chr(72) || chr(105))");
    addRow("char as a type", "SELECT CAST(id AS CHAR(10)) FROM jobs", "SELECT CAST(id AS CHAR(10)) FROM jobs");
    addRow("ifnull", "SELECT ifnull(error, ''), IFNULL(?, 0) FROM jobs",
           "SELECT coalesce(error, ''), coalesce($1, 0) FROM jobs");
    addRow("iif", "SELECT iif(state = 'dead', 1, 0) FROM jobs",
           "SELECT CASE WHEN state = 'dead' THEN 1 ELSE 0 END FROM jobs");
    addRow("nested iif", "SELECT IIF(? > 0, max(a, ?), iif(b, 'x, y', ?)) FROM t",
           "SELECT CASE WHEN $1 > 0 THEN GREATEST(a, $2) ELSE CASE WHEN b THEN 'x, y' ELSE $3 END END FROM t");
    addRow("iif with two arguments stays", "SELECT iif(a, b) FROM t", "SELECT iif(a, b) FROM t");
}

void TestPostgresDialect::functions()
{
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    QCOMPARE(PostgresDialect::translate(sqlite), postgres);
}

void TestPostgresDialect::leavesTheRestAlone_data()
{
    addColumns();
    addRow("empty", "", "");
    addRow("like escape", "SELECT id FROM jobs WHERE kind LIKE ? ESCAPE '\\'",
           "SELECT id FROM jobs WHERE kind LIKE $1 ESCAPE '\\'");
    addRow("whitespace and comments", "SELECT  a,\n\tb /* max(a, b) */ FROM t -- iif(a, b, c)\nWHERE  c = 'x'  ",
           "SELECT  a,\n\tb /* max(a, b) */ FROM t -- iif(a, b, c)\nWHERE  c = 'x'  ");
    addRow("quoted names", "SELECT \"group_concat\"(x), \"a \"\" ?\" FROM \"INDEXED BY\"",
           "SELECT \"group_concat\"(x), \"a \"\" ?\" FROM \"INDEXED BY\"");
    addRow("functions in literals", "SELECT 'max(a, b)', 'json_each(?)', 'INSERT OR IGNORE INTO t'",
           "SELECT 'max(a, b)', 'json_each(?)', 'INSERT OR IGNORE INTO t'");
    addRow("plain statement", "DELETE FROM job_logs WHERE job_id IN (SELECT id FROM jobs WHERE finished_at < 100)",
           "DELETE FROM job_logs WHERE job_id IN (SELECT id FROM jobs WHERE finished_at < 100)");
    addRow("non-ASCII text", "SELECT 'größe ?' AS größe, ? FROM t", "SELECT 'größe ?' AS größe, $1 FROM t");
    addRow("unbalanced parenthesis", "SELECT max(a, b FROM t WHERE x = ?", "SELECT max(a, b FROM t WHERE x = $1");
    addRow("unterminated literal", "SELECT 'max(a, ?", "SELECT 'max(a, ?");
}

void TestPostgresDialect::leavesTheRestAlone()
{
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    QCOMPARE(PostgresDialect::translate(sqlite), postgres);
}

void TestPostgresDialect::writerStatements_data()
{
    addColumns();
    // The numbers are SQLite's: the bare `?` after ?9 is ?10, whatever larger numbers come after it.
    addRow("transition, shortened",
           "UPDATE OR IGNORE jobs SET state = ?1, attempts = CASE WHEN ?8 THEN 0 WHEN ?9 THEN max(attempts - 1, 0) "
           "ELSE attempts END WHERE id IN (?) AND state = ?13",
           "UPDATE jobs SET state = $1, attempts = CASE WHEN $8 THEN 0 WHEN $9 THEN GREATEST(attempts - 1, 0) "
           "ELSE attempts END WHERE id IN ($10) AND state = $13");
    // The ids follow ?16, which comes before them: binding from index 17 on, as the writer does, still holds.
    addRow("transition",
           "UPDATE OR IGNORE jobs SET state = ?1, state_reason = ?2, updated_at = ?3, run_at = COALESCE(?4, run_at), "
           "attempts = CASE WHEN ?8 THEN 0 WHEN ?9 THEN max(attempts - 1, 0) WHEN ?10 THEN attempts + 1 ELSE "
           "attempts END, lease_until = CASE WHEN ?10 THEN ?16 ELSE NULL END, "
           "progress_text = CASE WHEN ?12 OR ?10 THEN '' ELSE progress_text END "
           "WHERE id IN (?, ?) AND state = ?13 AND CASE WHEN ?10 "
           "THEN EXISTS (SELECT 1 FROM runners WHERE id = ?15 AND retired_at IS NULL) ELSE (?14 OR lease_owner = ?15) "
           "END RETURNING id, kind, queue",
           "UPDATE jobs SET state = $1, state_reason = $2, updated_at = $3, run_at = COALESCE($4, run_at), "
           "attempts = CASE WHEN $8 THEN 0 WHEN $9 THEN GREATEST(attempts - 1, 0) WHEN $10 THEN attempts + 1 ELSE "
           "attempts END, lease_until = CASE WHEN $10 THEN $16 ELSE NULL END, "
           "progress_text = CASE WHEN $12 OR $10 THEN '' ELSE progress_text END "
           "WHERE id IN ($17, $18) AND state = $13 AND CASE WHEN $10 "
           "THEN EXISTS (SELECT 1 FROM runners WHERE id = $15 AND retired_at IS NULL) ELSE ($14 OR lease_owner = $15) "
           "END RETURNING id, kind, queue");
    addRow("mutex candidates",
           "SELECT j.id FROM jobs j INDEXED BY jobs_mutex_ready WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM "
           "json_each(?)) LIMIT ?",
           "SELECT j.id FROM jobs j WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM "
           "json_array_elements_text($1::json)) LIMIT $2");
    addRow("mutex names",
           "SELECT (SELECT group_concat(name, char(10)) FROM job_mutexes WHERE job_id = j.id) FROM jobs j",
           "SELECT (SELECT string_agg(CAST(name AS TEXT), chr(10)) FROM job_mutexes WHERE job_id = j.id) FROM jobs j");
    addRow("mutex claim", "INSERT OR IGNORE INTO job_mutexes (name, job_id) VALUES (?, ?)",
           "INSERT INTO job_mutexes (name, job_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    addRow("counts",
           "INSERT INTO job_counts (queue, kind, state, n) VALUES (?, ?, ?, ?) ON CONFLICT (queue, kind, state) DO "
           "UPDATE SET n = max(0, n + excluded.n)",
           "INSERT INTO job_counts (queue, kind, state, n) VALUES ($1, $2, $3, $4) ON CONFLICT (queue, kind, state) DO "
           "UPDATE SET n = GREATEST(0, n + excluded.n)");
    addRow("next delivery", "SELECT min(max(next_try_at, coalesce(lease_until, 0))) FROM callback_deliveries",
           "SELECT min(GREATEST(next_try_at, coalesce(lease_until, 0))) FROM callback_deliveries");
}

void TestPostgresDialect::writerStatements()
{
    QFETCH(QString, sqlite);
    QFETCH(QString, postgres);
    QCOMPARE(PostgresDialect::translate(sqlite), postgres);
}

QTEST_GUILESS_MAIN(TestPostgresDialect)
#include "tst_postgres_dialect.moc"
