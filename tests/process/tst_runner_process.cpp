#include "JobdeckProcess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

namespace {
// A hundred steps of 100 ms, each saving a checkpoint; a later attempt starts at the step it finds there.
// It ignores SIGPIPE, so losing its reader when the runner dies does not stop it by itself.
const char *const kStepsScript =
    "trap '' PIPE\n"
    "start=0\n"
    "if [ -n \"$JOBDECK_CHECKPOINT\" ]; then\n"
    "  start=$(printf '%s' \"$JOBDECK_CHECKPOINT\" | tr -cd 0-9)\n"
    "  echo \"resuming at step $start\"\n"
    "fi\n"
    "echo $$ >> '%1'\n"
    "i=$start\n"
    "while [ $i -lt 100 ]; do\n"
    "  sleep 0.1\n"
    "  i=$((i + 1))\n"
    "  echo \"##jobdeck[checkpoint] {\\\"next\\\": $i}\"\n"
    "done\n"
    "echo \"finished after starting at step $start\"\n";
} // namespace

// The headless runner as a process: crash recovery, graceful stop, drain, commands from other processes.
class RunnerProcessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("runner-%1.db").arg(++m_count));
    }

    void cleanup()
    {
        if (m_runner.state() != QProcess::NotRunning) {
            m_runner.kill();
            m_runner.waitForFinished();
        }
    }

    void killedRunnerResumesFromCheckpointAndLosesNothing()
    {
        JobdeckProcess cli(m_db);
        QList<qint64> before;
        for (int i = 0; i < 20; ++i)
            before << cli.enqueue({QStringLiteral("noop")});
        const qint64 cpu = cli.enqueue({QStringLiteral("cpu"), QStringLiteral("--payload"),
                                        QStringLiteral("{\"n\":20000000,\"checkpoint_ms\":100}"),
                                        QStringLiteral("--priority"), QStringLiteral("-1")});
        QVERIFY(cpu > 0);
        cli.startRunner(m_runner, {QStringLiteral("--workers"), QStringLiteral("2")});
        // Wait until the long job has saved a checkpoint, then kill the runner without warning.
        QTRY_VERIFY_WITH_TIMEOUT(!cli.show(cpu).value(QLatin1String("checkpoint")).isNull(), 30'000);
        const QJsonObject beforeKill = cli.show(cpu);
        QCOMPARE(beforeKill.value(QLatin1String("state")).toString(), QStringLiteral("running"));
        m_runner.kill();
        QVERIFY(m_runner.waitForFinished());
        QList<qint64> after;
        for (int i = 0; i < 20; ++i)
            after << cli.enqueue({QStringLiteral("noop")});

        QProcess second;
        cli.startRunner(second, {QStringLiteral("--drain"), QStringLiteral("--workers"), QStringLiteral("2")});
        QVERIFY(second.waitForFinished(120'000));
        QCOMPARE(second.exitCode(), 0);

        const QJsonObject job = cli.show(cpu);
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(job.value(QLatin1String("result")).toObject().value(QLatin1String("primes")).toInt(), 1270607);
        const QJsonArray attempts = job.value(QLatin1String("attempts")).toArray();
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts[0].toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("abandoned"));
        QCOMPARE(attempts[1].toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QVERIFY(attempts[1].toObject().value(QLatin1String("from_checkpoint")).toBool());

        // Every other job succeeded exactly once.
        for (qint64 id : before + after) {
            const QJsonObject other = cli.show(id);
            QCOMPARE(other.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
            int succeeded = 0;
            for (const QJsonValue a : other.value(QLatin1String("attempts")).toArray())
                succeeded += a.toObject().value(QLatin1String("outcome")).toString() == QLatin1String("succeeded");
            QCOMPARE(succeeded, 1);
        }
    }

    void continuationRunsAfterItsParentSurvivesAKilledRunner()
    {
        JobdeckProcess cli(m_db);
        const qint64 cpu = cli.enqueue({QStringLiteral("cpu"), QStringLiteral("--payload"),
                                        QStringLiteral("{\"n\":20000000,\"checkpoint_ms\":100}")});
        QVERIFY(cpu > 0);
        // A script continuation writes what it was told of its parents.
        const QString seen = m_dir.filePath(QStringLiteral("parents-%1.json").arg(m_count));
        const QJsonObject script{{QStringLiteral("program"), QStringLiteral("sh")},
                                 {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"),
                                                                     QStringLiteral("printf %s \"$JOBDECK_PARENTS\" > \"$1\""),
                                                                     QStringLiteral("sh"), seen}}};
        const qint64 child = cli.enqueue({QStringLiteral("process"), QStringLiteral("--payload"),
                                          QString::fromUtf8(QJsonDocument(script).toJson(QJsonDocument::Compact)),
                                          QStringLiteral("--after"), QString::number(cpu)});
        QVERIFY(child > 0);
        const QJsonObject waiting = cli.show(child);
        QCOMPARE(waiting.value(QLatin1String("state")).toString(), QStringLiteral("waiting"));
        QCOMPARE(waiting.value(QLatin1String("after")).toArray(), (QJsonArray{cpu}));
        QCOMPARE(waiting.value(QLatin1String("on")).toString(), QStringLiteral("success"));
        // A parent that does not exist, or a condition that is not one, is refused before anything is written.
        const CliResult unknown = cli.run({QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--after"),
                                           QStringLiteral("999999")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("there is no job 999999 to wait for")), qPrintable(unknown.err));
        const CliResult badOn = cli.run({QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--after"),
                                         QString::number(cpu), QStringLiteral("--on"), QStringLiteral("sometimes")});
        QCOMPARE(badOn.exitCode, 2);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs")), 2);

        cli.startRunner(m_runner, {QStringLiteral("--workers"), QStringLiteral("2")});
        QTRY_VERIFY_WITH_TIMEOUT(!cli.show(cpu).value(QLatin1String("checkpoint")).isNull(), 30'000);
        m_runner.kill();
        QVERIFY(m_runner.waitForFinished());
        QCOMPARE(cli.show(child).value(QLatin1String("state")).toString(), QStringLiteral("waiting"));

        // The next runner recovers the parent; the child is queued when it ends, within the same drain.
        QProcess second;
        cli.startRunner(second, {QStringLiteral("--drain"), QStringLiteral("--workers"), QStringLiteral("2")});
        QVERIFY(second.waitForFinished(120'000));
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(cli.show(cpu).value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QJsonObject done = cli.show(child);
        QCOMPARE(done.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(done.value(QLatin1String("attempts")).toArray().size(), 1);
        QFile file(seen);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray parents = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(parents.size(), 1);
        QCOMPARE(parents[0][QLatin1String("id")].toInteger(), cpu);
        QCOMPARE(parents[0][QLatin1String("state")].toString(), QStringLiteral("succeeded"));
        QCOMPARE(parents[0][QLatin1String("result")][QLatin1String("primes")].toInt(), 1270607);
    }

    void jobsSharingAMutexNeverOverlapAcrossTwoRunners()
    {
        JobdeckProcess cli(m_db);
        QByteArray lines;
        for (int i = 0; i < 10; ++i) {
            lines += "{\"kind\": \"sleep\", \"payload\": {\"ms\": 120}, \"mutex\": \"printer\"}\n";
            lines += "{\"kind\": \"sleep\", \"payload\": {\"ms\": 120}, \"mutex\": [\"scanner\", \"printer\"]}\n";
            lines += "{\"kind\": \"sleep\", \"payload\": {\"ms\": 120}}\n";
        }
        QCOMPARE(cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines).exitCode, 0);
        const qint64 one = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--mutex"), QStringLiteral("printer"),
                                        QStringLiteral("--mutex"), QStringLiteral("billing db")});
        QVERIFY(cli.run({QStringLiteral("show"), QString::number(one)}).out.contains(QLatin1String("billing db, printer")));
        QCOMPARE(cli.run({QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--mutex"), QStringLiteral("a,b")}).exitCode, 2);

        drainWithTwoRunners(cli, 2);
        // No two attempts of jobs holding "printer" overlap, whichever runner ran them.
        QCOMPARE(databaseScalar(m_db, QStringLiteral(
                     "WITH p AS (SELECT a.job_id, a.started_at, a.finished_at FROM attempts a JOIN job_mutexes m "
                     "ON m.job_id = a.job_id AND m.name = 'printer') "
                     "SELECT count(*) FROM p x JOIN p y ON x.job_id < y.job_id "
                     "WHERE x.started_at < y.finished_at AND y.started_at < x.finished_at")),
                 0);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM attempts a JOIN job_mutexes m ON m.job_id = a.job_id "
                                                     "AND m.name = 'printer'")),
                 21);
    }

    void aPipelineKilledMidStepResumesAtThatStep()
    {
        JobdeckProcess cli(m_db);
        const QString path = m_dir.filePath(QStringLiteral("publish-%1.json").arg(m_count));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"name": "publish", "steps": [
            {"kind": "cpu", "payload": {"n": 1000}, "compensate": {"kind": "noop"}},
            {"kind": "cpu", "payload": {"n": 20000000, "checkpoint_ms": 100}},
            {"kind": "noop"}]})");
        file.close();
        const auto started = cli.run({QStringLiteral("pipeline"), QStringLiteral("run"), path});
        QCOMPARE(started.exitCode, 0);
        const QString id = started.out.trimmed();
        const QJsonObject before = cli.run({QStringLiteral("pipeline"), QStringLiteral("show"), id, QStringLiteral("--json")}).json();
        const QJsonArray steps = before.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), 3);
        QCOMPARE(steps[1].toObject().value(QLatin1String("state")).toString(), QStringLiteral("waiting"));
        const qint64 second = steps[1].toObject().value(QLatin1String("job")).toInteger();

        // Killed without warning while step 2 runs, after it saved a checkpoint.
        cli.startRunner(m_runner, {QStringLiteral("--workers"), QStringLiteral("2")});
        QTRY_VERIFY_WITH_TIMEOUT(!cli.show(second).value(QLatin1String("checkpoint")).isNull(), 30'000);
        m_runner.kill();
        QVERIFY(m_runner.waitForFinished());
        QCOMPARE(cli.run({QStringLiteral("pipeline"), QStringLiteral("show"), id, QStringLiteral("--json")}).json()
                     .value(QLatin1String("state")).toString(),
                 QStringLiteral("running"));

        QProcess next;
        cli.startRunner(next, {QStringLiteral("--drain"), QStringLiteral("--workers"), QStringLiteral("2")});
        QVERIFY(next.waitForFinished(120'000));
        const QJsonObject after = cli.run({QStringLiteral("pipeline"), QStringLiteral("show"), id, QStringLiteral("--json")}).json();
        QCOMPARE(after.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        // It went on at step 2, from its checkpoint: step 1 ran once, and nothing was undone.
        const QJsonArray done = after.value(QLatin1String("steps")).toArray();
        QCOMPARE(cli.show(done[0].toObject().value(QLatin1String("job")).toInteger()).value(QLatin1String("attempts")).toArray().size(), 1);
        const QJsonArray resumed = cli.show(second).value(QLatin1String("attempts")).toArray();
        QCOMPARE(resumed.size(), 2);
        QVERIFY(resumed[1].toObject().value(QLatin1String("from_checkpoint")).toBool());
        QCOMPARE(cli.show(done[2].toObject().value(QLatin1String("job")).toInteger()).value(QLatin1String("attempts")).toArray().size(), 1);
        QVERIFY(done[0].toObject().value(QLatin1String("compensation")).toObject().value(QLatin1String("job")).isNull());
        QCOMPARE(cli.show(done[2].toObject().value(QLatin1String("job")).toInteger()).value(QLatin1String("pipeline")).toInteger(), id.toLongLong());
        // Listed, shown as a table, and bad input refused.
        QVERIFY(cli.run({QStringLiteral("pipeline"), QStringLiteral("list")}).out.contains(QLatin1String("publish")));
        QVERIFY(cli.run({QStringLiteral("pipeline"), QStringLiteral("show"), id}).out.contains(QLatin1String("noop (not needed)")));
        QCOMPARE(cli.run({QStringLiteral("pipeline"), QStringLiteral("show"), QStringLiteral("9999")}).exitCode, 1);
        QCOMPARE(cli.run({QStringLiteral("pipeline"), QStringLiteral("run"), QStringLiteral("-")}, R"({"steps": [{"kind": "nope"}]})").exitCode, 2);
        QCOMPARE(cli.run({QStringLiteral("pipeline"), QStringLiteral("run"), QStringLiteral("-")}, "{not json").exitCode, 2);
    }

    void orderingKeysKeepTheirOrderAcrossTwoRunners()
    {
        JobdeckProcess cli(m_db);
        // Four keys of ten jobs, interleaved; one key numbers its jobs from last to first.
        QByteArray lines;
        for (int i = 0; i < 10; ++i) {
            for (int key = 0; key < 4; ++key) {
                const QString seq = key == 0 ? QStringLiteral(", \"seq\": %1").arg(10 - i) : QString();
                lines += QStringLiteral("{\"kind\": \"sleep\", \"payload\": {\"ms\": 20}, \"order_key\": \"account-%1\"%2}\n")
                             .arg(key)
                             .arg(seq)
                             .toUtf8();
            }
        }
        lines += "{\"kind\": \"sleep\", \"payload\": {\"ms\": 20}, \"queue\": \"free\"}\n";
        QCOMPARE(cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--seq"), QStringLiteral("2")}).exitCode, 2);
        const qint64 shown = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--order-key"), QStringLiteral("account-1"),
                                          QStringLiteral("--order-wait"), QStringLiteral("30s")});
        const QString show = cli.run({QStringLiteral("show"), QString::number(shown)}).out;
        QVERIFY2(show.contains(QLatin1String("account-1 #11")) && show.contains(QLatin1String("Blocked by")), qPrintable(show));

        drainWithTwoRunners(cli, 4);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM attempts a JOIN jobs j ON j.id = a.job_id "
                                                     "WHERE j.order_key IS NOT NULL")),
                 41);
        // Within a key, each attempt starts after the one before it in sequence has finished, whichever runner ran it.
        QCOMPARE(databaseScalar(m_db, QStringLiteral(
                     "WITH o AS (SELECT j.order_key AS k, j.order_seq AS seq, a.started_at AS s, a.finished_at AS f "
                     "FROM attempts a JOIN jobs j ON j.id = a.job_id WHERE j.order_key IS NOT NULL) "
                     "SELECT count(*) FROM o x JOIN o y ON x.k = y.k AND x.seq < y.seq WHERE y.s < x.f")),
                 0);
        // The keys ran side by side: at some time two keys' attempts overlapped.
        QVERIFY(databaseScalar(m_db, QStringLiteral(
                    "WITH o AS (SELECT j.order_key AS k, a.started_at AS s, a.finished_at AS f "
                    "FROM attempts a JOIN jobs j ON j.id = a.job_id WHERE j.order_key IS NOT NULL) "
                    "SELECT count(*) FROM o x JOIN o y ON x.k < y.k WHERE x.s < y.f AND y.s < x.f"))
                > 0);
    }

    void aRateLimitHoldsAcrossTwoRunners()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("queue"), QStringLiteral("rate"), QStringLiteral("api"), QStringLiteral("ten")}).exitCode, 2);
        const auto set = cli.run({QStringLiteral("queue"), QStringLiteral("rate"), QStringLiteral("api"), QStringLiteral("10/1s")});
        QCOMPARE(set.exitCode, 0);
        QVERIFY2(set.out.contains(QLatin1String("at most 10 starts in any 1s")), qPrintable(set.out));
        QByteArray lines;
        for (int i = 0; i < 50; ++i)
            lines += "{\"kind\": \"noop\", \"queue\": \"api\"}\n";
        QCOMPARE(cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, lines).exitCode, 0);
        QVERIFY(cli.run({QStringLiteral("queue"), QStringLiteral("list")}).out.contains(QLatin1String("10/1s")));

        drainWithTwoRunners(cli, 4);
        // Each start is the job's move to running; no eleven of them fall within any second.
        const QString starts = QStringLiteral(
            "WITH s AS (SELECT e.at, row_number() OVER (ORDER BY e.at) AS n FROM job_events e JOIN jobs j ON j.id = e.job_id "
            "WHERE j.queue = 'api' AND e.to_state = 'running') ");
        QCOMPARE(databaseScalar(m_db, starts + QStringLiteral("SELECT count(*) FROM s")), 50);
        QCOMPARE(databaseScalar(m_db, starts + QStringLiteral("SELECT count(*) FROM s a JOIN s b ON b.n = a.n + 10 "
                                                              "WHERE b.at - a.at < 1000")),
                 0);
        QVERIFY(databaseScalar(m_db, starts + QStringLiteral("SELECT max(at) - min(at) FROM s")) >= 4000);
    }

    void scriptKilledWithTheRunnerResumesFromItsCheckpoint()
    {
        JobdeckProcess cli(m_db);
        const QString pids = m_dir.filePath(QStringLiteral("steps-%1.pids").arg(m_count));
        const QString path = m_dir.filePath(QStringLiteral("steps-%1.sh").arg(m_count));
        QFile script(path);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(QString::fromLatin1(kStepsScript).arg(pids).toUtf8());
        script.close();
        const qint64 id = cli.enqueue({QStringLiteral("process"), QStringLiteral("--payload"),
                                       QStringLiteral("{\"program\": \"%1\"}").arg(path)});
        QVERIFY(id > 0);
        cli.startRunner(m_runner);
        QTRY_VERIFY_WITH_TIMEOUT(cli.show(id).value(QLatin1String("checkpoint")).toObject().value(QLatin1String("next")).toInt() >= 3,
                                 30'000);
        m_runner.kill();
        QVERIFY(m_runner.waitForFinished());
        const int saved = cli.show(id).value(QLatin1String("checkpoint")).toObject().value(QLatin1String("next")).toInt();
        QVERIFY(saved >= 3 && saved < 100);
        // The script died with its runner: it is not left running beside the next attempt.
        QFile pidFile(pids);
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        const qint64 first = pidFile.readAll().trimmed().toLongLong();
        pidFile.close();
        QVERIFY(first > 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(first), 0) != 0, 2000); // well before it would have finished

        QProcess second;
        cli.startRunner(second, {QStringLiteral("--drain")});
        QVERIFY(second.waitForFinished(60'000));
        QCOMPARE(second.exitCode(), 0);
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QJsonArray attempts = job.value(QLatin1String("attempts")).toArray();
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts[0].toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("abandoned"));
        QVERIFY(attempts[1].toObject().value(QLatin1String("from_checkpoint")).toBool());
        QStringList log;
        for (const QJsonValue line : job.value(QLatin1String("log")).toArray())
            log << line.toObject().value(QLatin1String("text")).toString();
        QVERIFY2(log.contains(QStringLiteral("resuming at step %1").arg(saved)), qPrintable(log.join(u'\n')));
        QVERIFY(log.contains(QStringLiteral("finished after starting at step %1").arg(saved)));
    }

    void checksumKilledInsideAFileContinuesThereAfterTheCrash()
    {
        JobdeckProcess cli(m_db);
        const QString large = m_dir.filePath(QStringLiteral("large-%1.bin").arg(m_count));
        {
            QFile f(large);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not only zeros");
            QVERIFY(f.resize(qint64(1) << 30)); // the rest sparse: 1 GiB without using the disk
        }
        const qint64 id = cli.enqueue({QStringLiteral("checksum"), QStringLiteral("--payload"),
                                       QStringLiteral("{\"paths\": [\"%1\"], \"checkpoint_ms\": 100}").arg(large)});
        QVERIFY(id > 0);
        cli.startRunner(m_runner, {QStringLiteral("--workers"), QStringLiteral("1")});
        const auto position = [&] {
            return cli.show(id).value(QLatin1String("checkpoint")).toObject().value(QLatin1String("current")).toObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(position().value(QLatin1String("offset")).toDouble() > 0, 30'000);
        m_runner.kill();
        QVERIFY(m_runner.waitForFinished());
        const qint64 offset = qint64(position().value(QLatin1String("offset")).toDouble());
        QVERIFY2(offset > 0 && offset < QFileInfo(large).size(), "killed inside the file");

        QProcess second;
        cli.startRunner(second, {QStringLiteral("--drain")});
        QVERIFY(second.waitForFinished(120'000));
        QCOMPARE(second.exitCode(), 0);
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QJsonArray attempts = job.value(QLatin1String("attempts")).toArray();
        QCOMPARE(attempts.size(), 2);
        QVERIFY(attempts[1].toObject().value(QLatin1String("from_checkpoint")).toBool());
        // The second attempt read only what the first had not hashed yet.
        const QString last = job.value(QLatin1String("log")).toArray().last().toObject().value(QLatin1String("text")).toString();
        QVERIFY2(last.endsWith(QStringLiteral("; %1 bytes read in this attempt").arg(QFileInfo(large).size() - offset)),
                 qPrintable(last));

        QProcess sha256sum;
        sha256sum.start(QStringLiteral("sha256sum"), {large});
        QVERIFY(sha256sum.waitForFinished(120'000));
        const QString expected = QString::fromLatin1(sha256sum.readAllStandardOutput()).section(u' ', 0, 0);
        const QJsonObject entry = job.value(QLatin1String("result")).toArray().first().toObject();
        QCOMPARE(entry.value(QLatin1String("digest")).toString(), expected);
        QCOMPARE(qint64(entry.value(QLatin1String("size")).toDouble()), qint64(1) << 30);
    }

    void thumbnailJobsRunInTheHeadlessRunner()
    {
        JobdeckProcess cli(m_db);
        const QString image = m_dir.filePath(QStringLiteral("dot-%1.png").arg(m_count));
        QFile f(image);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        f.close();
        const qint64 id = cli.enqueue({QStringLiteral("thumbnail"), QStringLiteral("--payload"),
                                       QStringLiteral("{\"path\": \"%1\"}").arg(image)});
        QVERIFY(id > 0);
        QProcess runner;
        cli.startRunner(runner, {QStringLiteral("--drain")});
        QVERIFY(runner.waitForFinished(60'000));
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QString thumbnail = job.value(QLatin1String("result")).toObject().value(QLatin1String("thumbnail")).toString();
        QCOMPARE(QFileInfo(thumbnail).absolutePath(), QFileInfo(m_db).absoluteDir().filePath(QStringLiteral("thumbnails")));
        QVERIFY(QFileInfo(thumbnail).size() > 0);
    }

    void sigtermReturnsRunningJobsToTheQueueWithTheirCheckpoints()
    {
        JobdeckProcess cli(m_db);
        const qint64 cpu = cli.enqueue({QStringLiteral("cpu"), QStringLiteral("--payload"),
                                        QStringLiteral("{\"n\":40000000,\"checkpoint_ms\":100}")});
        const qint64 sleeper = cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\":60000}")});
        cli.startRunner(m_runner, {QStringLiteral("--stopping-wait"), QStringLiteral("300ms")});
        QTRY_VERIFY_WITH_TIMEOUT(!cli.show(cpu).value(QLatin1String("checkpoint")).isNull()
                                     && cli.show(sleeper).value(QLatin1String("state")).toString() == QLatin1String("running"),
                                 30'000);
        m_runner.terminate(); // SIGTERM
        QVERIFY(m_runner.waitForFinished(30'000));
        QCOMPARE(m_runner.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_runner.exitCode(), 0);
        for (qint64 id : {cpu, sleeper}) {
            const QJsonObject job = cli.show(id);
            QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("queued"));
            QCOMPARE(job.value(QLatin1String("attempt_count")).toInt(), 0); // an interrupted attempt does not count
            QVERIFY(job.value(QLatin1String("lease_owner")).isNull());
            const QJsonArray attempts = job.value(QLatin1String("attempts")).toArray();
            QCOMPARE(attempts.size(), 1);
            QCOMPARE(attempts[0].toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("interrupted"));
        }
        QVERIFY(!cli.show(cpu).value(QLatin1String("checkpoint")).isNull());
    }

    void drainRetriesFailuresAndIgnoresLaterJobs()
    {
        JobdeckProcess cli(m_db);
        const qint64 flaky = cli.enqueue({QStringLiteral("fail"), QStringLiteral("--payload"), QStringLiteral("{\"times\":2}"),
                                          QStringLiteral("--backoff"), QStringLiteral("50ms")});
        const qint64 poison = cli.enqueue({QStringLiteral("fail"), QStringLiteral("--max-attempts"), QStringLiteral("3"),
                                           QStringLiteral("--backoff"), QStringLiteral("10ms")});
        const qint64 later = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--in"), QStringLiteral("1h")});
        cli.startRunner(m_runner, {QStringLiteral("--drain")});
        QVERIFY(m_runner.waitForFinished(60'000));
        QCOMPARE(m_runner.exitCode(), 0);
        QCOMPARE(cli.show(flaky).value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        const QJsonObject dead = cli.show(poison);
        QCOMPARE(dead.value(QLatin1String("state")).toString(), QStringLiteral("dead"));
        QCOMPARE(dead.value(QLatin1String("attempts")).toArray().size(), 3);
        QCOMPARE(dead.value(QLatin1String("error")).toString(), QStringLiteral("failed on purpose"));
        QCOMPARE(cli.show(later).value(QLatin1String("state")).toString(), QStringLiteral("scheduled"));
        const QString log = QString::fromUtf8(m_runner.readAllStandardOutput());
        QVERIFY2(log.contains(QStringLiteral("job %1 fail [default]: running -> succeeded").arg(flaky)), qPrintable(log));
        QVERIFY(QString::fromUtf8(m_runner.readAllStandardError()).contains(QLatin1String("-> dead")));
    }

    void commandsFromOtherProcessesReachTheRunningRunner()
    {
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runner, {QStringLiteral("--quiet")});
        // Enqueued by another process while the runner idles.
        const qint64 quick = cli.enqueue({QStringLiteral("noop")});
        const CliResult waited = cli.run({QStringLiteral("wait"), QString::number(quick), QStringLiteral("--timeout"), QStringLiteral("20s")});
        QVERIFY2(waited.exitCode == 0, qPrintable(QStringLiteral("wait: %1 %2; runner: %3 %4; job: %5")
                                                      .arg(waited.exitCode).arg(waited.err)
                                                      .arg(m_runner.state() == QProcess::Running ? QStringLiteral("running") : QStringLiteral("exited"),
                                                           QString::fromUtf8(m_runner.readAllStandardError()))
                                                      .arg(QString::fromUtf8(QJsonDocument(cli.show(quick)).toJson(QJsonDocument::Compact)))));
        // Cancelled by another process while it runs.
        const qint64 sleeper = cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\":60000}")});
        QTRY_COMPARE_WITH_TIMEOUT(cli.show(sleeper).value(QLatin1String("state")).toString(), QStringLiteral("running"), 20'000);
        const CliResult cancel = cli.run({QStringLiteral("cancel"), QString::number(sleeper)});
        QCOMPARE(cancel.exitCode, 0);
        QVERIFY(cancel.out.contains(QLatin1String("asked to cancel")));
        const CliResult wait = cli.run({QStringLiteral("wait"), QString::number(sleeper), QStringLiteral("--timeout"), QStringLiteral("20s")});
        QCOMPARE(wait.exitCode, 1);
        QCOMPARE(wait.out.trimmed(), QStringLiteral("cancelled"));
        // A poison job is requeued with an edited payload and then succeeds.
        const qint64 poison = cli.enqueue({QStringLiteral("fail"), QStringLiteral("--max-attempts"), QStringLiteral("2"),
                                           QStringLiteral("--backoff"), QStringLiteral("10ms")});
        QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(poison), QStringLiteral("--timeout"), QStringLiteral("20s")}).exitCode, 1);
        QCOMPARE(cli.show(poison).value(QLatin1String("state")).toString(), QStringLiteral("dead"));
        QCOMPARE(cli.run({QStringLiteral("requeue"), QString::number(poison), QStringLiteral("--payload"),
                          QStringLiteral("{\"times\":0}")}).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(poison), QStringLiteral("--timeout"), QStringLiteral("20s")}).exitCode, 0);
        QCOMPARE(cli.show(poison).value(QLatin1String("attempts")).toArray().size(), 3);
        // Every dead job at once.
        QList<qint64> poisoned;
        for (int i = 0; i < 3; ++i)
            poisoned << cli.enqueue({QStringLiteral("fail"), QStringLiteral("--max-attempts"), QStringLiteral("1")});
        for (qint64 id : poisoned)
            QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(id), QStringLiteral("--timeout"), QStringLiteral("20s")}).exitCode, 1);
        const CliResult requeued = cli.run({QStringLiteral("requeue"), QStringLiteral("--all-dead")});
        QCOMPARE(requeued.exitCode, 0);
        QVERIFY2(requeued.out.contains(QLatin1String("3 dead jobs requeued")), qPrintable(requeued.out));
        for (qint64 id : poisoned) {
            QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(id), QStringLiteral("--timeout"), QStringLiteral("20s")}).exitCode, 1);
            QCOMPARE(cli.show(id).value(QLatin1String("attempts")).toArray().size(), 2); // ran again
        }
        // Paused runners start nothing new; resumed ones do.
        QCOMPARE(cli.run({QStringLiteral("pause")}).exitCode, 0);
        const qint64 held = cli.enqueue({QStringLiteral("noop")});
        QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(held), QStringLiteral("--timeout"), QStringLiteral("1s")}).exitCode, 3);
        QCOMPARE(cli.show(held).value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(cli.run({QStringLiteral("resume")}).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(held), QStringLiteral("--timeout"), QStringLiteral("20s")}).exitCode, 0);
    }

private:
    // Two runners of `workers` each, started together, run every job there is; all of them succeed.
    void drainWithTwoRunners(JobdeckProcess &cli, int workers)
    {
        QProcess second;
        const QStringList options{QStringLiteral("--workers"), QString::number(workers), QStringLiteral("--drain"),
                                  QStringLiteral("--quiet")};
        cli.startRunner(m_runner, options);
        cli.startRunner(second, options);
        QVERIFY(m_runner.waitForFinished(120'000));
        QVERIFY(second.waitForFinished(120'000));
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE state <> 'succeeded'")), 0);
    }

    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
    QProcess m_runner;
};

QTEST_GUILESS_MAIN(RunnerProcessTest)
#include "tst_runner_process.moc"
