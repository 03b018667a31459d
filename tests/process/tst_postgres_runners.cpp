// Several headless runners on one PostgreSQL database, as a user starts them: the real binary, a private cluster,
// the command line to enqueue. Every job succeeds exactly once however the runners share them; a runner killed
// with SIGKILL gives its jobs back when its lease runs out and the others finish them; a server restart loses no
// job's end and runs none twice; the password never shows.

#include "JobdeckProcess.h"
#include "PostgresCluster.h"
#include "storage/postgres/PostgresConnection.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>
#include <memory>
#include <vector>

using namespace jobdeck;
using namespace jobdeck::test;

class TestPostgresRunners : public QObject {
    Q_OBJECT

private:
    PostgresCluster m_cluster;
    int m_databases = 0;

    QString newDatabase()
    {
        const QString name = QStringLiteral("runners%1").arg(++m_databases);
        if (!m_cluster.createDatabase(name))
            qFatal("cannot create a database: %s", qPrintable(m_cluster.error()));
        return m_cluster.url(name);
    }

    // -1 until the first runner made the tables.
    static qint64 count(const QString &url, const QString &sql)
    {
        try {
            QString error;
            PostgresConnection pg(*PostgresUrl::parse(url, &error));
            return pg.exec(sql).integer(0, 0);
        } catch (const StoreError &) {
            return -1;
        }
    }

    // Starts `n` runners; callers wait for their registration (live()).
    std::vector<std::unique_ptr<QProcess>> startRunners(const QString &url, int n, const QStringList &extra)
    {
        std::vector<std::unique_ptr<QProcess>> runners;
        for (int i = 0; i < n; ++i) {
            runners.push_back(std::make_unique<QProcess>());
            JobdeckProcess(url).startRunner(*runners.back(), extra);
        }
        return runners;
    }

    static qint64 live(const QString &url)
    {
        return count(url, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL"));
    }

    static void stop(std::vector<std::unique_ptr<QProcess>> &runners)
    {
        for (auto &r : runners) {
            if (r->state() != QProcess::NotRunning)
                r->terminate();
        }
        for (auto &r : runners)
            r->waitForFinished(30'000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_cluster.start(), qPrintable(m_cluster.error())); }

    void threeRunnersRunEveryJobExactlyOnce()
    {
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        // The schema is made by the first program that opens the database: here, three runners at once.
        auto runners = startRunners(url, 3, {QStringLiteral("--workers"), QStringLiteral("2")});
        QTRY_COMPARE_WITH_TIMEOUT(live(url), qint64(3), 30'000);

        QByteArray lines;
        constexpr int kJobs = 600;
        for (int i = 0; i < kJobs; ++i)
            lines += QStringLiteral("{\"kind\": \"noop\", \"payload\": {\"n\": %1}}\n").arg(i).toUtf8();
        const CliResult enqueued = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines);
        QVERIFY2(enqueued.exitCode == 0, qPrintable(enqueued.err));
        QVERIFY(!enqueued.out.contains(m_cluster.password()));

        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(kJobs), 60'000);
        // One attempt each, succeeded, by a runner that held the job's lease.
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts")), qint64(kJobs));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts WHERE outcome = 'succeeded'")), qint64(kJobs));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE total_attempts <> 1")), qint64(0));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts a WHERE NOT EXISTS "
                                           "(SELECT 1 FROM runners r WHERE r.id = a.runner)")),
                 qint64(0));

        // The command line reads the same database while the runners run.
        const CliResult stats = cli.run({QStringLiteral("stats"), QStringLiteral("--json")});
        QVERIFY2(stats.exitCode == 0, qPrintable(stats.err));
        QCOMPARE(stats.json().value(QLatin1String("states")).toObject().value(QLatin1String("succeeded")).toInt(), kJobs);
        stop(runners);
        for (auto &r : runners) {
            QCOMPARE(r->exitCode(), 0);
            QVERIFY(!r->readAllStandardOutput().contains(m_cluster.password().toUtf8()));
            QVERIFY(!r->readAllStandardError().contains(m_cluster.password().toUtf8()));
        }
        QCOMPARE(live(url), qint64(0));
    }

    void aKilledRunnersJobsFinishOnTheOthersAfterItsLease()
    {
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        const QStringList options{QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--lease"),
                                  QStringLiteral("2s")};
        auto runners = startRunners(url, 3, options);
        QTRY_COMPARE_WITH_TIMEOUT(live(url), qint64(3), 30'000);
        // Four long jobs on three runners of two workers: at least two runners hold some.
        QList<qint64> ids;
        for (int i = 0; i < 4; ++i)
            ids << cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\": 600000}"),
                                QStringLiteral("--max-attempts"), QStringLiteral("3")});
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'running'")),
                                  qint64(4), 30'000);
        QVERIFY(count(url, QStringLiteral("SELECT count(DISTINCT lease_owner) FROM jobs WHERE state = 'running'")) >= 2);

        // The runner of the first job dies without a word.
        QString error;
        PostgresConnection pg(*PostgresUrl::parse(url, &error));
        const QString victim = pg.exec(QStringLiteral("SELECT lease_owner FROM jobs WHERE id = %1").arg(ids.front())).text(0, 0);
        const qint64 victimPid = pg.exec(QStringLiteral("SELECT pid FROM runners WHERE id = $1"), {victim.toUtf8()}).integer(0, 0);
        const qint64 held = count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE lease_owner = '%1'").arg(victim));
        QVERIFY(held >= 1);
        for (auto &r : runners) {
            if (r->processId() == victimPid) {
                r->kill();
                r->waitForFinished(10'000);
            }
        }
        // Its jobs come back once its lease has run out and start again on the two that remain.
        QTRY_COMPARE_WITH_TIMEOUT(
            count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'running' AND lease_owner <> '%1'").arg(victim)),
            qint64(4), 60'000);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts WHERE runner = '%1' AND outcome = 'running'").arg(victim)),
                 qint64(0));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE total_attempts = 2")), held);
        for (const qint64 id : ids) {
            const CliResult cancel = cli.run({QStringLiteral("cancel"), QString::number(id)});
            QVERIFY2(cancel.exitCode == 0, qPrintable(cancel.err));
        }
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'cancelled'")),
                                  qint64(4), 30'000);
        stop(runners);
    }

    // packaging/kubernetes scales runner pods by a query KEDA runs on the database: it must run on Jobdeck's
    // schema and count the jobs waiting or running.
    void theAutoscalingExamplesQueryCountsWaitingAndRunningJobs()
    {
        QFile manifest(QStringLiteral(JOBDECK_SOURCE_DIR "/packaging/kubernetes/jobdeck-runners.yaml"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QRegularExpressionMatch query =
            QRegularExpression(QStringLiteral("\\n\\s*query: \"([^\"]+)\"")).match(QString::fromUtf8(manifest.readAll()));
        QVERIFY(query.hasMatch());
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        for (int i = 0; i < 5; ++i)
            QVERIFY(cli.enqueue({QStringLiteral("noop")}) > 0);
        QVERIFY(cli.enqueue({QStringLiteral("noop"), QStringLiteral("--in"), QStringLiteral("1h")}) > 0);
        QCOMPARE(count(url, query.captured(1)), qint64(5));
    }

    void aServerRestartLosesNothingAndRunsNothingTwice()
    {
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        auto runners = startRunners(url, 2, {QStringLiteral("--workers"), QStringLiteral("2")});
        QTRY_COMPARE_WITH_TIMEOUT(live(url), qint64(2), 30'000);
        QByteArray lines;
        constexpr int kJobs = 40;
        for (int i = 0; i < kJobs; ++i)
            lines += QStringLiteral("{\"kind\": \"sleep\", \"payload\": {\"ms\": 300}}\n").toUtf8();
        const CliResult enqueued = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines);
        QVERIFY2(enqueued.exitCode == 0, qPrintable(enqueued.err));
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'running'")), qint64(4),
                                  30'000);

        // The server cuts every connection while four jobs run: their ends are written once it is back.
        QVERIFY2(m_cluster.restart(), qPrintable(m_cluster.error()));
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(kJobs), 60'000);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts")), qint64(kJobs));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE total_attempts <> 1")), qint64(0));
        for (auto &r : runners)
            QCOMPARE(r->state(), QProcess::Running);
        stop(runners);
        for (auto &r : runners)
            QCOMPARE(r->exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPostgresRunners)
#include "tst_postgres_runners.moc"
