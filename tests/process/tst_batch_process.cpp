#include "JobdeckProcess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <map>

namespace {

// The completion job: appends a line to a runs file each time it starts, and keeps what it was told of the batch
// and its parents (in the environment, or in a file when they are too large for it).
const char *const kCompletionScript =
    "echo ran >> \"$1\"\n"
    "printf %s \"$JOBDECK_BATCH\" > \"$2\"\n"
    "if [ -n \"$JOBDECK_PARENTS_FILE\" ]; then cat \"$JOBDECK_PARENTS_FILE\"; else printf %s \"$JOBDECK_PARENTS\"; fi > \"$3\"\n";

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonValue readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace

// Batches across processes: three runners share the database, and the completion job runs once, after the last
// job, with every result; the batch command's errors; cancelling a batch while a runner runs its jobs.
class BatchProcessTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("batch-%1.db").arg(++m_count));
    }

    void cleanup()
    {
        for (QProcess *runner : {&m_runners[0], &m_runners[1], &m_runners[2]}) {
            if (runner->state() != QProcess::NotRunning) {
                runner->kill();
                runner->waitForFinished();
            }
        }
    }

    void threeRunnersRunTheCompletionOnceWithEveryResult()
    {
        JobdeckProcess cli(m_db);
        // The runners are up before the batch exists, so they compete for its jobs and for its last one.
        for (QProcess &runner : m_runners)
            cli.startRunner(runner, {QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--quiet")});
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM runners WHERE retired_at IS NULL")), 3, 30'000);

        constexpr int kCounted = 1500;
        constexpr int kFailing = 100;
        QByteArray lines;
        for (int i = 0; i < kCounted; ++i)
            lines += compact({{QStringLiteral("kind"), QStringLiteral("cpu")},
                              {QStringLiteral("payload"), QJsonObject{{QStringLiteral("n"), 100 + i}}}}) + '\n';
        for (int i = 0; i < kFailing; ++i)
            lines += compact({{QStringLiteral("kind"), QStringLiteral("fail")}, {QStringLiteral("max_attempts"), 1}}) + '\n';
        const QString runs = m_dir.filePath(QStringLiteral("runs-%1.txt").arg(m_count));
        const QString seenBatch = m_dir.filePath(QStringLiteral("batch-%1.json").arg(m_count));
        const QString seenParents = m_dir.filePath(QStringLiteral("parents-%1.json").arg(m_count));
        const QJsonObject script{{QStringLiteral("program"), QStringLiteral("sh")},
                                 {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"), QString::fromUtf8(kCompletionScript),
                                                                     QStringLiteral("sh"), runs, seenBatch, seenParents}}};
        const CliResult added = cli.run({QStringLiteral("batch"), QStringLiteral("add"), QStringLiteral("nightly primes"),
                                         QStringLiteral("--file"), QStringLiteral("-"), QStringLiteral("--then"),
                                         QStringLiteral("process"), QStringLiteral("--then-payload"), QString::fromUtf8(compact(script))},
                                        lines);
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        const qint64 batchId = added.out.trimmed().toLongLong();
        QVERIFY(batchId > 0);
        const QJsonObject created = cli.run({QStringLiteral("batch"), QStringLiteral("show"), QString::number(batchId),
                                             QStringLiteral("--json")}).json();
        const qint64 thenId = created.value(QLatin1String("then")).toObject().value(QLatin1String("id")).toInteger();
        QVERIFY(thenId > 0);

        const CliResult waited = cli.run({QStringLiteral("wait"), QString::number(thenId), QStringLiteral("--timeout"), QStringLiteral("240s")},
                                         {}, 250'000);
        QVERIFY2(waited.exitCode == 0, qPrintable(waited.out + waited.err));
        // Stopped gracefully, so anything a runner still had in hand would be written before the checks below.
        for (QProcess &runner : m_runners) {
            ::kill(pid_t(runner.processId()), SIGTERM);
            QVERIFY(runner.waitForFinished(60'000));
        }

        // The completion ran once, after the last job ended.
        QFile ranFile(runs);
        QVERIFY(ranFile.open(QIODevice::ReadOnly));
        QCOMPARE(ranFile.readAll(), QByteArray("ran\n"));
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM attempts WHERE job_id = %1").arg(thenId)), 1);
        QVERIFY(databaseScalar(m_db, QStringLiteral("SELECT (SELECT started_at FROM attempts WHERE job_id = %2) >= "
                                                    "(SELECT max(a.finished_at) FROM attempts a JOIN jobs j ON j.id = a.job_id "
                                                    "WHERE j.batch_id = %1 AND j.id <> %2)").arg(batchId).arg(thenId)) == 1);
        // Every job of the batch ran exactly once, spread over the runners.
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE batch_id = %1 AND id <> %2 AND "
                                                     "(SELECT count(*) FROM attempts a WHERE a.job_id = jobs.id) <> 1")
                                          .arg(batchId).arg(thenId)),
                 0);
        QVERIFY(databaseScalar(m_db, QStringLiteral("SELECT count(DISTINCT a.runner) FROM attempts a JOIN jobs j ON j.id = a.job_id "
                                                    "WHERE j.batch_id = %1").arg(batchId)) >= 2);

        // It was told the batch's summary, and every job's state and result.
        const QJsonObject batch = readJson(seenBatch).toObject();
        QCOMPARE(batch.value(QLatin1String("id")).toInteger(), batchId);
        QCOMPARE(batch.value(QLatin1String("name")).toString(), QStringLiteral("nightly primes"));
        QCOMPARE(batch.value(QLatin1String("total")).toInt(), kCounted + kFailing);
        QCOMPARE(batch.value(QLatin1String("succeeded")).toInt(), kCounted);
        QCOMPARE(batch.value(QLatin1String("dead")).toInt(), kFailing);
        QCOMPARE(batch.value(QLatin1String("cancelled")).toInt(), 0);
        const QJsonArray parents = readJson(seenParents).toArray();
        QCOMPARE(parents.size(), kCounted + kFailing);
        std::map<int, int> primesByN;
        int dead = 0;
        for (const QJsonValue p : parents) {
            const QString state = p[QLatin1String("state")].toString();
            if (state == QLatin1String("dead")) {
                ++dead;
                continue;
            }
            QCOMPARE(state, QStringLiteral("succeeded"));
            primesByN[p[QLatin1String("result")][QLatin1String("n")].toInt()] = p[QLatin1String("result")][QLatin1String("primes")].toInt();
        }
        QCOMPARE(dead, kFailing);
        QCOMPARE(int(primesByN.size()), kCounted);
        QCOMPARE(primesByN.at(100), 25);  // primes below 100
        QCOMPARE(primesByN.at(1000), 168); // and below 1000

        const QJsonObject shown = cli.run({QStringLiteral("batch"), QStringLiteral("show"), QString::number(batchId),
                                           QStringLiteral("--json")}).json();
        QCOMPARE(shown.value(QLatin1String("state")).toString(), QStringLiteral("completed"));
        QCOMPARE(shown.value(QLatin1String("pending")).toInt(), 0);
        QCOMPARE(shown.value(QLatin1String("then")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(shown.value(QLatin1String("jobs")).toArray().size(), kCounted + kFailing);
        const CliResult list = cli.run({QStringLiteral("batch"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains(QStringLiteral("nightly primes")) && list.out.contains(QStringLiteral("1600/1600")), qPrintable(list.out));
    }

    void badBatchesAreRefusedAndNothingIsWritten()
    {
        JobdeckProcess cli(m_db);
        const QString empty = m_dir.filePath(QStringLiteral("empty.jsonl"));
        QFile(empty).open(QIODevice::WriteOnly);
        const auto add = [&](const QStringList &extra, const QByteArray &input = {}) {
            return cli.run(QStringList{QStringLiteral("batch"), QStringLiteral("add"), QStringLiteral("b")} + extra, input);
        };
        const CliResult missing = add({QStringLiteral("--file"), m_dir.filePath(QStringLiteral("no-such.jsonl"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QLatin1String("no-such.jsonl")), qPrintable(missing.err));
        const CliResult none = add({QStringLiteral("--file"), empty});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains(QLatin1String("holds no jobs")), qPrintable(none.err));
        const CliResult malformed = add({QStringLiteral("--file"), QStringLiteral("-")},
                                        "{\"kind\":\"noop\"}\n{\"kind\":\"noop\",\"payload\":{\n");
        QCOMPARE(malformed.exitCode, 2);
        QVERIFY2(malformed.err.contains(QLatin1String("line 2")), qPrintable(malformed.err));
        const CliResult unknownKind = add({QStringLiteral("--file"), QStringLiteral("-"), QStringLiteral("--then"), QStringLiteral("no-such-kind")},
                                          "{\"kind\":\"noop\"}\n");
        QCOMPARE(unknownKind.exitCode, 2);
        QVERIFY2(unknownKind.err.contains(QLatin1String("--then")), qPrintable(unknownKind.err));
        const CliResult noFile = add({});
        QCOMPARE(noFile.exitCode, 2);
        QVERIFY(!QFile::exists(m_db) || databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs")) == 0);

        const CliResult show = cli.run({QStringLiteral("batch"), QStringLiteral("show"), QStringLiteral("42")});
        QCOMPARE(show.exitCode, 1);
        QVERIFY2(show.err.contains(QLatin1String("there is no batch 42")), qPrintable(show.err));
        QCOMPARE(cli.run({QStringLiteral("batch"), QStringLiteral("cancel"), QStringLiteral("42")}).exitCode, 1);
        QCOMPARE(cli.run({QStringLiteral("batch"), QStringLiteral("show"), QStringLiteral("x")}).exitCode, 2);
        QCOMPARE(cli.run({QStringLiteral("batch"), QStringLiteral("frobnicate")}).exitCode, 2);
        const CliResult list = cli.run({QStringLiteral("batch"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 0);
    }

    void cancellingABatchStopsItsRunningJobsInTheRunner()
    {
        JobdeckProcess cli(m_db);
        cli.startRunner(m_runners[0], {QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--quiet")});
        QByteArray lines;
        for (int i = 0; i < 5; ++i)
            lines += "{\"kind\":\"sleep\",\"payload\":{\"ms\":120000}}\n";
        const CliResult added = cli.run({QStringLiteral("batch"), QStringLiteral("add"), QStringLiteral("long sleeps"),
                                         QStringLiteral("--file"), QStringLiteral("-"), QStringLiteral("--then"), QStringLiteral("noop")},
                                        lines);
        QCOMPARE(added.exitCode, 0);
        const qint64 batchId = added.out.trimmed().toLongLong();
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE batch_id = %1 AND state = 'running'")
                                                           .arg(batchId)),
                                  2, 30'000);
        const CliResult cancel = cli.run({QStringLiteral("batch"), QStringLiteral("cancel"), QString::number(batchId)});
        QVERIFY2(cancel.exitCode == 0, qPrintable(cancel.err));
        // The runner stops the two it runs; the rest never start, and neither does the completion job.
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE batch_id = %1 AND state = 'cancelled'")
                                                           .arg(batchId)),
                                  5, 30'000);
        const QJsonObject shown = cli.run({QStringLiteral("batch"), QStringLiteral("show"), QString::number(batchId),
                                           QStringLiteral("--json")}).json();
        QCOMPARE(shown.value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(shown.value(QLatin1String("cancelled")).toInt(), 5);
        QCOMPARE(shown.value(QLatin1String("then")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM attempts a JOIN jobs j ON j.id = a.job_id WHERE j.batch_id = %1")
                                          .arg(batchId)),
                 2);
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
    QProcess m_runners[3];
};

QTEST_GUILESS_MAIN(BatchProcessTest)
#include "tst_batch_process.moc"
