#include "JobdeckProcess.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

namespace {

QStringList args(std::initializer_list<const char *> words)
{
    QStringList out;
    for (const char *w : words)
        out << QString::fromUtf8(w);
    return out;
}

QJsonArray jsonArray(const CliResult &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).array();
}

} // namespace

// `jobdeck schedule ...` and `jobdeck calendar ...` against a database, with the real binary: output shapes,
// errors and exit codes.
class ScheduleCliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("jobs-%1.db").arg(++m_count));
    }

    void nextPrintsLocalTimesWithOffsets()
    {
        JobdeckProcess cli(m_db);
        const CliResult r = cli.run({QStringLiteral("schedule"), QStringLiteral("next"), QStringLiteral("0 30 2 * * *"),
                                     QStringLiteral("--tz"), QStringLiteral("Europe/Berlin"), QStringLiteral("--from"),
                                     QStringLiteral("2026-03-28T12:00:00+01:00"), QStringLiteral("--count"),
                                     QStringLiteral("3")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("2026-03-29T03:00:00+02:00\n2026-03-30T02:30:00+02:00\n2026-03-31T02:30:00+02:00\n"));
        QCOMPARE(r.err, QString());
    }

    void nextDefaultsToTenFromNow()
    {
        JobdeckProcess cli(m_db);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const CliResult r = cli.run({QStringLiteral("schedule"), QStringLiteral("next"), QStringLiteral("@hourly"),
                                     QStringLiteral("--tz"), QStringLiteral("Australia/Lord_Howe")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 10);
        const QDateTime first = QDateTime::fromString(lines.first(), Qt::ISODate);
        QVERIFY(first.isValid());
        QVERIFY(first > before);
        QVERIFY(first <= before.addSecs(3600));
        QVERIFY(lines.first().endsWith(QLatin1String("+10:30")) || lines.first().endsWith(QLatin1String("+11:00")));
    }

    void nextRejectsBadInputWithExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad field") << QStringList{QStringLiteral("0 0 32 * *")}
                                   << "jobdeck: bad cron expression \"0 0 32 * *\": day-of-month field: 32 is out of range 1-31\n";
        QTest::newRow("field count") << QStringList{QStringLiteral("* * *")}
                                     << "jobdeck: bad cron expression \"* * *\": expected 5 fields (minute hour "
                                        "day-of-month month day-of-week) or 6 with seconds first, got 3\n";
        QTest::newRow("zone") << QStringList{QStringLiteral("@daily"), QStringLiteral("--tz"), QStringLiteral("Mars/Base")}
                              << "jobdeck: unknown time zone \"Mars/Base\" (use an IANA name such as Europe/Berlin)\n";
        QTest::newRow("from") << QStringList{QStringLiteral("@daily"), QStringLiteral("--from"), QStringLiteral("tomorrow")}
                              << "jobdeck: bad --from \"tomorrow\": write ISO 8601 with an offset, like "
                                 "2026-03-29T02:30:00+01:00\n";
        QTest::newRow("count") << QStringList{QStringLiteral("@daily"), QStringLiteral("--count"), QStringLiteral("0")}
                               << "jobdeck: --count must be a number from 1 to 10000\n";
        QTest::newRow("missing") << QStringList{}
                                 << "jobdeck: usage: jobdeck schedule next EXPR [--tz ZONE] [--from ISO8601] [--count N]\n";
    }

    void nextRejectsBadInputWithExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CliResult r = JobdeckProcess(m_db).run(QStringList{QStringLiteral("schedule"), QStringLiteral("next")} + arguments);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, message);
        QCOMPARE(r.out, QString());
    }

    void helpListsTheCommands()
    {
        const CliResult r = JobdeckProcess(m_db).run({QStringLiteral("schedule"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("next EXPR")), qPrintable(r.out));
        const CliResult next = JobdeckProcess(m_db).run({QStringLiteral("schedule"), QStringLiteral("next"), QStringLiteral("--help")});
        QCOMPARE(next.exitCode, 0);
        QVERIFY2(next.out.contains(QLatin1String("--tz <ZONE>")), qPrintable(next.out));
    }

    void addListShowAndRemove()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"calendar", "add", "holidays", "--dates", "2030-12-24,2030-12-31..2031-01-01"})).exitCode, 0);
        const CliResult added = cli.run(args({"schedule", "add", "nightly", "--cron", "30 2 * * 1-5", "--tz", "Europe/Berlin",
                                              "--kind", "sleep", "--payload", "{\"ms\": 5}", "--queue", "reports",
                                              "--overlap", "skip", "--misfire", "catch-up", "--catch-up-limit", "4",
                                              "--exclude", "holidays"}));
        QCOMPARE(added.exitCode, 0);
        QVERIFY2(added.out.startsWith(QLatin1String("schedule nightly: At 02:30, Monday through Friday (Europe/Berlin); next ")),
                 qPrintable(added.out));
        const QJsonArray list = jsonArray(cli.run(args({"schedule", "list", "--json"})));
        QCOMPARE(list.size(), 1);
        const QJsonObject s = list[0].toObject();
        QCOMPARE(s.value(QLatin1String("name")).toString(), QStringLiteral("nightly"));
        QCOMPARE(s.value(QLatin1String("kind")).toString(), QStringLiteral("cron"));
        QCOMPARE(s.value(QLatin1String("cron")).toString(), QStringLiteral("30 2 * * 1-5"));
        QCOMPARE(s.value(QLatin1String("time_zone")).toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(s.value(QLatin1String("description")).toString(), QStringLiteral("At 02:30, Monday through Friday"));
        QCOMPARE(s.value(QLatin1String("misfire")).toString(), QStringLiteral("catch-up"));
        QCOMPARE(s.value(QLatin1String("catch_up_limit")).toInt(), 4);
        QCOMPARE(s.value(QLatin1String("overlap")).toString(), QStringLiteral("skip"));
        QCOMPARE(s.value(QLatin1String("exclusions")).toArray(), QJsonArray({QStringLiteral("holidays")}));
        const QJsonObject job = s.value(QLatin1String("job")).toObject();
        QCOMPARE(job.value(QLatin1String("kind")).toString(), QStringLiteral("sleep"));
        QCOMPARE(job.value(QLatin1String("queue")).toString(), QStringLiteral("reports"));
        QCOMPARE(job.value(QLatin1String("payload")).toObject().value(QLatin1String("ms")).toInt(), 5);
        QVERIFY(s.value(QLatin1String("next_fire_at_local")).toString().contains(QLatin1String("T02:30:00+0")));
        const QJsonObject shown = cli.run(args({"schedule", "show", "nightly", "--json"})).json();
        QCOMPARE(shown.value(QLatin1String("next")).toArray().size(), 5);
        QCOMPARE(shown.value(QLatin1String("occurrences")).toArray().size(), 0);
        const CliResult text = cli.run(args({"schedule", "show", "nightly"}));
        QVERIFY2(text.out.contains(QLatin1String("when:         At 02:30, Monday through Friday (cron \"30 2 * * 1-5\")")),
                 qPrintable(text.out));
        QVERIFY(cli.run(args({"schedule", "list"})).out.contains(QLatin1String("nightly")));
        QCOMPARE(cli.run(args({"schedule", "rm", "nightly"})).out, QStringLiteral("schedule nightly removed\n"));
        const CliResult again = cli.run(args({"schedule", "rm", "nightly"}));
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(again.err, QStringLiteral("jobdeck: no schedule named \"nightly\" (see jobdeck schedule list)\n"));
        QCOMPARE(cli.run(args({"schedule", "list"})).out, QStringLiteral("no schedules (add one with jobdeck schedule add)\n"));
    }

    void addRejectsBadInputWithExitTwoAndWritesNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, std::initializer_list<const char *> words, const char *message) {
            QTest::newRow(name) << args(words) << QString::fromUtf8(message);
        };
        row("no when", {"--kind", "noop"}, "give one of --cron, --every or --at");
        row("two whens", {"--cron", "@daily", "--every", "1h", "--kind", "noop"}, "give one of --cron, --every or --at");
        row("bad cron", {"--cron", "0 25 * * *", "--kind", "noop"},
            "bad cron expression \"0 25 * * *\": hour field: 25 is out of range 0-23");
        row("zone", {"--cron", "@daily", "--tz", "Europe/Nowhere", "--kind", "noop"},
            "unknown time zone \"Europe/Nowhere\" (use an IANA name such as Europe/Berlin)");
        row("every", {"--every", "500ms", "--kind", "noop"}, "bad --every \"500ms\": write whole seconds or more, like 30s, 15m or 2h");
        row("at", {"--at", "tomorrow", "--kind", "noop"},
            "bad --at \"tomorrow\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00");
        row("past", {"--at", "2001-01-01T00:00:00Z", "--kind", "noop"}, "the time is in the past");
        row("anchor without every", {"--cron", "@daily", "--anchor", "2030-01-01T00:00:00Z", "--kind", "noop"},
            "--anchor goes with --every");
        row("no job", {"--cron", "@daily"}, "give either --kind (with --payload) or --job DEFINITION");
        row("kind and job", {"--cron", "@daily", "--kind", "noop", "--job", "x"},
            "give either --kind (with --payload) or --job DEFINITION");
        row("unknown kind", {"--cron", "@daily", "--kind", "teleport"}, "unknown job kind \"teleport\" (known: ");
        row("payload", {"--cron", "@daily", "--kind", "noop", "--payload", "{"}, "malformed --payload JSON: ");
        row("misfire", {"--cron", "@daily", "--kind", "noop", "--misfire", "never"},
            "--misfire must be fire-once, skip or catch-up, not \"never\"");
        row("overlap", {"--cron", "@daily", "--kind", "noop", "--overlap", "sometimes"},
            "--overlap must be allow, skip, queue-one or replace, not \"sometimes\"");
        row("calendar", {"--cron", "@daily", "--kind", "noop", "--exclude", "holidays"},
            "unknown calendar \"holidays\" (create it with jobdeck calendar add holidays --dates ...)");
    }

    void addRejectsBadInputWithExitTwoAndWritesNothing()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        JobdeckProcess cli(m_db);
        const CliResult r = cli.run(args({"schedule", "add", "s"}) + arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("jobdeck: ") + message), qPrintable(r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
        QCOMPARE(cli.run(args({"schedule", "list", "--json"})).out.trimmed(), QStringLiteral("[\n]"));
    }

    void aNameInUseIsRefusedUnlessReplaced()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"schedule", "add", "s", "--every", "1h", "--kind", "noop"})).exitCode, 0);
        const CliResult taken = cli.run(args({"schedule", "add", "s", "--cron", "@daily", "--kind", "noop"}));
        QCOMPARE(taken.exitCode, 1);
        QCOMPARE(taken.err, QStringLiteral("jobdeck: a schedule named \"s\" exists already (remove it, or add with --replace)\n"));
        QCOMPARE(cli.run(args({"schedule", "add", "s", "--cron", "@daily", "--kind", "noop", "--replace"})).exitCode, 0);
        QCOMPARE(jsonArray(cli.run(args({"schedule", "list", "--json"})))[0].toObject().value(QLatin1String("kind")).toString(),
                 QStringLiteral("cron"));
    }

    void pauseResumeAndRunNow()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"schedule", "add", "s", "--cron", "0 12 * * *", "--tz", "UTC", "--kind", "noop"})).exitCode, 0);
        const CliResult paused = cli.run(args({"schedule", "pause", "s", "--until", "2031-06-01T00:00:00Z"}));
        QCOMPARE(paused.out, QStringLiteral("schedule s paused until 2031-06-01T00:00:00+00:00\n"));
        QJsonObject s = cli.run(args({"schedule", "show", "s", "--json"})).json();
        QCOMPARE(s.value(QLatin1String("paused_until")).toString(), QStringLiteral("2031-06-01T00:00:00.000Z"));
        // The next run is the first after the pause.
        QCOMPARE(s.value(QLatin1String("next_fire_at_local")).toString(), QStringLiteral("2031-06-01T12:00:00+00:00"));
        QCOMPARE(cli.run(args({"schedule", "pause", "s"})).out, QStringLiteral("schedule s disabled until resumed\n"));
        s = cli.run(args({"schedule", "show", "s", "--json"})).json();
        QCOMPARE(s.value(QLatin1String("enabled")).toBool(), false);
        QVERIFY(s.value(QLatin1String("next_fire_at")).isNull());
        QVERIFY(cli.run(args({"schedule", "resume", "s"})).out.startsWith(QLatin1String("schedule s resumed; next ")));
        s = cli.run(args({"schedule", "show", "s", "--json"})).json();
        QCOMPARE(s.value(QLatin1String("enabled")).toBool(), true);
        QVERIFY(s.value(QLatin1String("paused_until")).isNull());
        const CliResult run = cli.run(args({"schedule", "run", "s"}));
        QCOMPARE(run.exitCode, 0);
        const qint64 id = run.out.trimmed().toLongLong();
        QVERIFY(id > 0);
        QCOMPARE(cli.show(id).value(QLatin1String("kind")).toString(), QStringLiteral("noop"));
        const QJsonArray occurrences =
            cli.run(args({"schedule", "show", "s", "--json"})).json().value(QLatin1String("occurrences")).toArray();
        QCOMPARE(occurrences.size(), 1);
        QCOMPARE(occurrences[0].toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("fired"));
        QCOMPARE(occurrences[0].toObject().value(QLatin1String("job_id")).toInteger(), id);
        QCOMPARE(occurrences[0].toObject().value(QLatin1String("reason")).toString(), QStringLiteral("run now by user (command line)"));
        QCOMPARE(cli.run(args({"schedule", "pause", "nope"})).exitCode, 1);
        QCOMPARE(cli.run(args({"schedule", "pause", "s", "--until", "2001-01-01T00:00:00Z"})).exitCode, 2);
        QCOMPARE(cli.run(args({"schedule", "run", "nope"})).exitCode, 1);
    }

    void calendarsCollectDates()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"calendar", "list"})).out,
                 QStringLiteral("no calendars (add one with jobdeck calendar add NAME --dates LIST)\n"));
        QCOMPARE(cli.run(args({"calendar", "add", "freeze", "--dates", "2030-12-20..2031-01-02"})).out,
                 QStringLiteral("calendar freeze: 2030-12-20..2031-01-02\n"));
        QCOMPARE(cli.run(args({"calendar", "add", "freeze", "--dates", "2031-03-01"})).out,
                 QStringLiteral("calendar freeze: 2030-12-20..2031-01-02, 2031-03-01\n"));
        const QJsonArray list = jsonArray(cli.run(args({"calendar", "list", "--json"})));
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QLatin1String("dates")).toArray().size(), 2);
        const CliResult bad = cli.run(args({"calendar", "add", "x", "--dates", "2031-02-30"}));
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(bad.err, QStringLiteral("jobdeck: bad date \"2031-02-30\": write dates as YYYY-MM-DD\n"));
        QCOMPARE(cli.run(args({"calendar", "add", "x"})).exitCode, 2);
        QCOMPARE(cli.run(args({"calendar", "frobnicate"})).exitCode, 2);
    }

    void everyCommandAnswersHelp()
    {
        JobdeckProcess cli(m_db);
        for (const char *sub : {"add", "list", "show", "rm", "pause", "resume", "run", "next"}) {
            const CliResult r = cli.run(args({"schedule", sub, "--help"}));
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QLatin1String("schedule ") + QLatin1String(sub)), qPrintable(r.out));
        }
        QVERIFY(cli.run(args({"schedule", "add", "--help"})).out.contains(QLatin1String("--overlap <POLICY>")));
        QVERIFY(cli.run(args({"calendar", "--help"})).out.contains(QLatin1String("add NAME --dates LIST")));
        QVERIFY(cli.run(args({"calendar", "add", "--help"})).out.contains(QLatin1String("--dates <LIST>")));
    }

    void runnerFiresWhatTheCommandLineAdds()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"schedule", "add", "tick", "--every", "1s", "--kind", "noop"})).exitCode, 0);
        QProcess runner;
        cli.startRunner(runner, args({"--lease", "2s"}));
        QTRY_VERIFY_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")) >= 3, 30'000);
        // A schedule added while the runner runs is picked up without a restart.
        QCOMPARE(cli.run(args({"schedule", "add", "tock", "--every", "1s", "--kind", "noop", "--queue", "tock"})).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs WHERE queue = 'tock' AND state = 'succeeded'")) >= 2,
                                 30'000);
        runner.terminate();
        QVERIFY(runner.waitForFinished(60'000));
        const QString output = QString::fromUtf8(runner.readAllStandardOutput());
        QVERIFY2(output.contains(QLatin1String("this runner fires the schedules")), qPrintable(output));
        // The only runner, stopping: nobody else took the schedules over.
        QVERIFY2(output.contains(QLatin1String("this runner stopped firing the schedules")), qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("another runner")), qPrintable(output));
    }

    void anotherRunnerTakesOverFromAKilledOne()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"schedule", "add", "tick", "--every", "1s", "--kind", "noop", "--misfire", "catch-up"})).exitCode, 0);
        QProcess first;
        cli.startRunner(first, args({"--lease", "2s"}));
        QTRY_VERIFY_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM schedule_occurrences")) >= 3, 30'000);
        // A second runner started meanwhile waits: the first holds the scheduler lease.
        QProcess second;
        cli.startRunner(second, args({"--lease", "2s"}));
        QString secondOutput;
        QTRY_VERIFY_WITH_TIMEOUT((secondOutput += QString::fromUtf8(second.readAllStandardOutput())).contains(QLatin1String("started on")),
                                 30'000);
        QVERIFY2(!secondOutput.contains(QLatin1String("this runner fires the schedules")), qPrintable(secondOutput));
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(DISTINCT runner) FROM schedule_occurrences")), 1);
        first.kill(); // no lease handed back
        QVERIFY(first.waitForFinished());
        const qint64 beforeTakeover = databaseScalar(m_db, QStringLiteral("SELECT max(fire_at) FROM schedule_occurrences"));
        // Within about the lease length the second runner fires, the occurrences missed meanwhile included.
        QTRY_VERIFY_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(DISTINCT runner) FROM schedule_occurrences")) == 2,
                                 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT max(fire_at) FROM schedule_occurrences")) > beforeTakeover + 3000,
                                 30'000);
        second.terminate();
        QVERIFY(second.waitForFinished(60'000));
        // Every second from the first occurrence to the last is recorded once: none twice, none lost.
        const qint64 earliest = databaseScalar(m_db, QStringLiteral("SELECT min(fire_at) FROM schedule_occurrences"));
        const qint64 latest = databaseScalar(m_db, QStringLiteral("SELECT max(fire_at) FROM schedule_occurrences"));
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM schedule_occurrences")), (latest - earliest) / 1000 + 1);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(DISTINCT fire_at) FROM schedule_occurrences")),
                 (latest - earliest) / 1000 + 1);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs")),
                 databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE outcome = 'fired'")));
    }

    void aRunnerThatLostTheLeaseSaysWhichRunnerTookOver()
    {
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run(args({"schedule", "add", "tick", "--every", "1s", "--kind", "noop"})).exitCode, 0);
        QProcess first;
        cli.startRunner(first, args({"--lease", "2s"}));
        QString firstOutput;
        QTRY_VERIFY_WITH_TIMEOUT((firstOutput += QString::fromUtf8(first.readAllStandardOutput()))
                                     .contains(QLatin1String("this runner fires the schedules")),
                                 30'000);
        QProcess second;
        cli.startRunner(second, args({"--lease", "2s"}));
        QString secondOutput;
        QTRY_VERIFY_WITH_TIMEOUT((secondOutput += QString::fromUtf8(second.readAllStandardOutput())).contains(QLatin1String("started on")),
                                 30'000);
        const QString secondId = secondOutput.section(QLatin1String("runner "), 1).section(u' ', 0, 0);
        QVERIFY(!secondId.isEmpty());
        // Stopped, the first runner cannot renew its lease; the second takes it once it has expired.
        QCOMPARE(::kill(pid_t(first.processId()), SIGSTOP), 0);
        QTRY_VERIFY_WITH_TIMEOUT((secondOutput += QString::fromUtf8(second.readAllStandardOutput()))
                                     .contains(QLatin1String("this runner fires the schedules")),
                                 30'000);
        QCOMPARE(::kill(pid_t(first.processId()), SIGCONT), 0);
        QTRY_VERIFY_WITH_TIMEOUT((firstOutput += QString::fromUtf8(first.readAllStandardOutput()))
                                     .contains(QStringLiteral("another runner (%1) fires the schedules").arg(secondId)),
                                 30'000);
        first.terminate();
        second.terminate();
        QVERIFY(first.waitForFinished(60'000));
        QVERIFY(second.waitForFinished(60'000));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
};

QTEST_GUILESS_MAIN(ScheduleCliTest)
#include "tst_schedule_cli.moc"
