#include "JobdeckProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

// The jobs folder with the real binary: `jobdeck run` and `jobdeck definitions` from other processes, with and
// without a runner; a broken settings.job; folders added while the runner runs; continuous jobs under a real
// runner, SIGTERM and --drain.
class JobsFolderProcessTest : public QObject {
    Q_OBJECT

private:
    // Writes DIR/TYPE/NAME/FILE.
    void write(const QString &type, const QString &name, const QString &file, const QByteArray &content)
    {
        const QString folder = m_jobs.filePath(type + u'/' + name);
        QDir().mkpath(folder);
        QFile f(QDir(folder).filePath(file) + QStringLiteral(".partial"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        QFile::remove(QDir(folder).filePath(file));
        QVERIFY(f.rename(QDir(folder).filePath(file))); // whole, as an editor saves it
    }

    static QStringList logOf(const QJsonObject &job)
    {
        QStringList lines;
        for (const QJsonValue l : job.value(QLatin1String("log")).toArray())
            lines << l.toObject().value(QLatin1String("text")).toString();
        return lines;
    }

    qint64 runJob(const JobdeckProcess &cli, const QStringList &arguments)
    {
        const CliResult r = cli.run(QStringList{QStringLiteral("run")} + arguments);
        return r.exitCode == 0 ? r.out.trimmed().toLongLong() : -1;
    }

    QString waitFor(const JobdeckProcess &cli, qint64 id)
    {
        return cli.run({QStringLiteral("wait"), QString::number(id), QStringLiteral("--timeout"), QStringLiteral("30s")}).out.trimmed();
    }

    // Reads what the runner printed so far, keeping it for later checks.
    QString runnerOutput()
    {
        m_runnerOut += QString::fromUtf8(m_runner.readAllStandardOutput());
        m_runnerErr += QString::fromUtf8(m_runner.readAllStandardError());
        return m_runnerOut + m_runnerErr;
    }

    QTemporaryDir m_dir;
    QTemporaryDir m_jobs;
    QString m_db;
    int m_count = 0;
    QProcess m_runner;
    QString m_runnerOut, m_runnerErr;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("folder-%1.db").arg(++m_count));
        QVERIFY(QDir(m_jobs.path()).removeRecursively());
        QVERIFY(QDir().mkpath(m_jobs.path()));
        m_runnerOut.clear();
        m_runnerErr.clear();
        write(QStringLiteral("triggered"), QStringLiteral("greet"), QStringLiteral("run.py"),
              "import json, os\np = json.loads(os.environ['JOBDECK_PAYLOAD'])\n"
              "print('hello %s from %s' % (p.get('who', 'nobody'), os.environ['JOBDECK_JOB_NAME']))\n");
        write(QStringLiteral("triggered"), QStringLiteral("greet"), QStringLiteral("settings.job"), R"({"queue": "people"})");
    }

    void cleanup()
    {
        if (m_runner.state() != QProcess::NotRunning) {
            m_runner.kill();
            m_runner.waitForFinished();
        }
    }

    void runFromAnotherProcessReachesTheRunner()
    {
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runner, {QStringLiteral("--jobs-dir"), m_jobs.path()});
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QLatin1String("job definition greet (triggered) found")), 30'000);
        // No --jobs-dir: the database remembers the runner's.
        const qint64 id = runJob(cli, {QStringLiteral("greet"), QStringLiteral("--payload"), QStringLiteral("{\"who\": \"Ada\"}")});
        QVERIFY(id > 0);
        QCOMPARE(waitFor(cli, id), QStringLiteral("succeeded"));
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("kind")).toString(), QStringLiteral("greet"));
        QCOMPARE(job.value(QLatin1String("queue")).toString(), QStringLiteral("people"));
        QCOMPARE(logOf(job), QStringList{QStringLiteral("hello Ada from greet")});
        // The definition's name, not "process", wherever jobs are listed.
        const CliResult list = cli.run({QStringLiteral("list")});
        QVERIFY2(list.out.contains(QRegularExpression(QStringLiteral("\\b%1  succeeded  greet ").arg(id))), qPrintable(list.out));
        QVERIFY(cli.run({QStringLiteral("show"), QString::number(id)}).out.contains(QLatin1String("(greet)")));
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QStringLiteral("job %1 greet [people]: running -> succeeded").arg(id)), 30'000);
    }

    void withoutARunnerTheRememberedFolderIsUsed()
    {
        JobdeckProcess cli(m_db);
        const CliResult none = cli.run({QStringLiteral("run"), QStringLiteral("greet")});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.startsWith(QLatin1String("jobdeck: no jobs folder is set for")), qPrintable(none.err));
        const CliResult missing = cli.run({QStringLiteral("definitions"), QStringLiteral("--jobs-dir"), m_dir.filePath(QStringLiteral("nope"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains(QLatin1String("no such folder")));

        const CliResult listed = cli.run({QStringLiteral("definitions"), QStringLiteral("--jobs-dir"), m_jobs.path(), QStringLiteral("--json")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray definitions = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(definitions.size(), 1);
        QCOMPARE(definitions[0].toObject().value(QLatin1String("name")).toString(), QStringLiteral("greet"));
        QCOMPARE(definitions[0].toObject().value(QLatin1String("type")).toString(), QStringLiteral("triggered"));
        QVERIFY(definitions[0].toObject().value(QLatin1String("error")).isNull());

        const qint64 id = runJob(cli, {QStringLiteral("greet"), QStringLiteral("--payload"), QStringLiteral("{\"who\": \"Grace\"}")});
        QVERIFY(id > 0);
        QCOMPARE(cli.show(id).value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        const CliResult bad = cli.run({QStringLiteral("run"), QStringLiteral("greet"), QStringLiteral("--payload"), QStringLiteral("[1]")});
        QCOMPARE(bad.exitCode, 2);
        const CliResult unknown = cli.run({QStringLiteral("run"), QStringLiteral("nope")});
        QCOMPARE(unknown.exitCode, 2);
        QCOMPARE(unknown.err.trimmed(), QStringLiteral("jobdeck: no job definition \"nope\" in %1 (triggered jobs: greet)").arg(m_jobs.path()));

        // A runner started later without --jobs-dir finds the folder in the database too.
        QProcess drain;
        cli.startRunner(drain, {QStringLiteral("--drain")});
        QVERIFY(drain.waitForFinished(60'000));
        QCOMPARE(drain.exitCode(), 0);
        const QJsonObject ran = cli.show(id);
        QVERIFY2(logOf(ran) == QStringList{QStringLiteral("hello Grace from greet")},
                 qPrintable(QStringLiteral("job: %1\nrunner: %2%3")
                                .arg(QString::fromUtf8(QJsonDocument(ran).toJson(QJsonDocument::Compact)),
                                     QString::fromUtf8(drain.readAllStandardOutput()), QString::fromUtf8(drain.readAllStandardError()))));
    }

    void badSettingsAffectOnlyTheirJobAndAFixIsPickedUp()
    {
        write(QStringLiteral("triggered"), QStringLiteral("broken"), QStringLiteral("run.sh"), "echo fixed\n");
        write(QStringLiteral("triggered"), QStringLiteral("broken"), QStringLiteral("settings.job"), R"({"is_singleton": "yes"})");
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runner, {QStringLiteral("--jobs-dir"), m_jobs.path()});
        const QString problem = QStringLiteral("jobdeck: job definition broken cannot run: settings.job: \"is_singleton\" must be true or false");
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(problem), 30'000);

        const CliResult refused = cli.run({QStringLiteral("run"), QStringLiteral("broken")});
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.err.trimmed(), QStringLiteral("jobdeck: job definition \"broken\" cannot run: settings.job: \"is_singleton\" must be true or false"));
        const CliResult listed = cli.run({QStringLiteral("definitions")});
        QVERIFY2(listed.out.contains(QLatin1String("cannot run: settings.job: \"is_singleton\" must be true or false")), qPrintable(listed.out));
        const qint64 good = runJob(cli, {QStringLiteral("greet")});
        QCOMPARE(waitFor(cli, good), QStringLiteral("succeeded"));

        // Fixed while the runner runs: its jobs run without a restart.
        write(QStringLiteral("triggered"), QStringLiteral("broken"), QStringLiteral("settings.job"), R"({"is_singleton": true})");
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QLatin1String("job definition broken (triggered) changed")), 30'000);
        const qint64 fixed = runJob(cli, {QStringLiteral("broken")});
        QVERIFY(fixed > 0);
        QCOMPARE(waitFor(cli, fixed), QStringLiteral("succeeded"));
        QVERIFY(cli.show(fixed).value(QLatin1String("singleton")).toBool());
    }

    void jobsAddedOrRemovedWhileTheRunnerRunsNeedNoRestart()
    {
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runner, {QStringLiteral("--jobs-dir"), m_jobs.path()});
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QLatin1String("job definition greet (triggered) found")), 30'000);
        write(QStringLiteral("triggered"), QStringLiteral("late"), QStringLiteral("run.sh"), "echo \"late in $(basename \"$PWD\")\"\n");
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QLatin1String("job definition late (triggered) found")), 30'000);
        const qint64 id = runJob(cli, {QStringLiteral("late")});
        QCOMPARE(waitFor(cli, id), QStringLiteral("succeeded"));
        QCOMPARE(logOf(cli.show(id)), QStringList{QStringLiteral("late in late")});

        QVERIFY(QDir(m_jobs.filePath(QStringLiteral("triggered/late"))).removeRecursively());
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QLatin1String("job definition late removed")), 30'000);
        QCOMPARE(cli.run({QStringLiteral("run"), QStringLiteral("late")}).exitCode, 2);
    }

    void aPipelineOfTheJobsFolderRunsItsDefinitionsInOrder()
    {
        // A definition whose settings.job lists steps is a pipeline; its steps may be other definitions.
        write(QStringLiteral("triggered"), QStringLiteral("order"), QStringLiteral("settings.job"),
              R"({"steps": [{"kind": "greet", "payload": {"who": "the warehouse"}},
                            {"kind": "greet", "payload": {"who": "the bank"}, "queue": "vip",
                             "compensate": {"kind": "greet", "payload": {"who": "the refund desk"}}},
                            {"kind": "noop"}]})");
        write(QStringLiteral("triggered"), QStringLiteral("scheduled-order"), QStringLiteral("settings.job"),
              R"({"steps": [{"kind": "noop"}], "schedule": "0 3 * * *"})");
        JobdeckProcess cli(m_db);
        const CliResult listed = cli.run({QStringLiteral("definitions"), QStringLiteral("--jobs-dir"), m_jobs.path()});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains(QStringLiteral("pipeline: greet → greet → noop")), qPrintable(listed.out));
        QVERIFY2(listed.out.contains(QLatin1String("cannot run: settings.job: \"schedule\" is for a job with an entry script")),
                 qPrintable(listed.out));

        // Started as a job of the folder is: the payload reaches the first step as "input"; the id printed is the pipeline's.
        const CliResult started = cli.run({QStringLiteral("run"), QStringLiteral("order"), QStringLiteral("--payload"), QStringLiteral("{\"order\": 7}")});
        QCOMPARE(started.exitCode, 0);
        const QString id = started.out.trimmed();
        // Anywhere a single job is made of it, it says how to start it instead.
        QCOMPARE(cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("nightly-order"), QStringLiteral("--cron"),
                          QStringLiteral("0 4 * * *"), QStringLiteral("--job"), QStringLiteral("order")}).exitCode, 0);
        const CliResult asJob = cli.run({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("nightly-order")});
        QVERIFY2(asJob.exitCode == 1 && asJob.err.contains(QLatin1String("is a pipeline of 3 steps: start it with jobdeck run order")),
                 qPrintable(asJob.err));

        QProcess drain;
        cli.startRunner(drain, {QStringLiteral("--drain")});
        QVERIFY(drain.waitForFinished(60'000));
        QCOMPARE(drain.exitCode(), 0);
        const CliResult shown = cli.run({QStringLiteral("pipeline"), QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject pipeline = QJsonDocument::fromJson(shown.out.toUtf8()).object();
        QCOMPARE(pipeline.value(QLatin1String("name")).toString(), QStringLiteral("order"));
        QCOMPARE(pipeline.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QJsonArray steps = pipeline.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), 3);
        const QJsonObject first = cli.show(steps[0].toObject().value(QLatin1String("job")).toInteger());
        QCOMPARE(first.value(QLatin1String("kind")).toString(), QStringLiteral("greet"));
        QCOMPARE(first.value(QLatin1String("queue")).toString(), QStringLiteral("people")); // from greet's settings.job
        QCOMPARE(first.value(QLatin1String("payload")).toObject().value(QLatin1String("input")).toObject().value(QLatin1String("order")).toInt(), 7);
        QCOMPARE(logOf(first), QStringList{QStringLiteral("hello the warehouse from greet")});
        const QJsonObject second = cli.show(steps[1].toObject().value(QLatin1String("job")).toInteger());
        QCOMPARE(second.value(QLatin1String("queue")).toString(), QStringLiteral("vip")); // the step's own field wins
        QCOMPARE(logOf(second), QStringList{QStringLiteral("hello the bank from greet")});
        QCOMPARE(steps[1].toObject().value(QLatin1String("compensation")).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("greet"));

        // A pipeline file may name the folder's jobs too; a step naming neither a kind nor a definition is refused.
        const CliResult fromFile = cli.run({QStringLiteral("pipeline"), QStringLiteral("run"), QStringLiteral("-")},
                                           R"({"steps": [{"kind": "greet", "payload": {"who": "a file"}}]})");
        QCOMPARE(fromFile.exitCode, 0);
        const CliResult unknown = cli.run({QStringLiteral("pipeline"), QStringLiteral("run"), QStringLiteral("-")},
                                          R"({"steps": [{"kind": "greet"}, {"kind": "nope"}]})");
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("step 2: unknown job kind \"nope\"")), qPrintable(unknown.err));
    }

    void aScheduleInSettingsJobBecomesASchedule()
    {
        write(QStringLiteral("triggered"), QStringLiteral("tick"), QStringLiteral("run.sh"), "echo tick\n");
        write(QStringLiteral("triggered"), QStringLiteral("tick"), QStringLiteral("settings.job"),
              R"({"schedule": "*/2 * * * * *", "is_singleton": true})");
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runner, {QStringLiteral("--jobs-dir"), m_jobs.path()});
        QTRY_VERIFY_WITH_TIMEOUT(cli.run({QStringLiteral("schedule"), QStringLiteral("list")}).out.contains(QLatin1String("jobs/tick")), 30'000);
        const CliResult shown = cli.run({QStringLiteral("schedule"), QStringLiteral("show"), QStringLiteral("jobs/tick")});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.contains(QLatin1String("*/2 * * * * *")) && shown.out.contains(QLatin1String("tick")), qPrintable(shown.out));
        // It fires the definition.
        const auto succeeded = [&] {
            return QJsonDocument::fromJson(cli.run({QStringLiteral("list"), QStringLiteral("--kind"), QStringLiteral("tick"),
                                                    QStringLiteral("--state"), QStringLiteral("succeeded"), QStringLiteral("--json")})
                                               .out.toUtf8())
                .array()
                .size();
        };
        QTRY_VERIFY_WITH_TIMEOUT(succeeded() >= 1, 30'000);
        // Run now from another process: the definition is read from the folder the database remembers.
        const CliResult now = cli.run({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("jobs/tick")});
        QCOMPARE(now.exitCode, 0);
        QCOMPARE(cli.show(now.out.trimmed().toLongLong()).value(QLatin1String("kind")).toString(), QStringLiteral("tick"));

        // The folder's schedules are changed through settings.job, not by hand.
        const CliResult add = cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("jobs/other"), QStringLiteral("--cron"),
                                       QStringLiteral("@daily"), QStringLiteral("--job"), QStringLiteral("tick")});
        QCOMPARE(add.exitCode, 2);
        QVERIFY2(add.err.startsWith(QLatin1String("jobdeck: schedule names starting with \"jobs/\" belong to the jobs folder")), qPrintable(add.err));
        const CliResult rm = cli.run({QStringLiteral("schedule"), QStringLiteral("rm"), QStringLiteral("jobs/tick")});
        QCOMPARE(rm.exitCode, 2);
        QVERIFY2(rm.err.startsWith(QLatin1String("jobdeck: schedule jobs/tick belongs to the jobs folder")), qPrintable(rm.err));
        QVERIFY(cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("--help")}).out.contains(QLatin1String("names starting with jobs/")));
        QVERIFY(cli.run({QStringLiteral("schedule"), QStringLiteral("rm"), QStringLiteral("--help")}).out.contains(QLatin1String("jobs/NAME")));
        // A hand-made schedule of the same definition is the user's and stays.
        QCOMPARE(cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("mine"), QStringLiteral("--cron"),
                          QStringLiteral("@daily"), QStringLiteral("--job"), QStringLiteral("tick")}).exitCode, 0);

        // A bad cron: reported for that job, in the log and by `definitions`, and its schedule is gone.
        write(QStringLiteral("triggered"), QStringLiteral("tick"), QStringLiteral("settings.job"), R"({"schedule": "*/2 * * *"})");
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput().contains(QLatin1String("jobdeck: job definition tick cannot run: settings.job: \"schedule\"")), 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(!cli.run({QStringLiteral("schedule"), QStringLiteral("list")}).out.contains(QLatin1String("jobs/tick")), 30'000);
        QVERIFY(cli.run({QStringLiteral("definitions")}).out.contains(QLatin1String("cannot run: settings.job: \"schedule\"")));
        QVERIFY(cli.run({QStringLiteral("schedule"), QStringLiteral("list")}).out.contains(QLatin1String("mine")));
        QCOMPARE(runJob(cli, {QStringLiteral("greet")}) > 0, true); // the other job is fine
    }

    void continuousJobsAreRestartedAndStoppedGracefullyBySigterm()
    {
        write(QStringLiteral("continuous"), QStringLiteral("crasher"), QStringLiteral("run.sh"), "echo \"run $JOBDECK_ATTEMPT\"\nexit 7\n");
        write(QStringLiteral("continuous"), QStringLiteral("server"), QStringLiteral("run.sh"),
              "trap 'echo closing; exit 0' TERM\necho listening\nwhile true; do sleep 0.1; done\n");
        write(QStringLiteral("continuous"), QStringLiteral("server"), QStringLiteral("settings.job"), R"({"stopping_wait_time": 20})");
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runner, {QStringLiteral("--jobs-dir"), m_jobs.path(), QStringLiteral("--stopping-wait"), QStringLiteral("1m")});
        const auto jobNamed = [&](const QString &kind) {
            const QJsonArray jobs = QJsonDocument::fromJson(
                cli.run({QStringLiteral("list"), QStringLiteral("--kind"), kind, QStringLiteral("--json")}).out.toUtf8()).array();
            return jobs.isEmpty() ? QJsonObject() : cli.show(qint64(jobs[0].toObject().value(QLatin1String("id")).toDouble()));
        };
        QTRY_VERIFY_WITH_TIMEOUT(jobNamed(QStringLiteral("crasher")).value(QLatin1String("attempts")).toArray().size() >= 2, 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(logOf(jobNamed(QStringLiteral("server"))).contains(QStringLiteral("listening")), 30'000);
        const QJsonObject crasher = jobNamed(QStringLiteral("crasher"));
        QVERIFY(crasher.value(QLatin1String("continuous")).toBool());
        QCOMPARE(crasher.value(QLatin1String("queue")).toString(), QStringLiteral("continuous"));
        QVERIFY(crasher.value(QLatin1String("attempts")).toArray()[0].toObject().value(QLatin1String("error")).toString()
                    .startsWith(QLatin1String("exit code 7")));

        QElapsedTimer stopping;
        stopping.start();
        m_runner.terminate();
        QVERIFY(m_runner.waitForFinished(30'000));
        QCOMPARE(m_runner.exitCode(), 0);
        QVERIFY2(stopping.elapsed() < 20'000, "the continuous job was told at once, not after --stopping-wait");
        const QJsonObject server = jobNamed(QStringLiteral("server"));
        // The shell may also report its sleep's end ("Terminated") on stderr, in any order with the script's lines.
        QStringList said = logOf(server);
        said.removeAll(QStringLiteral("Terminated"));
        QCOMPARE(said.mid(0, 2), (QStringList{QStringLiteral("listening"), QStringLiteral("closing")}));
        QCOMPARE(server.value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(server.value(QLatin1String("attempts")).toArray().last().toObject().value(QLatin1String("outcome")).toString(),
                 QStringLiteral("interrupted"));
    }

    void drainIsNotKeptRunningByAContinuousJob()
    {
        write(QStringLiteral("continuous"), QStringLiteral("forever"), QStringLiteral("run.sh"),
              "trap 'echo told to stop; exit 0' TERM\necho up\nwhile true; do sleep 0.1; done\n");
        JobdeckProcess cli(m_db);
        const qint64 id = runJob(cli, {QStringLiteral("greet"), QStringLiteral("--jobs-dir"), m_jobs.path()});
        QVERIFY(id > 0);
        QProcess drain;
        cli.startRunner(drain, {QStringLiteral("--drain")});
        QVERIFY(drain.waitForFinished(60'000));
        QCOMPARE(drain.exitCode(), 0);
        QCOMPARE(cli.show(id).value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QJsonArray forever = QJsonDocument::fromJson(
            cli.run({QStringLiteral("list"), QStringLiteral("--kind"), QStringLiteral("forever"), QStringLiteral("--json")}).out.toUtf8()).array();
        QCOMPARE(forever.size(), 1);
        const QJsonObject job = cli.show(qint64(forever[0].toObject().value(QLatin1String("id")).toDouble()));
        // Stopped with the runner (if it had started at all), waiting for the next one; not failed, not abandoned.
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        for (const QJsonValue a : job.value(QLatin1String("attempts")).toArray())
            QCOMPARE(a.toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("interrupted"));
    }

    void helpDescribesTheNewCommandsAndOptions()
    {
        JobdeckProcess cli(m_db);
        const CliResult help = cli.run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QLatin1String("--jobs-dir <DIR>")));
        QVERIFY(help.out.contains(QLatin1String("run, definitions")));
        for (const QString &command : {QStringLiteral("run"), QStringLiteral("definitions")}) {
            const CliResult r = cli.run({command, QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QLatin1String("--jobs-dir <DIR>")), qPrintable(r.out));
        }
        const CliResult missing = cli.run({QStringLiteral("--no-gui"), QStringLiteral("--jobs-dir"), m_dir.filePath(QStringLiteral("nope"))});
        QCOMPARE(missing.exitCode, 2);
        QCOMPARE(missing.err.trimmed(), QStringLiteral("jobdeck: --jobs-dir %1: no such folder").arg(m_dir.filePath(QStringLiteral("nope"))));
    }
};

QTEST_GUILESS_MAIN(JobsFolderProcessTest)
#include "tst_jobs_folder.moc"
