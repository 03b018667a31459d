// Several headless runners on one PostgreSQL database, as a user starts them: the real binary, a private cluster,
// the command line to enqueue. Every job succeeds exactly once however the runners share them; a runner killed
// with SIGKILL gives its jobs back when its lease runs out and the others finish them; a server restart loses no
// job's end and runs none twice; the password never shows.

#include "JobdeckProcess.h"
#include "PostgresCluster.h"
#include "storage/postgres/PostgresConnection.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
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
    std::vector<std::unique_ptr<QProcess>> startRunners(const QString &url, int n, const QStringList &extra,
                                                        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        std::vector<std::unique_ptr<QProcess>> runners;
        for (int i = 0; i < n; ++i) {
            runners.push_back(std::make_unique<QProcess>());
            runners.back()->setProcessEnvironment(environment);
            JobdeckProcess(url).startRunner(*runners.back(), extra);
        }
        return runners;
    }

    static qint64 live(const QString &url)
    {
        return count(url, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL"));
    }

    static QByteArray curl(const QStringList &arguments)
    {
        QProcess curl;
        curl.start(QStringLiteral("curl"), QStringList{QStringLiteral("-s"), QStringLiteral("-m"), QStringLiteral("10")} + arguments);
        curl.waitForFinished(20'000);
        return curl.readAllStandardOutput();
    }

    // "STATUS health" of a runner's GET /health.
    static QString health(int port)
    {
        const QByteArray out = curl({QStringLiteral("-w"), QStringLiteral("\\n%{http_code}"),
                                     QStringLiteral("http://127.0.0.1:%1/health").arg(port)});
        const qsizetype end = out.lastIndexOf('\n');
        const QJsonObject report = QJsonDocument::fromJson(out.left(end)).object();
        return QStringLiteral("%1 %2").arg(QString::fromUtf8(out.mid(end + 1)), report.value(QLatin1String("status")).toString());
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
        constexpr int kJobs = 5'000;
        for (int i = 0; i < kJobs; ++i)
            lines += QStringLiteral("{\"kind\": \"noop\", \"payload\": {\"n\": %1}}\n").arg(i).toUtf8();
        const CliResult enqueued = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines);
        QVERIFY2(enqueued.exitCode == 0, qPrintable(enqueued.err));
        QVERIFY(!enqueued.out.contains(m_cluster.password()));

        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(kJobs), 180'000);
        // One attempt each, succeeded, by a runner that held the job's lease.
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts")), qint64(kJobs));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts WHERE outcome = 'succeeded'")), qint64(kJobs));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE total_attempts <> 1")), qint64(0));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts a WHERE NOT EXISTS "
                                           "(SELECT 1 FROM runners r WHERE r.id = a.runner)")),
                 qint64(0));
        // No runner ever ran more attempts at once than it has workers: at the start of each attempt, the
        // attempts of its runner then going on (itself included) are at most two.
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts a WHERE (SELECT count(*) FROM attempts b "
                                           "WHERE b.runner = a.runner AND ((b.job_id = a.job_id AND b.number = a.number) "
                                           "OR (b.started_at <= a.started_at AND b.finished_at > a.started_at))) > 2")),
                 qint64(0));
        // The three shared the work.
        QCOMPARE(count(url, QStringLiteral("SELECT count(DISTINCT runner) FROM attempts")), qint64(3));

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

    void twoRunnersNeverRunASingletonTwiceAtOnce()
    {
        // A jobs folder as each machine would have its copy: a singleton whose script fails if another copy of it
        // is running (mkdir is atomic), on two runners of two workers each.
        QTemporaryDir folder;
        const QString definition = folder.filePath(QStringLiteral("triggered/one-at-a-time"));
        QVERIFY(QDir().mkpath(definition));
        const QString lock = folder.filePath(QStringLiteral("running"));
        {
            QFile script(definition + QStringLiteral("/run.sh"));
            QVERIFY(script.open(QIODevice::WriteOnly));
            script.write(QStringLiteral("#!/bin/sh\nmkdir '%1' || exit 3\nsleep 0.1\nrmdir '%1'\n").arg(lock).toUtf8());
            script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
            QFile settings(definition + QStringLiteral("/settings.job"));
            QVERIFY(settings.open(QIODevice::WriteOnly));
            settings.write("{\"is_singleton\": true}\n");
        }
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        auto runners = startRunners(url, 2, {QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--jobs-dir"),
                                             folder.path()});
        QTRY_COMPARE_WITH_TIMEOUT(live(url), qint64(2), 30'000);
        constexpr int kJobs = 12;
        for (int i = 0; i < kJobs; ++i) {
            const CliResult run = cli.run({QStringLiteral("run"), QStringLiteral("one-at-a-time")});
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        }
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(kJobs), 60'000);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts")), qint64(kJobs));
        // And the store agrees: no two attempts overlap in time.
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts a JOIN attempts b ON a.job_id < b.job_id "
                                           "AND a.started_at < b.finished_at AND b.started_at < a.finished_at")),
                 qint64(0));
        stop(runners);
    }

    void theSchedulerFiresEachOccurrenceOnceWithThreeRunnersAndAfterItsLeaderIsKilled()
    {
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        auto runners = startRunners(url, 3, {QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--lease"),
                                             QStringLiteral("2s")});
        QTRY_COMPARE_WITH_TIMEOUT(live(url), qint64(3), 30'000);
        // Every occurrence missed while no runner leads is fired late, so each must be recorded once as fired.
        const CliResult added = cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("tick"),
                                         QStringLiteral("--every"), QStringLiteral("1s"), QStringLiteral("--kind"),
                                         QStringLiteral("noop"), QStringLiteral("--misfire"), QStringLiteral("catch-up"),
                                         QStringLiteral("--catch-up-limit"), QStringLiteral("100")});
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        const QString fired = QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE outcome = 'fired'");
        QTRY_VERIFY_WITH_TIMEOUT(count(url, fired) >= 4, 30'000);

        // The leader dies without a word; another takes the lease once it runs out and fires what was missed.
        QString error;
        PostgresConnection pg(*PostgresUrl::parse(url, &error));
        const QString leader = pg.exec(QStringLiteral("SELECT owner FROM scheduler_lease")).text(0, 0);
        const qint64 leaderPid = pg.exec(QStringLiteral("SELECT pid FROM runners WHERE id = $1"), {leader.toUtf8()}).integer(0, 0);
        qint64 killed = 0;
        for (auto &r : runners) {
            if (r->processId() == leaderPid) {
                r->kill();
                r->waitForFinished(10'000);
                ++killed;
            }
        }
        QCOMPARE(killed, qint64(1));
        const qint64 before = count(url, fired);
        QTRY_VERIFY_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM scheduler_lease WHERE owner <> '%1'").arg(leader)) == 1,
                                 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(count(url, fired) >= before + 6, 30'000);
        stop(runners);

        // From the first occurrence to the last, each second once, every one fired, each with its own job, and
        // the jobs they made ran.
        const qint64 first = count(url, QStringLiteral("SELECT min(fire_at) FROM schedule_occurrences"));
        const qint64 last = count(url, QStringLiteral("SELECT max(fire_at) FROM schedule_occurrences"));
        const qint64 occurrences = count(url, QStringLiteral("SELECT count(*) FROM schedule_occurrences"));
        QCOMPARE(occurrences, (last - first) / 1000 + 1);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE (fire_at - %1) % 1000 <> 0").arg(first)),
                 qint64(0));
        QCOMPARE(count(url, fired), occurrences);
        QCOMPARE(count(url, QStringLiteral("SELECT count(DISTINCT job_id) FROM schedule_occurrences")), occurrences);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM jobs")), occurrences);
        // The first leader, and after it at least one other (a busy machine may move the lease on once more).
        QVERIFY(count(url, QStringLiteral("SELECT count(DISTINCT runner) FROM schedule_occurrences")) >= 2);
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

    void aServerOutageLosesNothingRunsNothingTwiceAndLeavesTheRunnersDegraded()
    {
        const QString url = newDatabase();
        JobdeckProcess cli(url);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const QString token = QStringLiteral("pg-runner-token-0123456789abcdef0123");
        environment.insert(QStringLiteral("JOBDECK_API_TOKEN"), token);
        auto runners = startRunners(url, 1, {QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--http"),
                                             QStringLiteral("127.0.0.1:0")}, environment);
        runners.push_back(std::move(startRunners(url, 1, {QStringLiteral("--workers"), QStringLiteral("2")}).front()));
        static const QRegularExpression s_port(QStringLiteral("HTTP API on http://[0-9.]+:(\\d+)"));
        QString output;
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT((output += QString::fromUtf8(runners.front()->readAllStandardOutput()),
                                  (match = s_port.match(output)).hasMatch()),
                                 30'000);
        const int port = match.captured(1).toInt();
        QTRY_COMPARE_WITH_TIMEOUT(live(url), qint64(2), 30'000);
        QByteArray lines;
        constexpr int kJobs = 40;
        for (int i = 0; i < kJobs; ++i)
            lines += QStringLiteral("{\"kind\": \"sleep\", \"payload\": {\"ms\": 300}}\n").toUtf8();
        const CliResult enqueued = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines);
        QVERIFY2(enqueued.exitCode == 0, qPrintable(enqueued.err));
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'running'")), qint64(4),
                                  30'000);
        QCOMPARE(health(port), QStringLiteral("200 healthy"));

        // The server goes away while four jobs run. The runners stay up and say they are degraded, not unhealthy
        // (a liveness probe must not restart them); the jobs' ends are written once the server is back.
        m_cluster.stop();
        QTRY_COMPARE_WITH_TIMEOUT(health(port), QStringLiteral("200 degraded"), 30'000);
        for (auto &r : runners)
            QCOMPARE(r->state(), QProcess::Running);
        QVERIFY2(m_cluster.startAgain(), qPrintable(m_cluster.error()));
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(kJobs), 60'000);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts")), qint64(kJobs));
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE total_attempts <> 1")), qint64(0));
        QTRY_COMPARE_WITH_TIMEOUT(health(port), QStringLiteral("200 healthy"), 30'000);
        // The metrics' database size is the server's figure for the database.
        const QByteArray metrics = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer %1").arg(token),
                                         QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)});
        const QRegularExpressionMatch size =
            QRegularExpression(QStringLiteral("\\njobdeck_database_size_bytes ([0-9.e+]+)\\n")).match(QString::fromUtf8(metrics));
        QVERIFY2(size.hasMatch(), metrics.constData());
        QVERIFY(size.captured(1).toDouble() > 1e6);

        // A server restart (pg_ctl restart: every connection cut at once) mid-run loses nothing either.
        const CliResult more = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines);
        QVERIFY2(more.exitCode == 0, qPrintable(more.err));
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'running'")), qint64(4),
                                  30'000);
        QVERIFY2(m_cluster.restart(), qPrintable(m_cluster.error()));
        QTRY_COMPARE_WITH_TIMEOUT(count(url, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(2 * kJobs), 60'000);
        QCOMPARE(count(url, QStringLiteral("SELECT count(*) FROM attempts")), qint64(2 * kJobs));
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
