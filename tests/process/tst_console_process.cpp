#include "JobdeckProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

namespace {

// Whether the process has the file open: the console has opened its database once it does.
bool hasOpen(qint64 pid, const QString &file)
{
    const QString target = QFileInfo(file).canonicalFilePath();
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QFileInfo &fd : fds.entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        if (fd.symLinkTarget() == target)
            return true;
    }
    return false;
}

} // namespace

// A window started with --no-runner beside a headless runner: the console follows and commands, and never runs
// a job itself, so every job runs once, on the runner.
class ConsoleProcessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aConsoleBesideARunnerRunsNothingAndEveryJobRunsOnce()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.db"));
        JobdeckProcess cli(db);
        QProcess runner;
        cli.startRunner(runner, {QStringLiteral("--workers"), QStringLiteral("1")});
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(db, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL")),
                                  qint64(1), 30'000);

        QProcess console;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        console.setProcessEnvironment(environment);
        console.start(JobdeckProcess::binary(), {QStringLiteral("--no-runner"), QStringLiteral("--db"), db});
        QVERIFY(console.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(hasOpen(console.processId(), db), 30'000);

        QList<qint64> ids;
        for (int i = 0; i < 4; ++i)
            ids << cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\":400}")});
        QVERIFY(!ids.contains(-1));
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(db, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  qint64(4), 60'000);

        // One runner registered, every attempt its own, one attempt per job.
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT count(*) FROM runners")), qint64(1));
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT count(*) FROM attempts")), qint64(4));
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT count(*) FROM attempts WHERE runner <> (SELECT id FROM runners)")),
                 qint64(0));
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT max(total_attempts) FROM jobs")), qint64(1));

        // With the runner gone, the console still runs nothing: a job waits for the next runner.
        ::kill(pid_t(runner.processId()), SIGTERM);
        QVERIFY(runner.waitForFinished(30'000));
        QCOMPARE(runner.exitCode(), 0);
        const qint64 later = cli.enqueue({QStringLiteral("noop")});
        QVERIFY(later > 0);
        QProcess next;
        cli.startRunner(next, {QStringLiteral("--drain"), QStringLiteral("--quiet")});
        QVERIFY(next.waitForFinished(60'000));
        QCOMPARE(next.exitCode(), 0);
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT count(*) FROM attempts WHERE job_id = %1").arg(later)), qint64(1));
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT count(*) FROM attempts a JOIN runners r ON r.id = a.runner "
                                           "WHERE a.job_id = %1 AND r.started_at > 0").arg(later)),
                 qint64(1));
        QCOMPARE(databaseScalar(db, QStringLiteral("SELECT count(*) FROM runners")), qint64(2));

        console.terminate();
        if (!console.waitForFinished(30'000))
            console.kill();
    }
};

QTEST_GUILESS_MAIN(ConsoleProcessTest)
#include "tst_console_process.moc"
