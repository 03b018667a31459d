#include "JobdeckProcess.h"

#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

// The window as a process (offscreen): it stops on SIGTERM as the headless runner does, handing its running
// jobs back and retiring its runner, instead of dying with them.
class WindowProcessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("window-%1.db").arg(++m_count));
        // Its own settings and data folder: the user's preferences do not change what is tested, nor the reverse.
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.remove(QStringLiteral("JOBDECK_DB"));
        const QString home = m_dir.filePath(QStringLiteral("home-%1").arg(m_count));
        QVERIFY(QDir().mkpath(home));
        for (const char *name : {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
            m_environment.insert(QLatin1String(name), home);
        m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    }

    void cleanup()
    {
        if (m_window.state() != QProcess::NotRunning) {
            m_window.kill();
            m_window.waitForFinished();
        }
    }

    void sigtermHandsRunningJobsBackAndRetiresTheRunner()
    {
        JobdeckProcess cli(m_db);
        cli.setEnvironment(m_environment);
        startWindow({QStringLiteral("--stopping-wait"), QStringLiteral("1s")});
        QTRY_COMPARE_WITH_TIMEOUT(liveRunners(cli), 1, 30'000);
        const qint64 id = cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\":600000}")});
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(cli.show(id).value(QLatin1String("state")).toString(), QStringLiteral("running"), 30'000);

        m_window.terminate(); // SIGTERM
        QVERIFY(m_window.waitForFinished(30'000));
        const QString output = QString::fromUtf8(m_window.readAllStandardOutput());
        QCOMPARE(m_window.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_window.exitCode(), 0);
        QVERIFY2(output.contains(QLatin1String("received SIGTERM: stopping (running jobs get up to 1s to finish)")),
                 qPrintable(output));
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        QVERIFY(job.value(QLatin1String("lease_owner")).isNull());
        QCOMPARE(liveRunners(cli), 0); // retired at once, not left to look live until its heartbeat runs out
    }

    void sigtermClosesAConsoleWithoutARunner()
    {
        startWindow({QStringLiteral("--no-runner")});
        // The window handles signals from before it opens the database.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_db), 30'000);
        m_window.terminate();
        QVERIFY(m_window.waitForFinished(30'000));
        QCOMPARE(m_window.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_window.exitCode(), 0);
    }

    void settingsTurnTheHttpApiOn()
    {
        // What the Settings dialog writes: serve the API on a loopback address (port 0: any free one).
        QSettings settings(m_dir.filePath(QStringLiteral("home-%1/Jobdeck/jobdeck.conf").arg(m_count)), QSettings::IniFormat);
        settings.setValue(QStringLiteral("api/serve"), true);
        settings.setValue(QStringLiteral("api/address"), QStringLiteral("127.0.0.1:0"));
        settings.sync();
        startWindow({});
        static const QRegularExpression s_url(QStringLiteral("HTTP API on (http://127\\.0\\.0\\.1:\\d+)"));
        QString output;
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT((output += QString::fromUtf8(m_window.readAllStandardOutput()),
                                  (match = s_url.match(output)).hasMatch()),
                                 30'000);
        // A real client: the window's runner answers and takes a job.
        QProcess curl;
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                                            QStringLiteral("-w"), QStringLiteral("%{http_code}"), match.captured(1) + QStringLiteral("/health")});
        QVERIFY(curl.waitForFinished(30'000));
        QCOMPARE(curl.readAllStandardOutput(), QByteArray("200"));
        QFile token(m_db + QStringLiteral(".api-token"));
        QVERIFY(token.open(QIODevice::ReadOnly));
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("-H"),
                                            QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(token.readAll().trimmed()),
                                            QStringLiteral("-d"), QStringLiteral("{\"kind\": \"noop\"}"),
                                            match.captured(1) + QStringLiteral("/api/jobs")});
        QVERIFY(curl.waitForFinished(30'000));
        const qint64 id = QJsonDocument::fromJson(curl.readAllStandardOutput()).object().value(QLatin1String("id")).toInteger();
        QVERIFY(id > 0);
        JobdeckProcess cli(m_db);
        cli.setEnvironment(m_environment);
        QTRY_COMPARE_WITH_TIMEOUT(cli.show(id).value(QLatin1String("state")).toString(), QStringLiteral("succeeded"), 30'000);
        m_window.terminate();
        QVERIFY(m_window.waitForFinished(30'000));
    }

    void settingsLeaveTheHttpApiOffByDefault()
    {
        startWindow({});
        JobdeckProcess cli(m_db);
        cli.setEnvironment(m_environment);
        QTRY_COMPARE_WITH_TIMEOUT(liveRunners(cli), 1, 30'000);
        m_window.terminate();
        QVERIFY(m_window.waitForFinished(30'000));
        QVERIFY(!QString::fromUtf8(m_window.readAllStandardOutput()).contains(QLatin1String("HTTP API")));
        QVERIFY(!QFile::exists(m_db + QStringLiteral(".api-token")));
    }

private:
    void startWindow(const QStringList &extra)
    {
        m_window.setProcessEnvironment(m_environment);
        m_window.setProgram(JobdeckProcess::binary());
        m_window.setArguments(QStringList{QStringLiteral("--db"), m_db} + extra);
        m_window.start();
        QVERIFY(m_window.waitForStarted());
    }

    static int liveRunners(const JobdeckProcess &cli)
    {
        return cli.run({QStringLiteral("health"), QStringLiteral("--json")}).json().value(QLatin1String("runners")).toInt(-1);
    }

    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
    QProcessEnvironment m_environment;
    QProcess m_window;
};

QTEST_GUILESS_MAIN(WindowProcessTest)
#include "tst_window_process.moc"
