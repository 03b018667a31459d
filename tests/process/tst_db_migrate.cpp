// `jobdeck db migrate --to postgresql://…` as a user runs it: the real binary, a private PostgreSQL cluster, a
// database the binary itself filled. The counts it prints are PostgreSQL's, the password never shows, and the
// errors (bad URL, a target that holds data, a server that is not there) exit non-zero with a clear line.

#include "JobdeckProcess.h"
#include "PostgresCluster.h"
#include "storage/postgres/PostgresConnection.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestDbMigrate : public QObject {
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    QTemporaryDir m_dir;
    QString m_db;
    int m_databases = 0;

    QString newDatabase()
    {
        const QString name = QStringLiteral("cli%1").arg(++m_databases);
        if (!m_cluster.createDatabase(name))
            qFatal("cannot create a database: %s", qPrintable(m_cluster.error()));
        return m_cluster.url(name);
    }

    static qint64 count(const QString &url, const QString &table)
    {
        QString error;
        PostgresConnection pg(*PostgresUrl::parse(url, &error));
        return pg.exec(QStringLiteral("SELECT count(*) FROM %1").arg(table)).integer(0, 0);
    }

    void verifyNoPassword(const CliResult &r)
    {
        QVERIFY2(!r.out.contains(m_cluster.password()), qPrintable(r.out));
        QVERIFY2(!r.err.contains(m_cluster.password()), qPrintable(r.err));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error()));
        m_db = m_dir.filePath(QStringLiteral("jobs.db"));
        JobdeckProcess cli(m_db);
        QByteArray lines;
        for (int i = 0; i < 250; ++i)
            lines += QStringLiteral("{\"kind\": \"noop\", \"payload\": {\"n\": %1}}\n").arg(i).toUtf8();
        const CliResult enqueued = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines);
        QVERIFY2(enqueued.exitCode == 0, qPrintable(enqueued.err));
        QVERIFY(cli.run({QStringLiteral("calendar"), QStringLiteral("add"), QStringLiteral("holidays"), QStringLiteral("--dates"),
                         QStringLiteral("2026-12-24..2026-12-26")})
                    .exitCode
                == 0);
        QVERIFY(cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("hourly"), QStringLiteral("--cron"),
                         QStringLiteral("0 * * * *"), QStringLiteral("--kind"), QStringLiteral("noop")})
                    .exitCode
                == 0);
    }

    void copiesAndPrintsEachTablesCount()
    {
        const QString url = newDatabase();
        const CliResult r = JobdeckProcess(m_db).run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"), url});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        verifyNoPassword(r);
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\\n  jobs +250\\n"))), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\\n  schedules +1\\n"))), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("postgresql://jobdeck@127.0.0.1:%1/").arg(m_cluster.port())), qPrintable(r.out));
        QCOMPARE(count(url, QStringLiteral("jobs")), qint64(250));
        QCOMPARE(count(url, QStringLiteral("job_events")), qint64(250));
        QCOMPARE(count(url, QStringLiteral("calendar_days")), qint64(1));
    }

    void printsJsonForScripts()
    {
        const QString url = newDatabase();
        const CliResult r = JobdeckProcess(m_db).run(
            {QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"), url, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        verifyNoPassword(r);
        const QJsonObject json = r.json();
        QCOMPARE(json.value(QStringLiteral("tables")).toObject().value(QStringLiteral("jobs")).toInteger(), qint64(250));
        QVERIFY(json.value(QStringLiteral("rows")).toInteger() > 500);
    }

    void aTargetWithDataIsRefused()
    {
        const QString url = newDatabase();
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"), url}).exitCode, 0);
        const CliResult again = cli.run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"), url});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("already holds Jobdeck data")), qPrintable(again.err));
        verifyNoPassword(again);
        QCOMPARE(count(url, QStringLiteral("jobs")), qint64(250));
    }

    void badInputExitsNonZeroWithoutThePassword()
    {
        JobdeckProcess cli(m_db);
        const CliResult noTarget = cli.run({QStringLiteral("db"), QStringLiteral("migrate")});
        QCOMPARE(noTarget.exitCode, 2);
        const CliResult badUrl = cli.run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"),
                                          QStringLiteral("postgresql://jobdeck:hunter2@127.0.0.1/")});
        QCOMPARE(badUrl.exitCode, 2);
        QVERIFY2(badUrl.err.contains(QStringLiteral("names no database")), qPrintable(badUrl.err));
        QVERIFY2(!badUrl.err.contains(QStringLiteral("hunter2")), qPrintable(badUrl.err));

        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closed = probe.serverPort();
        probe.close();
        const CliResult down = cli.run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"),
                                        QStringLiteral("postgresql://jobdeck:hunter2@127.0.0.1:%1/jobs").arg(closed)});
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.err.contains(QStringLiteral("cannot connect to postgresql://jobdeck@127.0.0.1:%1/jobs").arg(closed)),
                 qPrintable(down.err));
        QVERIFY2(!down.err.contains(QStringLiteral("hunter2")), qPrintable(down.err));

        const CliResult missing = JobdeckProcess(m_dir.filePath(QStringLiteral("missing.db")))
                                      .run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"), newDatabase()});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("no such database file")), qPrintable(missing.err));
    }

    // The user then points a runner at PostgreSQL: the migrated jobs run there, and the commands read them.
    void aRunnerOnTheMigratedDatabaseRunsItsJobs()
    {
        const QString url = newDatabase();
        QCOMPARE(JobdeckProcess(m_db).run({QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--to"), url}).exitCode, 0);
        QProcess runner;
        JobdeckProcess(url).startRunner(runner);
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("jobs WHERE state = 'succeeded'")), qint64(250), 60'000);
        const CliResult list = JobdeckProcess(url).run({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        verifyNoPassword(list);
        runner.terminate();
        QVERIFY(runner.waitForFinished(30'000));
        QCOMPARE(runner.exitCode(), 0);
        QVERIFY(!runner.readAllStandardError().contains(m_cluster.password().toUtf8()));
        // A bad URL is still refused plainly.
        const CliResult bad = JobdeckProcess(QStringLiteral("postgresql://jobdeck:hunter2@127.0.0.1:1/x?sslmode=sometimes"))
                                  .run({QStringLiteral("list")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(!bad.err.contains(QStringLiteral("hunter2")), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestDbMigrate)
#include "tst_db_migrate.moc"
