#include "JobdeckProcess.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Runs jobdeck with arguments given as bytes, which need not be valid UTF-8 (QProcess only passes text): a shell
// rebuilds each from octal escapes. "@db" stands for `db`. Returns the exit code (-1 when it did not exit by itself)
// and stderr.
CliResult runWithBytes(const QByteArrayList &arguments, const QString &db, const QProcessEnvironment &environment,
                       const QString &workingDirectory)
{
    QString script = QStringLiteral("set --\n");
    for (const QByteArray &argument : arguments) {
        const QByteArray bytes = argument == "@db" ? db.toUtf8() : argument;
        QString escaped;
        for (const char c : bytes)
            escaped += QStringLiteral("\\%1").arg(uint(uchar(c)), 3, 8, QLatin1Char('0'));
        script += QStringLiteral("a=$(printf '%1'; printf x); set -- \"$@\" \"${a%x}\"\n").arg(escaped);
    }
    script += QStringLiteral("exec '%1' \"$@\"\n").arg(JobdeckProcess::binary());
    QProcess p;
    p.setProcessEnvironment(environment);
    p.setWorkingDirectory(workingDirectory);
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
    p.closeWriteChannel();
    if (!p.waitForFinished(30'000))
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

} // namespace

// The command line against a database, with no runner: input checks, output shapes, exit codes.
class CliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("jobs-%1.db").arg(++m_count));
    }

    void enqueuePrintsIdAndShowReportsTheJob()
    {
        JobdeckProcess cli(m_db);
        const qint64 id = cli.enqueue({QStringLiteral("sleep"), QStringLiteral("--payload"), QStringLiteral("{\"ms\":5}"),
                                       QStringLiteral("--queue"), QStringLiteral("media"), QStringLiteral("--priority"),
                                       QStringLiteral("7"), QStringLiteral("--max-attempts"), QStringLiteral("3"),
                                       QStringLiteral("--timeout"), QStringLiteral("30s")});
        QVERIFY(id > 0);
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("id")).toInteger(), id);
        QCOMPARE(job.value(QLatin1String("kind")).toString(), QStringLiteral("sleep"));
        QCOMPARE(job.value(QLatin1String("queue")).toString(), QStringLiteral("media"));
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(job.value(QLatin1String("priority")).toInt(), 7);
        QCOMPARE(job.value(QLatin1String("max_attempts")).toInt(), 3);
        QCOMPARE(job.value(QLatin1String("timeout_ms")).toInteger(), 30000);
        QCOMPARE(job.value(QLatin1String("payload")).toObject().value(QLatin1String("ms")).toInt(), 5);
        for (const char *key : {"result", "error", "progress", "checkpoint", "attempts", "log"})
            QVERIFY2(job.contains(QLatin1String(key)), key);
        QVERIFY(job.value(QLatin1String("attempts")).isArray());
    }

    void badInputExitsTwoAndWritesNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown kind") << QStringList{QStringLiteral("enqueue"), QStringLiteral("nosuchkind")}
                                      << QStringLiteral("unknown job kind");
        QTest::newRow("malformed json") << QStringList{QStringLiteral("enqueue"), QStringLiteral("noop"),
                                                       QStringLiteral("--payload"), QStringLiteral("{oops")}
                                        << QStringLiteral("malformed --payload JSON");
        QTest::newRow("payload not an object") << QStringList{QStringLiteral("enqueue"), QStringLiteral("noop"),
                                                              QStringLiteral("--payload"), QStringLiteral("[1]")}
                                               << QStringLiteral("JSON object");
        QTest::newRow("bad duration") << QStringList{QStringLiteral("enqueue"), QStringLiteral("noop"),
                                                     QStringLiteral("--timeout"), QStringLiteral("ten")}
                                      << QStringLiteral("bad timeout");
        QTest::newRow("bad time") << QStringList{QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--at"),
                                                 QStringLiteral("2026-01-01 10:00")}
                                  << QStringLiteral("bad time");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("enqueue"), QStringLiteral("noop"),
                                                       QStringLiteral("--colour")}
                                        << QStringLiteral("Unknown option");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
        QTest::newRow("bad state filter") << QStringList{QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("done")}
                                          << QStringLiteral("unknown state");
        QTest::newRow("bad job id") << QStringList{QStringLiteral("show"), QStringLiteral("abc")} << QStringLiteral("usage");
        QTest::newRow("bad workers") << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--workers"), QStringLiteral("0")}
                                     << QStringLiteral("--workers");
        const auto workers = [](const char *name, const char *value, const char *message) {
            QTest::newRow(name) << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--workers"), QString::fromLatin1(value)}
                                << QString::fromLatin1(message);
        };
        workers("workers range reversed", "8..2", "--workers range \"8..2\": MIN must not be above MAX");
        workers("workers range from zero", "0..4", "--workers range \"0..4\": MIN must be at least 1");
        workers("workers range past 1024", "1..2000", "MAX must be at most 1024");
        workers("workers range open", "2..", "--workers range \"2..\" must be two numbers, MIN..MAX");
        workers("workers range of words", "a..b", "--workers range \"a..b\" must be two numbers");
        QTest::newRow("grow-after without a range")
            << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--workers"), QStringLiteral("4"),
                           QStringLiteral("--grow-after"), QStringLiteral("2s")}
            << QStringLiteral("--grow-after goes with --workers MIN..MAX");
        QTest::newRow("shrink-after too short")
            << QStringList{QStringLiteral("--no-gui"), QStringLiteral("--workers"), QStringLiteral("1..4"),
                           QStringLiteral("--shrink-after"), QStringLiteral("10ms")}
            << QStringLiteral("--shrink-after must be at least 1s");
    }

    void badInputExitsTwoAndWritesNothing()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        JobdeckProcess cli(m_db);
        const CliResult r = cli.run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(u'\n'), 0); // one line
        QVERIFY2(!QFile::exists(m_db), "bad input must not create or touch the database");
    }

    void emptyValuesStrayWordsAndMangledTextAreBadInput_data()
    {
        QTest::addColumn<QByteArrayList>("arguments");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, QByteArrayList arguments, const char *message) {
            QTest::newRow(name) << arguments << QString::fromUtf8(message);
        };
        for (const char *option : {"timeout", "backoff", "in", "at", "priority", "max-attempts", "queue", "key", "payload"}) {
            row(option, {"--db", "@db", "enqueue", "sleep", QByteArray("--") + option, ""},
                qPrintable(QStringLiteral("--%1 is empty").arg(QLatin1String(option))));
        }
        row("--db for a command", {"--db", "", "enqueue", "noop"}, "--db is empty");
        row("--db for a reading command", {"--db", "", "stats"}, "--db is empty");
        row("--db headless", {"--no-gui", "--db", ""}, "--db is empty");
        row("--db window", {"--db", ""}, "--db is empty");
        row("--workers headless", {"--db", "@db", "--no-gui", "--workers", ""}, "--workers is empty");
        row("--state", {"--db", "@db", "list", "--state", ""}, "--state is empty");
        row("--timeout of wait", {"--db", "@db", "wait", "1", "--timeout", ""}, "--timeout is empty");
        row("--tz of schedule add", {"--db", "@db", "schedule", "add", "s", "--cron", "@daily", "--kind", "noop", "--tz", ""},
            "--tz is empty");
        row("payload not UTF-8", {"--db", "@db", "enqueue", "noop", "--payload", "{\"a\":\"\xff\"}"}, "argument \"{\"a\":\"\xEF\xBF\xBD\"}\" is not valid UTF-8");
        row("database path not UTF-8", {"--db", "jobs-\xff.db", "stats"}, "is not valid UTF-8");
        row("payload with a control byte", {"--db", "@db", "enqueue", "noop", "--payload", "{\"a\":\"x\x01y\"}"},
            "malformed --payload JSON: unescaped control character at offset 7 (write it as \\u0001)");
        row("requeue payload with a control byte", {"--db", "@db", "requeue", "1", "--payload", "{\"a\":\"\x1b[31m\"}"},
            "malformed --payload JSON: unescaped control character");
        row("stats", {"--db", "@db", "stats", "extra"}, "unexpected argument \"extra\"");
        row("list", {"--db", "@db", "list", "extra"}, "unexpected argument \"extra\"");
        row("health", {"--db", "@db", "health", "extra"}, "unexpected argument \"extra\"");
        row("enqueue", {"--db", "@db", "enqueue", "noop", "extra"}, "unexpected argument \"extra\"");
        row("show", {"--db", "@db", "show", "1", "2"}, "unexpected argument \"2\"");
        row("cancel", {"--db", "@db", "cancel", "1", "2"}, "unexpected argument \"2\"");
        row("pause", {"--db", "@db", "pause", "all"}, "unexpected argument \"all\"");
        row("resume", {"--db", "@db", "resume", "all"}, "unexpected argument \"all\"");
        row("retention", {"--db", "@db", "retention", "30d", "extra"}, "unexpected argument \"extra\"");
        row("definitions", {"--db", "@db", "definitions", "extra"}, "unexpected argument \"extra\"");
        row("schedule list", {"--db", "@db", "schedule", "list", "extra"}, "unexpected argument \"extra\"");
        row("schedule rm", {"--db", "@db", "schedule", "rm", "a", "b"}, "unexpected argument \"b\"");
        row("calendar list", {"--db", "@db", "calendar", "list", "extra"}, "unexpected argument \"extra\"");
    }

    // Nothing is written, no database created, not even the default one in the user's data folder.
    void emptyValuesStrayWordsAndMangledTextAreBadInput()
    {
        QFETCH(QByteArrayList, arguments);
        QFETCH(QString, message);
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("JOBDECK_DB"));
        for (const char *name : {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
            environment.insert(QLatin1String(name), home.path());
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")); // the window could open
        const CliResult r = runWithBytes(arguments, m_db, environment, home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QLatin1String("jobdeck: ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(u'\n'), 0); // one line
        QCOMPARE(r.out, QString());
        QVERIFY2(!QFile::exists(m_db), "bad input must not create or touch the database");
        QCOMPARE(filesUnder(home.path()), QStringList());
    }

    void enqueueFileLinesAreCheckedLikeOptions()
    {
        JobdeckProcess cli(m_db);
        const QByteArrayList lines = {
            "{\"kind\":\"noop\",\"timeout\":\"\"}",
            "{\"kind\":\"noop\",\"queue\":null}",
            "{\"kind\":\"noop\",\"payload\":{\"a\":\"x\x01y\"}}",
            "{\"kind\":\"noop\",\"payload\":{\"a\":\"\xff\"}}",
        };
        for (const QByteArray &line : lines) {
            const CliResult r = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")},
                                        "{\"kind\":\"noop\"}\n" + line + '\n');
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.startsWith(QLatin1String("jobdeck: line 2: ")), qPrintable(r.err));
            QVERIFY2(!QFile::exists(m_db), qPrintable(r.err));
        }
    }

    void enqueueFileIsAllOrNothing()
    {
        JobdeckProcess cli(m_db);
        const QByteArray good = "{\"kind\":\"noop\"}\n{\"kind\":\"sleep\",\"payload\":{\"ms\":1},\"priority\":3}\n\n"
                                "{\"kind\":\"noop\",\"key\":\"k1\",\"in\":\"1h\"}\n";
        CliResult r = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, good);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed().split(u'\n').size(), 3);
        const QByteArray bad = "{\"kind\":\"noop\"}\n{\"kind\":\"noop\",\"payload\":{\"a\":1}}\n{\"kind\":\"noop\", oops}\n";
        r = cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")}, bad);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("line 3")), qPrintable(r.err));
        r = cli.run({QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 3);
        const QJsonArray scheduled = QJsonDocument::fromJson(
            cli.run({QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("scheduled"), QStringLiteral("--json")})
                .out.toUtf8()).array();
        QCOMPARE(scheduled.size(), 1);
    }

    void idempotencyKeyReturnsTheFirstJob()
    {
        JobdeckProcess cli(m_db);
        const QStringList args{QStringLiteral("noop"), QStringLiteral("--key"), QStringLiteral("invoice-42")};
        const qint64 first = cli.enqueue(args);
        QVERIFY(first > 0);
        QCOMPARE(cli.enqueue(args), first);
        const QJsonArray all = QJsonDocument::fromJson(cli.run({QStringLiteral("list"), QStringLiteral("--json")}).out.toUtf8()).array();
        QCOMPARE(all.size(), 1);
    }

    void cancelRequeueDeleteFollowTheStateRules()
    {
        JobdeckProcess cli(m_db);
        const qint64 id = cli.enqueue({QStringLiteral("noop")});
        QCOMPARE(cli.run({QStringLiteral("cancel"), QString::number(id)}).exitCode, 0);
        QCOMPARE(cli.show(id).value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        // A cancelled job cannot be cancelled again.
        CliResult r = cli.run({QStringLiteral("cancel"), QString::number(id)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QLatin1String("cancelled")));
        r = cli.run({QStringLiteral("requeue"), QString::number(id), QStringLiteral("--payload"), QStringLiteral("{\"x\":1}")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject job = cli.show(id);
        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(job.value(QLatin1String("payload")).toObject().value(QLatin1String("x")).toInt(), 1);
        QCOMPARE(cli.run({QStringLiteral("requeue"), QString::number(id)}).exitCode, 1); // queued: nothing to requeue
        QCOMPARE(cli.run({QStringLiteral("delete"), QString::number(id)}).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("show"), QString::number(id)}).exitCode, 1);
    }

    void statsCountsPerStateAndQueue()
    {
        JobdeckProcess cli(m_db);
        cli.enqueue({QStringLiteral("noop")});
        cli.enqueue({QStringLiteral("noop"), QStringLiteral("--queue"), QStringLiteral("mail")});
        cli.enqueue({QStringLiteral("noop"), QStringLiteral("--in"), QStringLiteral("1d")});
        const QJsonObject stats = cli.run({QStringLiteral("stats"), QStringLiteral("--json")}).json();
        QCOMPARE(stats.value(QLatin1String("states")).toObject().value(QLatin1String("queued")).toInt(), 2);
        QCOMPARE(stats.value(QLatin1String("states")).toObject().value(QLatin1String("scheduled")).toInt(), 1);
        QCOMPARE(stats.value(QLatin1String("queues")).toObject().value(QLatin1String("mail")).toObject()
                     .value(QLatin1String("queued")).toInt(), 1);
    }

    void queueListShowsEveryQueueWithJobsOrSettings()
    {
        JobdeckProcess cli(m_db);
        cli.enqueue({QStringLiteral("noop")});                                            // default: jobs only
        cli.enqueue({QStringLiteral("noop"), QStringLiteral("--queue"), QStringLiteral("mail")});
        cli.enqueue({QStringLiteral("noop"), QStringLiteral("--queue"), QStringLiteral("mail")});
        QCOMPARE(cli.run({QStringLiteral("queue"), QStringLiteral("pause"), QStringLiteral("mail")}).exitCode, 0);
        QCOMPARE(cli.run({QStringLiteral("queue"), QStringLiteral("limit"), QStringLiteral("idle"), QStringLiteral("3")}).exitCode,
                 0); // settings only, no jobs

        const CliResult text = cli.run({QStringLiteral("queue"), QStringLiteral("list")});
        QCOMPARE(text.exitCode, 0);
        const QStringList lines = text.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines[0].startsWith(QLatin1String("QUEUE")) && lines[0].contains(QLatin1String("QUEUED")), qPrintable(lines[0]));
        QCOMPARE(lines[1].split(u' ', Qt::SkipEmptyParts),
                 (QStringList{QStringLiteral("default"), QStringLiteral("1"), QStringLiteral("0"), QStringLiteral("0"),
                              QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("-"), QStringLiteral("-"),
                              QStringLiteral("active")}));
        QCOMPARE(lines[2].split(u' ', Qt::SkipEmptyParts),
                 (QStringList{QStringLiteral("idle"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("0"),
                              QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("3"), QStringLiteral("-"),
                              QStringLiteral("active")}));
        QCOMPARE(lines[3].split(u' ', Qt::SkipEmptyParts),
                 (QStringList{QStringLiteral("mail"), QStringLiteral("2"), QStringLiteral("0"), QStringLiteral("0"),
                              QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("-"), QStringLiteral("-"),
                              QStringLiteral("paused")}));

        const CliResult json = cli.run({QStringLiteral("queue"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray queues = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(queues.size(), 3);
        QCOMPARE(queues[2].toObject().value(QLatin1String("name")).toString(), QStringLiteral("mail"));
        QCOMPARE(queues[2].toObject().value(QLatin1String("counts")).toObject().value(QLatin1String("queued")).toInt(), 2);
        QVERIFY(queues[2].toObject().value(QLatin1String("paused")).toBool());
        QCOMPARE(queues[1].toObject().value(QLatin1String("limit")).toInt(), 3);
    }

    void unusableDatabasesGiveOneLineAndStayUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("garbage") << QByteArray(8192, 'x') << QStringLiteral("not a SQLite database");
        QByteArray corrupt("SQLite format 3", 16);
        corrupt.append(QByteArray(4096 * 3 - 16, '\xA5'));
        QTest::newRow("corrupt sqlite") << corrupt << QStringLiteral("cannot open database");
    }

    void unusableDatabasesGiveOneLineAndStayUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        {
            QFile f(m_db);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const QByteArray before = fileHash(m_db);
        JobdeckProcess cli(m_db);
        for (const QStringList &args : {QStringList{QStringLiteral("list")}, QStringList{QStringLiteral("enqueue"), QStringLiteral("noop")},
                                        QStringList{QStringLiteral("--no-gui"), QStringLiteral("--drain")}}) {
            const CliResult r = cli.run(args);
            QVERIFY2(r.exitCode != 0, qPrintable(args.join(u' ')));
            QVERIFY2(r.err.contains(message), qPrintable(r.err));
            QVERIFY2(r.err.contains(m_db), qPrintable(r.err));
            QCOMPARE(r.err.trimmed().count(u'\n'), 0);
        }
        QCOMPARE(fileHash(m_db), before);
        QVERIFY(!QFile::exists(m_db + QStringLiteral("-wal")));
    }

    void databaseLockedByAnotherProgramIsReported()
    {
        JobdeckProcess cli(m_db);
        QVERIFY(cli.enqueue({QStringLiteral("noop")}) > 0);
        {
            // Another program holds the write lock for as long as this scope lasts.
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other-program"));
            other.setDatabaseName(m_db);
            QVERIFY(other.open());
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            const CliResult r = cli.run({QStringLiteral("enqueue"), QStringLiteral("noop")});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(QLatin1String("locked by another process")), qPrintable(r.err));
            QCOMPARE(r.err.trimmed().count(u'\n'), 0);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            lock = QSqlQuery();
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other-program"));
        // Once the lock is gone the database is as it was and works.
        QCOMPARE(cli.enqueue({QStringLiteral("noop")}), 2);
    }

    void missingDirectoryIsReportedAndNotCreated()
    {
        const QString db = m_dir.filePath(QStringLiteral("no/such/dir/jobs.db"));
        JobdeckProcess cli(db);
        const CliResult r = cli.run({QStringLiteral("enqueue"), QStringLiteral("noop")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("does not exist")), qPrintable(r.err));
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("no"))).exists());
    }

    void workerRangeIsPrintedAtStart()
    {
        JobdeckProcess cli(m_db);
        const CliResult r = cli.run({QStringLiteral("--no-gui"), QStringLiteral("--drain"), QStringLiteral("--workers"),
                                     QStringLiteral("1..3")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("runner \\S+ started on .* with 1\\.\\.3 workers \\(1 now\\)\n"))),
                 qPrintable(r.out));
        const CliResult fixed = cli.run({QStringLiteral("--no-gui"), QStringLiteral("--drain"), QStringLiteral("--workers"),
                                         QStringLiteral("2")});
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY2(fixed.out.contains(QLatin1String(" with 2 workers\n")), qPrintable(fixed.out));
    }

    void optionsAreCheckedBeforeLookingForADisplay()
    {
        // No display and no --no-gui: the window is wanted, but a wrong option is still bad input, not "no display".
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : {QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY"), QStringLiteral("QT_QPA_PLATFORM")})
            environment.remove(name);
        JobdeckProcess cli(m_db);
        cli.setEnvironment(environment);
        const CliResult bogus = cli.run({QStringLiteral("--bogus")});
        QCOMPARE(bogus.exitCode, 2);
        QCOMPARE(bogus.err.trimmed(), QStringLiteral("jobdeck: Unknown option 'bogus'."));
        const CliResult badValue = cli.run({QStringLiteral("--stopping-wait"), QStringLiteral("soon")});
        QCOMPARE(badValue.exitCode, 2);
        QCOMPARE(badValue.err.trimmed(), QStringLiteral("jobdeck: bad --stopping-wait \"soon\": write a duration like 250ms, 30s or 5m"));
        const CliResult stray = cli.run({QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("enqueue-all")});
        QCOMPARE(stray.exitCode, 2);
        // Good options: then the missing display is the problem, and nothing was opened or created.
        const CliResult good = cli.run({QStringLiteral("--workers"), QStringLiteral("2")});
        QCOMPARE(good.exitCode, 1);
        QCOMPARE(good.err.trimmed(), QStringLiteral("jobdeck: no display to open the window on; run headless with --no-gui"));
        QVERIFY(!QFileInfo::exists(m_db));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"
