// The PostgreSQL foundation on a private cluster: URLs that never show their password, the schema migrated
// once by runners starting together, and `db migrate`'s copy of a SQLite database: complete, exact, numbered
// on after the copied rows, refused into a database that holds data or from a file a runner still serves, all
// or nothing.

#include "CoreTestSupport.h"
#include "JobDatabaseGenerator.h"
#include "PostgresCluster.h"
#include "ScheduleTestSupport.h"
#include "storage/postgres/PostgresConnection.h"
#include "storage/postgres/PostgresSchema.h"
#include "storage/postgres/SqliteToPostgres.h"

#include <QTcpServer>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kNow = 1'780'000'000'000;

PostgresUrl urlOf(const QString &text)
{
    QString error;
    auto url = PostgresUrl::parse(text, &error);
    if (!url)
        qFatal("bad test URL: %s", qPrintable(error));
    return *url;
}

// Integers as integers, other numbers to 15 digits, text as it is: how SQLite and PostgreSQL print the same
// row.
QString normalised(const QString &value)
{
    bool ok = false;
    const qint64 integer = value.toLongLong(&ok);
    if (ok)
        return QString::number(integer);
    const double number = value.toDouble(&ok);
    if (ok)
        return QString::number(number, 'g', 15);
    return value;
}

QStringList sqliteRows(const QString &path, const QString &table, const QStringList &columns)
{
    QStringList rows;
    const QString name = QStringLiteral("rows-%1").arg(table);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns.join(QStringLiteral(", ")), table));
            while (q.next()) {
                QStringList values;
                for (int c = 0; c < columns.size(); ++c)
                    values << (q.value(c).isNull() ? QStringLiteral("<null>")
                                                   : normalised(q.value(c).toString()));
                rows << values.join(u'|');
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    rows.sort();
    return rows;
}

QStringList postgresRows(PostgresConnection &pg, const QString &table, const QStringList &columns)
{
    const auto result =
        pg.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns.join(QStringLiteral(", ")), table));
    QStringList rows;
    for (int r = 0; r < result.rows(); ++r) {
        QStringList values;
        for (int c = 0; c < columns.size(); ++c)
            values << (result.isNull(r, c) ? QStringLiteral("<null>") : normalised(result.text(r, c)));
        rows << values.join(u'|');
    }
    rows.sort();
    return rows;
}

QStringList columnsOf(const QString &path, const QString &table)
{
    QStringList columns;
    const QString name = QStringLiteral("columns-%1").arg(table);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(table));
            while (q.next())
                columns << q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return columns;
}

qint64 postgresCount(PostgresConnection &pg, const QString &table)
{
    return pg.exec(QStringLiteral("SELECT count(*) FROM %1").arg(table)).integer(0, 0);
}

} // namespace

class TestPostgresMigrate : public QObject {
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    int m_databases = 0;
    QTemporaryDir m_files;
    QString m_source; // a SQLite database with rows in every table that can hold them

    // A new empty database on the cluster.
    PostgresUrl newDatabase()
    {
        const QString name = QStringLiteral("db%1").arg(++m_databases);
        if (!m_cluster.createDatabase(name))
            qFatal("cannot create a database: %s", qPrintable(m_cluster.error()));
        return urlOf(m_cluster.url(name));
    }

    // A new database holding a copy of the source.
    PostgresUrl copiedDatabase()
    {
        const PostgresUrl url = newDatabase();
        SqliteToPostgres::Options options;
        options.nowMs = kNow;
        SqliteToPostgres::copy(m_source, url, options);
        return url;
    }

    // Two thousand finished jobs with attempts, log lines and history, then a little of everything else.
    void makeSource()
    {
        m_source = m_files.filePath(QStringLiteral("source.db"));
        testdata::GeneratorOptions generated;
        generated.jobs = 2000;
        generated.endMs = kNow;
        generated.logEvery = 3;
        testdata::generateJobDatabase(m_source, generated);

        auto store = SqliteStore::open(m_source);
        JobSpec parent =
            makeSpec(QStringLiteral("noop"), {{QStringLiteral("text"), QStringLiteral("zebra crossing")}});
        parent.callbackUrl = QStringLiteral("http://127.0.0.1:9/done");
        parent.orderKey = QStringLiteral("customer-7");
        parent.mutexes = {QStringLiteral("printer")};
        const auto first = store->apply({EnqueueJob{parent, kNow}});
        QVERIFY(first.ok);
        JobSpec child = makeSpec(QStringLiteral("noop"));
        child.after = {first.results.front().jobId};
        QVERIFY(store->apply({EnqueueJob{child, kNow}}).ok);

        AddJobBatch batch{QStringLiteral("nightly"),
                          {makeSpec(QStringLiteral("noop")), makeSpec(QStringLiteral("noop"))},
                          makeSpec(QStringLiteral("noop")),
                          kNow};
        StartPipeline pipeline{
            QStringLiteral("publish"),
            {PipelineStep{makeSpec(QStringLiteral("noop")), makeSpec(QStringLiteral("noop"))},
             PipelineStep{makeSpec(QStringLiteral("noop")), std::nullopt}},
            kNow};
        ConfigureQueue queue{QStringLiteral("images"), 3, false, QueueRate{10, 60'000}};
        QVERIFY(
            store
                ->apply({batch, pipeline, queue,
                         SetSetting{QStringLiteral("retention_days"), QStringLiteral("14")},
                         SaveCalendar{
                             QStringLiteral("holidays"), {{QDate(2026, 12, 24), QDate(2026, 12, 26)}}, kNow}})
                .ok);
        ScheduleSpec schedule = intervalSpec(QStringLiteral("every-minute"), 60'000, kNow);
        schedule.exclusions = {QStringLiteral("holidays")};
        QVERIFY(saveSchedule(*store, schedule, kNow) > 0);
        WatchSpec watch;
        watch.name = QStringLiteral("inbox");
        watch.dir = m_files.filePath(QStringLiteral("inbox"));
        watch.job = makeSpec(QStringLiteral("noop"));
        QVERIFY(store->apply({SaveWatch{watch, false, kNow}}).ok);
        RegisterRunner runner;
        runner.runnerId = QStringLiteral("host-b:17:1");
        runner.host = QStringLiteral("host-b");
        runner.pid = 17;
        runner.workers = 4;
        runner.nowMs = kNow - 3'600'000;
        QVERIFY(store->apply({runner, RetireRunner{runner.runnerId, kNow - 1'800'000}}).ok);
        // Ending the job with a callback URL records its delivery.
        Transition cancel;
        cancel.jobId = first.results.front().jobId;
        cancel.from = {JobState::Queued};
        cancel.to = JobState::Cancelled;
        cancel.reason = QStringLiteral("cancelled by the user");
        cancel.atMs = kNow;
        QVERIFY(store->apply({cancel}).ok);
        store.reset();

        // The rest as a runner's life would leave it, written directly; a log line with every character COPY
        // escapes.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("source"));
            db.setDatabaseName(m_source);
            QVERIFY(db.open());
            QSqlQuery q(db);
            const QStringList rows = {
                QStringLiteral("INSERT INTO checkpoints VALUES (1, '{\"offset\":4096}', %1)"),
                QStringLiteral("INSERT INTO scheduler_lease VALUES (1, 'host-b:17:1', %1, %1)"),
                QStringLiteral(
                    "INSERT INTO schedule_occurrences (schedule_id, fire_at, recorded_at, outcome, "
                    "job_id, runner) "
                    "SELECT id, %1, %1, 'enqueued', 2, 'host-b:17:1' FROM schedules"),
                QStringLiteral(
                    "INSERT INTO callback_attempts SELECT id, 1, %1, 503, 'Service Unavailable', %1 + 5000 "
                    "FROM callback_deliveries"),
                QStringLiteral(
                    "INSERT INTO watch_files (watch_id, path, size, mtime, fingerprint, job_id, enqueued_at) "
                    "SELECT id, dir || '/a.csv', 120, %1, 'ab12', 3, %1 FROM watches"),
                QStringLiteral(
                    "INSERT INTO watch_skips SELECT id, dir || '/huge.iso', 'too-big', '', %1 FROM watches"),
                QStringLiteral("INSERT INTO queue_starts VALUES ('images', %1)"),
                QStringLiteral(
                    "INSERT INTO job_log (job_id, attempt, at, level, text, seq) "
                    "VALUES (1, 1, %1, 'info', 'tab\there' || char(10) || 'new line' || char(13) || ' "
                    "back\\slash', 99)"),
            };
            for (const QString &row : rows)
                QVERIFY2(q.exec(row.arg(kNow)), qPrintable(row + q.lastError().text()));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("source"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
        makeSource();
    }

    void urlsParseAndHideTheirPassword()
    {
        QString error;
        const auto url = PostgresUrl::parse(
            QStringLiteral("postgresql://ops:s%40cret@db.example:6543/jobs?sslmode=require"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->user(), QStringLiteral("ops"));
        QCOMPARE(url->host(), QStringLiteral("db.example"));
        QCOMPARE(url->port(), 6543);
        QCOMPARE(url->database(), QStringLiteral("jobs"));
        QCOMPARE(url->display(), QStringLiteral("postgresql://ops@db.example:6543/jobs?sslmode=require"));
        QCOMPARE(url->scrub(QStringLiteral("password s@cret rejected")),
                 QStringLiteral("password *** rejected"));
        QVERIFY(PostgresUrl::parse(QStringLiteral("postgres://localhost/jobs"), &error));
        QVERIFY(PostgresUrl::isPostgres(QStringLiteral("POSTGRESQL://x/y")));
        QVERIFY(!PostgresUrl::isPostgres(QStringLiteral("/var/lib/jobdeck/jobs.db")));

        const QList<QPair<QString, QString>> bad = {
            {QStringLiteral("postgresql://localhost"), QStringLiteral("names no database")},
            {QStringLiteral("postgresql://localhost:0/jobs"), QStringLiteral("port")},
            {QStringLiteral("postgresql://localhost:99999/jobs"), QStringLiteral("malformed")},
            {QStringLiteral("postgresql://u:pw@localhost/jobs?sslmod=require"),
             QStringLiteral("unknown parameter \"sslmod\"")},
            {QStringLiteral("postgresql://u:pw@localhost/jobs?sslmode=always"),
             QStringLiteral("sslmode must be")},
        };
        for (const auto &[text, expected] : bad) {
            QVERIFY2(!PostgresUrl::parse(text, &error), qPrintable(text));
            QVERIFY2(error.contains(expected), qPrintable(error));
            QVERIFY2(!error.contains(QStringLiteral("pw")), qPrintable(error));
        }
    }

    void aWrongPasswordIsRefusedWithoutBeingShown()
    {
        const QString wrong = QStringLiteral("not-the-password-91c2");
        const auto url = urlOf(
            QStringLiteral("postgresql://jobdeck:%1@127.0.0.1:%2/postgres").arg(wrong).arg(m_cluster.port()));
        try {
            PostgresConnection connection(url);
            QFAIL("connected with a wrong password");
        } catch (const StoreError &e) {
            QCOMPARE(e.code(), StoreErrorCode::CantOpen);
            QVERIFY2(e.message().contains(QStringLiteral("password authentication failed")),
                     qPrintable(e.message()));
            QVERIFY2(!e.message().contains(wrong), qPrintable(e.message()));
        }
    }

    void aServerThatIsNotThereIsACantOpenError()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closed = probe.serverPort();
        probe.close();
        try {
            PostgresConnection connection(urlOf(
                QStringLiteral("postgresql://jobdeck:x@127.0.0.1:%1/jobs?connect_timeout=5").arg(closed)));
            QFAIL("connected to a closed port");
        } catch (const StoreError &e) {
            QCOMPARE(e.code(), StoreErrorCode::CantOpen);
            QVERIFY2(e.message().contains(QStringLiteral("127.0.0.1:%1").arg(closed)),
                     qPrintable(e.message()));
        }
    }

    // A connection names itself and gives up on a silent server after a while, unless the URL says otherwise.
    void connectionDefaultsGiveWayToTheUrl()
    {
        PostgresConnection plain(urlOf(m_cluster.url(QStringLiteral("postgres"))));
        QCOMPARE(plain.exec(QStringLiteral("SHOW application_name")).text(0, 0), QStringLiteral("jobdeck"));
        PostgresConnection named(urlOf(m_cluster.url(QStringLiteral("postgres")) + QStringLiteral("?application_name=nightly")));
        QCOMPARE(named.exec(QStringLiteral("SHOW application_name")).text(0, 0), QStringLiteral("nightly"));
        QCOMPARE(named.exec(QStringLiteral("SHOW search_path")).text(0, 0), QStringLiteral("jobdeck"));
    }

    // Ten runners starting together: one applies the migrations, the others wait for its lock and find them
    // done.
    void runnersStartingTogetherMigrateOnce()
    {
        const PostgresUrl url = newDatabase();
        constexpr int kRunners = 10;
        std::vector<std::future<int>> applied;
        for (int i = 0; i < kRunners; ++i) {
            applied.push_back(std::async(std::launch::async, [url] {
                PostgresConnection connection(url);
                return PostgresSchema::migrate(connection);
            }));
        }
        int total = 0;
        int migrators = 0;
        for (auto &result : applied) {
            const int n = result.get();
            total += n;
            migrators += n > 0 ? 1 : 0;
        }
        QCOMPARE(total, PostgresSchema::latestVersion());
        QCOMPARE(migrators, 1);
        PostgresConnection connection(url);
        QCOMPARE(PostgresSchema::currentVersion(connection), PostgresSchema::latestVersion());
        QCOMPARE(postgresCount(connection, QStringLiteral("schema_migrations")),
                 qint64(PostgresSchema::latestVersion()));
        QCOMPARE(PostgresSchema::migrate(connection), 0);
    }

    void aNewerSchemaIsRefused()
    {
        const PostgresUrl url = newDatabase();
        PostgresConnection connection(url);
        PostgresSchema::migrate(connection);
        connection.exec(QStringLiteral("INSERT INTO schema_migrations VALUES ($1, now())"),
                        {QByteArray::number(PostgresSchema::latestVersion() + 1)});
        try {
            PostgresSchema::migrate(connection);
            QFAIL("migrated a database of a newer Jobdeck");
        } catch (const StoreError &e) {
            QCOMPARE(e.code(), StoreErrorCode::NewerSchema);
        }
    }

    void everyTableIsCopiedExactly()
    {
        const PostgresUrl url = newDatabase();
        QStringList told;
        SqliteToPostgres::Options options;
        options.nowMs = kNow;
        options.copied = [&told](const SqliteToPostgres::TableCount &c) { told << c.table; };
        const auto counts = SqliteToPostgres::copy(m_source, url, options);
        QCOMPARE(told, PostgresSchema::dataTables());

        PostgresConnection pg(url);
        QStringList empty;
        for (const auto &count : counts) {
            const QStringList columns = columnsOf(m_source, count.table);
            QVERIFY2(!columns.isEmpty(), qPrintable(count.table));
            const QStringList expected = sqliteRows(m_source, count.table, columns);
            QCOMPARE(count.rows, qint64(expected.size()));
            QCOMPARE(postgresRows(pg, count.table, columns), expected);
            if (expected.isEmpty())
                empty << count.table;
        }
        // The copy is only a proof where the source had rows to copy.
        QVERIFY2(empty.isEmpty(), qPrintable(empty.join(u' ')));
    }

    // After the copy the database behaves as a fresh one would: ids go on after the copied ones, the history
    // triggers are back, and full-text search finds copied text.
    void theCopyGoesOnWhereTheFileStopped()
    {
        const PostgresUrl url = copiedDatabase();
        PostgresConnection pg(url);
        const qint64 maxId = pg.exec(QStringLiteral("SELECT max(id) FROM jobs")).integer(0, 0);
        const qint64 events = postgresCount(pg, QStringLiteral("job_events"));
        const auto inserted =
            pg.exec(QStringLiteral("INSERT INTO jobs (kind, state, run_at, created_at, updated_at) "
                                   "VALUES ('noop', 'queued', 1, 1, 1) RETURNING id"));
        QCOMPARE(inserted.integer(0, 0), maxId + 1);
        QCOMPARE(postgresCount(pg, QStringLiteral("job_events")), events + 1);
        const auto found =
            pg.exec(QStringLiteral("SELECT count(*) FROM jobs WHERE to_tsvector('simple', payload || ' ' || "
                                   "coalesce(error, '')) @@ plainto_tsquery('simple', 'zebra')"));
        QCOMPARE(found.integer(0, 0), qint64(1));
    }

    void aDatabaseWithDataIsRefusedAndLeftAlone()
    {
        const PostgresUrl url = copiedDatabase();
        PostgresConnection pg(url);
        const qint64 jobs = postgresCount(pg, QStringLiteral("jobs"));
        SqliteToPostgres::Options options;
        options.nowMs = kNow;
        try {
            SqliteToPostgres::copy(m_source, url, options);
            QFAIL("copied into a database that holds jobs");
        } catch (const StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("already holds Jobdeck data")),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains(QStringLiteral("jobs")), qPrintable(e.message()));
            QVERIFY2(!e.message().contains(m_cluster.password()), qPrintable(e.message()));
        }
        QCOMPARE(postgresCount(pg, QStringLiteral("jobs")), jobs);
    }

    void aFileALiveRunnerServesIsNotCopied()
    {
        const QString path = m_files.filePath(QStringLiteral("served.db"));
        QVERIFY(QFile::copy(m_source, path));
        {
            auto store = SqliteStore::open(path);
            RegisterRunner runner;
            runner.runnerId = QStringLiteral("host-a:4242:1");
            runner.host = QStringLiteral("host-a");
            runner.pid = 4242;
            runner.workers = 2;
            runner.nowMs = kNow - 5'000;
            QVERIFY(store->apply({runner}).ok);
        }
        const PostgresUrl url = newDatabase();
        SqliteToPostgres::Options options;
        options.nowMs = kNow;
        try {
            SqliteToPostgres::copy(path, url, options);
            QFAIL("copied a database a runner serves");
        } catch (const StoreError &e) {
            QCOMPARE(e.code(), StoreErrorCode::Busy);
            QVERIFY2(e.message().contains(QStringLiteral("host-a:4242:1")), qPrintable(e.message()));
        }
        // Once its heartbeat is old enough to call it gone, the file may be copied.
        options.nowMs = kNow + options.runnerSilenceMs;
        SqliteToPostgres::copy(path, url, options);
    }

    // A row PostgreSQL refuses (SQLite keeps text in an integer column) fails the whole copy: nothing stays.
    void aRefusedRowLeavesTheTargetEmpty()
    {
        const QString path = m_files.filePath(QStringLiteral("odd.db"));
        QVERIFY(QFile::copy(m_source, path));
        QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM jobs")) > 0, true);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("odd"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(
                QStringLiteral("UPDATE attempts SET duration_ms = 'about a second' WHERE (job_id, number) = "
                               "(SELECT job_id, number FROM attempts LIMIT 1)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("odd"));
        const PostgresUrl url = newDatabase();
        SqliteToPostgres::Options options;
        options.nowMs = kNow;
        try {
            SqliteToPostgres::copy(path, url, options);
            QFAIL("copied a row PostgreSQL cannot hold");
        } catch (const StoreError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("about a second")), qPrintable(e.message()));
        }
        PostgresConnection pg(url);
        for (const QString &table : PostgresSchema::dataTables())
            QCOMPARE(postgresCount(pg, table), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestPostgresMigrate)
#include "tst_postgres_migrate.moc"
