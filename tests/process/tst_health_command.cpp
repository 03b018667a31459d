#include "JobdeckProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

// `jobdeck health`: its verdict, reasons and exit code (0 healthy, 1 degraded, 2 unhealthy) against a database
// with and without a live runner, and against a file that is no database at all.
class HealthCommandTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("jobs-%1.db").arg(++m_count));
    }

    void cleanup()
    {
        if (m_runner.state() != QProcess::NotRunning) {
            m_runner.terminate();
            if (!m_runner.waitForFinished(30'000))
                m_runner.kill();
        }
    }

    void emptyDatabaseIsHealthy()
    {
        JobdeckProcess cli(m_db);
        const CliResult r = cli.run({QStringLiteral("health")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("healthy\n")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("jobs:      0 queued")));
        QVERIFY(r.err.isEmpty());
    }

    void workWithoutARunnerIsUnhealthy()
    {
        JobdeckProcess cli(m_db);
        QVERIFY(cli.enqueue({QStringLiteral("noop")}) > 0);
        const CliResult r = cli.run({QStringLiteral("health"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 2);
        const QJsonObject health = r.json();
        QCOMPARE(health.value(QLatin1String("status")).toString(), QStringLiteral("unhealthy"));
        const QJsonArray reasons = health.value(QLatin1String("reasons")).toArray();
        QCOMPARE(reasons.size(), 1);
        QVERIFY(reasons.first().toObject().value(QLatin1String("text")).toString().contains(QLatin1String("No runner")));
        QCOMPARE(health.value(QLatin1String("jobs")).toObject().value(QLatin1String("queued")).toInt(), 1);
        QCOMPARE(health.value(QLatin1String("runners")).toInt(), 0);
    }

    void pausedRunnerWithWaitingJobsIsDegradedThenHealthyWhenResumed()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("pause")}).exitCode, 0);
        cli.startRunner(m_runner, {QStringLiteral("--workers"), QStringLiteral("3")});
        const qint64 id = cli.enqueue({QStringLiteral("noop")});
        QVERIFY(id > 0);
        CliResult r;
        QTRY_VERIFY_WITH_TIMEOUT((r = cli.run({QStringLiteral("health")})).exitCode == 1, 15'000);
        QVERIFY2(r.out.startsWith(QLatin1String("degraded\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Runners are paused: 1 job queued.")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("1 live, workers 0/3 busy, paused")), qPrintable(r.out));

        QCOMPARE(cli.run({QStringLiteral("resume")}).exitCode, 0);
        QTRY_COMPARE_WITH_TIMEOUT(cli.show(id).value(QLatin1String("state")).toString(), QStringLiteral("succeeded"), 15'000);
        r = cli.run({QStringLiteral("health"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(QLatin1String("last_hour")).toObject().value(QLatin1String("succeeded")).toInt(), 1);
        QCOMPARE(r.json().value(QLatin1String("workers")).toObject().value(QLatin1String("total")).toInt(), 3);
    }

    void fileThatIsNoDatabaseIsUnhealthyAndLeftAlone()
    {
        QFile notes(m_db);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("shopping list\n");
        notes.close();
        const CliResult r = JobdeckProcess(m_db).run({QStringLiteral("health")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.startsWith(QLatin1String("unhealthy\n")), qPrintable(r.out));
        QVERIFY2(r.err.startsWith(QLatin1String("jobdeck: cannot open database")), qPrintable(r.err));
        QVERIFY(notes.open(QIODevice::ReadOnly));
        QCOMPARE(notes.readAll(), QByteArrayLiteral("shopping list\n"));
    }

    void badOptionIsBadInput()
    {
        const CliResult r = JobdeckProcess(m_db).run({QStringLiteral("health"), QStringLiteral("--colour")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QLatin1String("jobdeck: ")), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_db));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
    QProcess m_runner;
};

QTEST_GUILESS_MAIN(HealthCommandTest)
#include "tst_health_command.moc"
