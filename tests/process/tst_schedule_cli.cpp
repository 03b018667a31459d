#include "JobdeckProcess.h"

#include <QTemporaryDir>
#include <QtTest>

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

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
};

QTEST_GUILESS_MAIN(ScheduleCliTest)
#include "tst_schedule_cli.moc"
