#include "JobdeckProcess.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

// Watched folders with the real binary: a file copied in chunks is enqueued once, complete; 10,000 files dropped
// at once are each enqueued exactly once; two runners on one database watching one folder enqueue each file
// version once.
class WatchFolderProcessTest : public QObject {
    Q_OBJECT

private:
    QString runnerOutput(QProcess &runner, QString &kept)
    {
        kept += QString::fromUtf8(runner.readAllStandardOutput());
        kept += QString::fromUtf8(runner.readAllStandardError());
        return kept;
    }

    qint64 jobsOfWatch() const
    {
        return databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE kind = 'noop'"));
    }

    qint64 distinctPaths() const
    {
        return databaseScalar(m_db, QStringLiteral("SELECT count(DISTINCT json_extract(payload, '$.path')) FROM jobs "
                                                   "WHERE kind = 'noop'"));
    }

    static void writeFile(const QString &path, const QByteArray &content, QIODevice::OpenMode mode = QIODevice::WriteOnly)
    {
        QFile f(path);
        QVERIFY(f.open(mode));
        QCOMPARE(f.write(content), content.size());
    }

    QTemporaryDir m_dir;
    QTemporaryDir m_inbox;
    QString m_db;
    int m_count = 0;
    QProcess m_runner;
    QProcess m_second;
    QString m_out, m_secondOut;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("watch-%1.db").arg(++m_count));
        QVERIFY(QDir(m_inbox.path()).removeRecursively());
        QVERIFY(QDir().mkpath(m_inbox.path()));
        m_out.clear();
        m_secondOut.clear();
    }

    void cleanup()
    {
        for (QProcess *p : {&m_runner, &m_second}) {
            if (p->state() != QProcess::NotRunning) {
                p->kill();
                p->waitForFinished();
            }
        }
    }

    void commandsAddListShowAndRemove()
    {
        JobdeckProcess cli(m_db);
        const CliResult added = cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("inbox"), m_inbox.path(),
                                         QStringLiteral("--pattern"), QStringLiteral("*.csv"), QStringLiteral("--kind"),
                                         QStringLiteral("noop"), QStringLiteral("--payload-template"), QStringLiteral("{\"a\": 1}"),
                                         QStringLiteral("--settle"), QStringLiteral("500ms"), QStringLiteral("--after"),
                                         QStringLiteral("move-done")});
        QCOMPARE(added.exitCode, 0);
        QVERIFY2(added.out.contains(QLatin1String("watch inbox:")), qPrintable(added.out));
        const CliResult again = cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("inbox"), m_inbox.path(),
                                         QStringLiteral("--kind"), QStringLiteral("noop")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains(QLatin1String("exists already")));
        const CliResult badKind = cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("x"), m_inbox.path(),
                                           QStringLiteral("--kind"), QStringLiteral("no-such-kind")});
        QCOMPARE(badKind.exitCode, 2);
        const CliResult badAfter = cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("x"), m_inbox.path(),
                                            QStringLiteral("--kind"), QStringLiteral("noop"), QStringLiteral("--after"), QStringLiteral("burn")});
        QCOMPARE(badAfter.exitCode, 2);
        const CliResult noDir = cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("x"),
                                         m_inbox.filePath(QStringLiteral("nope")), QStringLiteral("--kind"), QStringLiteral("noop")});
        QCOMPARE(noDir.exitCode, 2);

        const QJsonArray list = QJsonDocument::fromJson(cli.run({QStringLiteral("watch"), QStringLiteral("list"),
                                                                 QStringLiteral("--json")}).out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject w = list[0].toObject();
        QCOMPARE(w.value(QLatin1String("name")).toString(), QStringLiteral("inbox"));
        QCOMPARE(w.value(QLatin1String("settle_ms")).toInt(), 500);
        QCOMPARE(w.value(QLatin1String("after")).toString(), QStringLiteral("move-done"));
        QCOMPARE(w.value(QLatin1String("patterns")).toArray().size(), 1);
        QCOMPARE(w.value(QLatin1String("state")).toString(), QStringLiteral("active"));
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("pause"), QStringLiteral("inbox")}).exitCode, 0);
        const QJsonObject shown = QJsonDocument::fromJson(cli.run({QStringLiteral("watch"), QStringLiteral("show"),
                                                                   QStringLiteral("inbox"), QStringLiteral("--json")}).out.toUtf8()).object();
        QCOMPARE(shown.value(QLatin1String("state")).toString(), QStringLiteral("paused"));
        QVERIFY(shown.value(QLatin1String("skipped_files")).isArray());
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("resume"), QStringLiteral("inbox")}).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("rm"), QStringLiteral("inbox")}).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("rm"), QStringLiteral("inbox")}).exitCode, 1);
        QCOMPARE(cli.run({QStringLiteral("files"), m_inbox.filePath(QStringLiteral("a.csv"))}).exitCode, 1);
    }

    void aFileCopiedSlowlyIsEnqueuedOnceComplete()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("slow"), m_inbox.path(),
                          QStringLiteral("--kind"), QStringLiteral("noop"), QStringLiteral("--settle"), QStringLiteral("3s"),
                          QStringLiteral("--after"), QStringLiteral("move-done")})
                     .exitCode,
                 0);
        cli.startRunner(m_runner);
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput(m_runner, m_out).contains(QLatin1String("for slow (0 files found)")), 30'000);
        const QString path = m_inbox.filePath(QStringLiteral("video.bin"));
        QByteArray written;
        constexpr int kChunks = 12;
        for (int i = 0; i < kChunks; ++i) {
            const QByteArray chunk(64 * 1024, char('a' + i));
            writeFile(path, chunk, QIODevice::Append);
            written += chunk;
            // The runner has taken its turn since this chunk (it ran a job enqueued after it), and the file is still
            // not taken: it is being written. Only then comes the next chunk.
            const qint64 marker = cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\": 0}")});
            QCOMPARE(cli.run({QStringLiteral("wait"), QString::number(marker), QStringLiteral("--timeout"), QStringLiteral("30s")}).exitCode, 0);
            QCOMPARE(jobsOfWatch(), 0);
        }
        QTRY_COMPARE_WITH_TIMEOUT(jobsOfWatch(), 1, 30'000);
        const qint64 id = databaseScalar(m_db, QStringLiteral("SELECT id FROM jobs WHERE kind = 'noop'"));
        const QJsonObject payload = cli.show(id).value(QLatin1String("payload")).toObject();
        QCOMPARE(payload.value(QLatin1String("path")).toString(), path);
        QCOMPARE(qint64(payload.value(QLatin1String("size")).toDouble()), qint64(written.size()));
        // Its job succeeded: the file went to done/, and its lineage says so.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_inbox.filePath(QStringLiteral("done/video.bin"))), 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM watch_files WHERE disposition = 'done'")), 1, 30'000);
        const CliResult lineage = cli.run({QStringLiteral("files"), m_inbox.filePath(QStringLiteral("done/video.bin")), QStringLiteral("--json")});
        QCOMPARE(lineage.exitCode, 0);
        const QJsonArray versions = QJsonDocument::fromJson(lineage.out.toUtf8()).array();
        QCOMPARE(versions.size(), 1);
        QCOMPARE(versions[0].toObject().value(QLatin1String("job_id")).toInteger(), id);
        QCOMPARE(versions[0].toObject().value(QLatin1String("job_state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(jobsOfWatch(), 1);
    }

    void tenThousandFilesAreEachEnqueuedOnce()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("bulk"), m_inbox.path(),
                          QStringLiteral("--kind"), QStringLiteral("noop"), QStringLiteral("--settle"), QStringLiteral("500ms"),
                          QStringLiteral("--queue"), QStringLiteral("held")})
                     .exitCode,
                 0);
        // The jobs are only counted here, not run.
        QCOMPARE(cli.run({QStringLiteral("queue"), QStringLiteral("pause"), QStringLiteral("held")}).exitCode, 0);
        cli.startRunner(m_runner);
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput(m_runner, m_out).contains(QLatin1String("for bulk (0 files found)")), 30'000);
        constexpr int kFiles = 10'000;
        for (int i = 0; i < kFiles; ++i)
            writeFile(m_inbox.filePath(QStringLiteral("file-%1.dat").arg(i, 5, 10, QLatin1Char('0'))), QByteArray::number(i));
        QTRY_COMPARE_WITH_TIMEOUT(jobsOfWatch(), kFiles, 120'000);
        QCOMPARE(distinctPaths(), kFiles);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM watch_files")), kFiles);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT enqueued FROM watches WHERE name = 'bulk'")), kFiles);
    }

    void twoRunnersOnOneDatabaseEnqueueEachVersionOnce()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("shared"), m_inbox.path(),
                          QStringLiteral("--kind"), QStringLiteral("noop"), QStringLiteral("--settle"), QStringLiteral("300ms")})
                     .exitCode,
                 0);
        constexpr int kBefore = 300;
        for (int i = 0; i < kBefore; ++i)
            writeFile(m_inbox.filePath(QStringLiteral("before-%1.txt").arg(i)), "found by both scans at start");
        cli.startRunner(m_runner);
        cli.startRunner(m_second);
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput(m_runner, m_out).contains(QLatin1String("for shared (")), 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(runnerOutput(m_second, m_secondOut).contains(QLatin1String("for shared (")), 30'000);
        constexpr int kAfter = 300;
        for (int i = 0; i < kAfter; ++i)
            writeFile(m_inbox.filePath(QStringLiteral("after-%1.txt").arg(i)), "seen by both watchers");
        QTRY_COMPARE_WITH_TIMEOUT(jobsOfWatch(), kBefore + kAfter, 60'000);
        // A new version of a file both runners took.
        writeFile(m_inbox.filePath(QStringLiteral("before-0.txt")), " and changed", QIODevice::Append);
        constexpr int kVersions = kBefore + kAfter + 1;
        QTRY_COMPARE_WITH_TIMEOUT(jobsOfWatch(), kVersions, 60'000);
        QCOMPARE(distinctPaths(), kBefore + kAfter);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM watch_files")), kVersions);
        // Both runners ran the jobs: both saw the folder, and neither enqueued a version the other took.
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")),
                                  kVersions + 0, 60'000);
        QCOMPARE(jobsOfWatch(), kVersions);
    }
};

QTEST_GUILESS_MAIN(WatchFolderProcessTest)
#include "tst_watch_folder.moc"
