// Cron expressions: every syntax element, evaluated in UTC; errors that name the field; plain-language text.

#include "ScheduleTestSupport.h"
#include "schedule/CronDescriber.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestCron : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nextOccurrences_data();
    void nextOccurrences();
    void zeroAndSevenAreBothSunday();
    void invalidExpressionsNameFieldAndProblem_data();
    void invalidExpressionsNameFieldAndProblem();
    void intervalBasedWhenClockFieldsHoldStarRangeOrStep_data();
    void intervalBasedWhenClockFieldsHoldStarRangeOrStep();
    void plainLanguage_data();
    void plainLanguage();
};

void TestCron::nextOccurrences_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const char *expression, const char *from, const QStringList &expected) {
        QTest::newRow(name) << QString::fromLatin1(expression) << QString::fromLatin1(from) << expected;
    };
    row("every minute", "* * * * *", "2026-01-01T00:00:30Z",
        {"2026-01-01T00:01:00+00:00", "2026-01-01T00:02:00+00:00"});
    row("step from star", "*/15 * * * *", "2026-01-01T00:50:00Z",
        {"2026-01-01T01:00:00+00:00", "2026-01-01T01:15:00+00:00", "2026-01-01T01:30:00+00:00"});
    row("step over a range", "1-30/10 * * * *", "2026-01-01T00:25:00Z",
        {"2026-01-01T01:01:00+00:00", "2026-01-01T01:11:00+00:00", "2026-01-01T01:21:00+00:00",
         "2026-01-01T02:01:00+00:00"});
    row("step from a start", "10/15 * * * *", "2026-01-01T00:00:00Z",
        {"2026-01-01T00:10:00+00:00", "2026-01-01T00:25:00+00:00", "2026-01-01T00:40:00+00:00",
         "2026-01-01T00:55:00+00:00", "2026-01-01T01:10:00+00:00"});
    row("list", "5,10,50 3 * * *", "2026-01-01T03:07:00Z",
        {"2026-01-01T03:10:00+00:00", "2026-01-01T03:50:00+00:00", "2026-01-02T03:05:00+00:00"});
    row("reversed hour range", "0 22-2 * * *", "2026-01-01T21:30:00Z",
        {"2026-01-01T22:00:00+00:00", "2026-01-01T23:00:00+00:00", "2026-01-02T00:00:00+00:00",
         "2026-01-02T01:00:00+00:00", "2026-01-02T02:00:00+00:00", "2026-01-02T22:00:00+00:00"});
    row("reversed range with step", "0 22-2/2 * * *", "2026-01-01T21:30:00Z",
        {"2026-01-01T22:00:00+00:00", "2026-01-02T00:00:00+00:00", "2026-01-02T02:00:00+00:00",
         "2026-01-02T22:00:00+00:00"});
    row("reversed weekday range", "0 0 * * FRI-MON", "2026-01-01T12:00:00Z", // 2026-01-01 is a Thursday
        {"2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00", "2026-01-04T00:00:00+00:00",
         "2026-01-05T00:00:00+00:00", "2026-01-09T00:00:00+00:00"});
    row("reversed month range", "0 0 1 NOV-FEB *", "2026-03-01T00:00:00Z",
        {"2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00",
         "2027-02-01T00:00:00+00:00", "2027-11-01T00:00:00+00:00"});
    row("month names any case", "0 0 1 jan,Jul *", "2026-01-01T00:00:00Z",
        {"2026-07-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"});
    row("day names", "0 12 * * mon-FRI", "2026-01-02T13:00:00Z",
        {"2026-01-05T12:00:00+00:00", "2026-01-06T12:00:00+00:00"});
    row("question mark", "0 0 ? * MON", "2026-01-01T00:00:00Z",
        {"2026-01-05T00:00:00+00:00", "2026-01-12T00:00:00+00:00"});
    row("seconds field", "*/20 * * * * *", "2026-01-01T00:00:05Z",
        {"2026-01-01T00:00:20+00:00", "2026-01-01T00:00:40+00:00", "2026-01-01T00:01:00+00:00"});
    row("seconds fixed", "15 30 2 * * *", "2026-01-01T00:00:00Z",
        {"2026-01-01T02:30:15+00:00", "2026-01-02T02:30:15+00:00"});
    row("last day of month", "0 0 L * *", "2026-01-15T00:00:00Z",
        {"2026-01-31T00:00:00+00:00", "2026-02-28T00:00:00+00:00", "2026-03-31T00:00:00+00:00",
         "2026-04-30T00:00:00+00:00"});
    row("last day of a leap February", "0 0 L 2 *", "2027-06-01T00:00:00Z",
        {"2028-02-29T00:00:00+00:00", "2029-02-28T00:00:00+00:00"});
    row("days before the last", "0 0 L-2 * *", "2026-01-01T00:00:00Z",
        {"2026-01-29T00:00:00+00:00", "2026-02-26T00:00:00+00:00", "2026-03-29T00:00:00+00:00"});
    row("last weekday of month", "0 0 LW * *", "2026-01-01T00:00:00Z", // Jan 31 and Feb 28 are Saturdays
        {"2026-01-30T00:00:00+00:00", "2026-02-27T00:00:00+00:00", "2026-03-31T00:00:00+00:00",
         "2026-04-30T00:00:00+00:00", "2026-05-29T00:00:00+00:00"}); // May 31 is a Sunday
    row("nearest weekday", "0 0 15W * *", "2026-02-01T00:00:00Z", // Feb 15 Sunday, Mar 15 Sunday, Apr 15 Wednesday
        {"2026-02-16T00:00:00+00:00", "2026-03-16T00:00:00+00:00", "2026-04-15T00:00:00+00:00"});
    row("nearest weekday of a Saturday", "0 0 15W 8 *", "2026-01-01T00:00:00Z", {"2026-08-14T00:00:00+00:00"});
    row("1W on a Saturday stays in the month", "0 0 1W 8 *", "2026-01-01T00:00:00Z", {"2026-08-03T00:00:00+00:00"});
    row("31W on a Sunday stays in the month", "0 0 31W 5 *", "2026-01-01T00:00:00Z", {"2026-05-29T00:00:00+00:00"});
    row("31W skips 30-day months", "0 0 31W * *", "2026-03-01T00:00:00Z", // Mar 31 Tuesday, May 31 Sunday
        {"2026-03-31T00:00:00+00:00", "2026-05-29T00:00:00+00:00", "2026-07-31T00:00:00+00:00"});
    row("31st skips 30-day months and February", "0 0 31 * *", "2026-01-01T00:00:00Z",
        {"2026-01-31T00:00:00+00:00", "2026-03-31T00:00:00+00:00", "2026-05-31T00:00:00+00:00",
         "2026-07-31T00:00:00+00:00", "2026-08-31T00:00:00+00:00", "2026-10-31T00:00:00+00:00"});
    row("30th skips February", "0 0 30 * *", "2026-01-31T00:00:00Z",
        {"2026-03-30T00:00:00+00:00", "2026-04-30T00:00:00+00:00"});
    row("February 29 only in leap years", "0 0 29 2 *", "2026-01-01T00:00:00Z",
        {"2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"});
    row("2100 is not a leap year", "0 0 29 2 *", "2096-03-01T00:00:00Z", {"2104-02-29T00:00:00+00:00"});
    row("2000 was a leap year", "0 0 29 2 *", "1997-01-01T00:00:00Z", {"2000-02-29T00:00:00+00:00"});
    row("last Friday", "0 0 * * 5L", "2026-01-01T00:00:00Z",
        {"2026-01-30T00:00:00+00:00", "2026-02-27T00:00:00+00:00", "2026-03-27T00:00:00+00:00"});
    row("last Friday by name", "0 0 ? * FRIL", "2026-01-01T00:00:00Z", {"2026-01-30T00:00:00+00:00"});
    row("third Saturday", "0 0 * * 6#3", "2026-01-01T00:00:00Z",
        {"2026-01-17T00:00:00+00:00", "2026-02-21T00:00:00+00:00", "2026-03-21T00:00:00+00:00"});
    row("fifth Monday skips months without one", "0 0 * * 1#5", "2026-01-01T00:00:00Z",
        {"2026-03-30T00:00:00+00:00", "2026-06-29T00:00:00+00:00", "2026-08-31T00:00:00+00:00",
         "2026-11-30T00:00:00+00:00"});
    row("fifth Friday of February", "0 0 * 2 5#5", "2026-01-01T00:00:00Z", {"2036-02-29T00:00:00+00:00"});
    row("day of month or day of week", "0 0 13 * 5", "2026-01-01T00:00:00Z",
        {"2026-01-02T00:00:00+00:00", "2026-01-09T00:00:00+00:00", "2026-01-13T00:00:00+00:00",
         "2026-01-16T00:00:00+00:00"});
    row("step day of month with weekday is either", "0 0 */10 * MON", "2026-01-01T00:00:00Z",
        {"2026-01-05T00:00:00+00:00", "2026-01-11T00:00:00+00:00", "2026-01-12T00:00:00+00:00"});
    row("@yearly", "@yearly", "2026-05-01T00:00:00Z", {"2027-01-01T00:00:00+00:00"});
    row("@annually", "@ANNUALLY", "2026-05-01T00:00:00Z", {"2027-01-01T00:00:00+00:00"});
    row("@monthly", "@monthly", "2026-05-01T00:00:00Z", {"2026-06-01T00:00:00+00:00"});
    row("@weekly", "@weekly", "2026-01-01T00:00:00Z", {"2026-01-04T00:00:00+00:00"});
    row("@daily", "@daily", "2026-01-01T00:00:00Z", {"2026-01-02T00:00:00+00:00"});
    row("@midnight", "@midnight", "2026-01-01T13:00:00Z", {"2026-01-02T00:00:00+00:00"});
    row("@hourly", "@hourly", "2026-01-01T13:00:00Z", {"2026-01-01T14:00:00+00:00"});
    row("year end rollover", "59 23 31 12 *", "2026-12-31T23:59:00Z", {"2027-12-31T23:59:00+00:00"});
    row("strictly after a matching time", "0 0 * * *", "2026-01-01T00:00:00Z", {"2026-01-02T00:00:00+00:00"});
}

void TestCron::nextOccurrences()
{
    QFETCH(QString, expression);
    QFETCH(QString, from);
    QFETCH(QStringList, expected);
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(expression, QStringLiteral("UTC")), from, int(expected.size())),
             expected);
}

void TestCron::zeroAndSevenAreBothSunday()
{
    const QString from = QStringLiteral("2026-01-01T00:00:00Z");
    const QStringList sundays = {QStringLiteral("2026-01-04T00:00:00+00:00"), QStringLiteral("2026-01-11T00:00:00+00:00")};
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(QStringLiteral("0 0 * * 0"), QStringLiteral("UTC")), from, 2), sundays);
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(QStringLiteral("0 0 * * 7"), QStringLiteral("UTC")), from, 2), sundays);
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(QStringLiteral("0 0 * * SUN"), QStringLiteral("UTC")), from, 2), sundays);
    // 5-7 is Friday to Sunday; 7-1 is Sunday and Monday; 0-7 is every day.
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(QStringLiteral("0 0 * * 5-7"), QStringLiteral("UTC")), from, 4),
             QStringList({"2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00", "2026-01-04T00:00:00+00:00",
                          "2026-01-09T00:00:00+00:00"}));
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(QStringLiteral("0 0 * * 7-1"), QStringLiteral("UTC")), from, 3),
             QStringList({"2026-01-04T00:00:00+00:00", "2026-01-05T00:00:00+00:00", "2026-01-11T00:00:00+00:00"}));
    QCOMPARE(jobdeck::test::nextOccurrences(cronIn(QStringLiteral("0 0 * * 0-7"), QStringLiteral("UTC")), from, 2),
             QStringList({"2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00"}));
}

void TestCron::invalidExpressionsNameFieldAndProblem_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("error");
    const auto row = [](const char *expression, const char *error) {
        QTest::newRow(expression) << QString::fromLatin1(expression) << QString::fromLatin1(error);
    };
    row("", "the expression is empty");
    row("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got 4");
    row("* * * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got 7");
    row("@often", "unknown macro @often (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)");
    row("61 * * * *", "minute field: 61 is out of range 0-59");
    row("* 24 * * *", "hour field: 24 is out of range 0-23");
    row("0 0 0 * *", "day-of-month field: 0 is out of range 1-31");
    row("0 0 32 * *", "day-of-month field: 32 is out of range 1-31");
    row("0 0 * 13 *", "month field: 13 is out of range 1-12");
    row("0 0 * * 8", "day-of-week field: 8 is out of range 0-7");
    row("60 * * * * *", "second field: 60 is out of range 0-59");
    row("x * * * *", "minute field: \"x\" is not a number");
    row("0 0 * FOO *", "month field: \"FOO\" is not a number or a month name (JAN-DEC)");
    row("0 0 * * FUN", "day-of-week field: \"FUN\" is not a number or a day name (SUN-SAT)");
    row("0 MON * * *", "hour field: \"MON\" is not a number");
    row("*/0 * * * *", "minute field: step 0 must be at least 1");
    row("*/x * * * *", "minute field: step \"x\" is not a number");
    row("1-2-3 * * * *", "minute field: \"1-2-3\" is not a range like 1-5");
    row("1,,2 * * * *", "minute field: empty item in the list \"1,,2\"");
    row("? * * * *", "minute field: ? is allowed only in day-of-month and day-of-week");
    row("0 0 1,? * *", "day-of-month field: ? must stand alone, not in a list");
    row("L * * * *", "minute field: L is allowed only in day-of-month and day-of-week");
    row("0 0 * L *", "month field: L is allowed only in day-of-month and day-of-week");
    row("0 0 1-5W * *", "day-of-month field: \"1-5W\": W needs a single day, like 15W");
    row("0 0 32W * *", "day-of-month field: 32 is out of range 1-31");
    row("0 0 L-31 * *", "day-of-month field: L-31: a month has at most 31 days, so n must be 0-30");
    row("0 0 1#2 * *", "day-of-month field: # is allowed only in day-of-week (6#3: the third Saturday)");
    row("0 0 * * 6#6", "day-of-week field: #6: a month has at most 5 of any weekday, so write #1 to #5");
    row("0 0 * * 6#0", "day-of-week field: #0: a month has at most 5 of any weekday, so write #1 to #5");
    row("0 0 * * 9#2", "day-of-week field: 9 is out of range 0-7");
    row("0 0 * * L", "day-of-week field: L alone is not a day; write 5L for the last Friday of the month");
    row("0 0 * * 1W", "day-of-week field: W is allowed only in day-of-month");
    row("0 0 30 2 *", "day-of-month field: no day of the chosen months ever matches (30 with month 2)");
    row("0 0 31 4,6,9,11 *", "day-of-month field: no day of the chosen months ever matches (31 with month 4,6,9,11)");
}

void TestCron::invalidExpressionsNameFieldAndProblem()
{
    QFETCH(QString, expression);
    QFETCH(QString, error);
    const CronParser::Result r = CronParser::parse(expression);
    QVERIFY(!r.expression);
    QCOMPARE(r.error, error);
}

void TestCron::intervalBasedWhenClockFieldsHoldStarRangeOrStep_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("intervalBased");
    QTest::newRow("fixed") << "30 2 * * *" << false;
    QTest::newRow("list") << "0,30 2 * * *" << false;
    QTest::newRow("step day fields only") << "0 0 */2 * 1-5" << false;
    QTest::newRow("minute step") << "*/15 * * * *" << true;
    QTest::newRow("hour star") << "0 * * * *" << true;
    QTest::newRow("hour range") << "0 1-3 * * *" << true;
    QTest::newRow("second star") << "* 30 2 * * *" << true;
    QTest::newRow("@hourly") << "@hourly" << true;
    QTest::newRow("@daily") << "@daily" << false;
}

void TestCron::intervalBasedWhenClockFieldsHoldStarRangeOrStep()
{
    QFETCH(QString, expression);
    QFETCH(bool, intervalBased);
    QCOMPARE(CronParser::parse(expression).expression->isIntervalBased(), intervalBased);
}

void TestCron::plainLanguage_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("text");
    const auto row = [](const char *expression, const char *text) {
        QTest::newRow(expression) << QString::fromLatin1(expression) << QString::fromLatin1(text);
    };
    row("30 2 * * 1-5", "At 02:30, Monday through Friday");
    row("0 30 2 * * MON-FRI", "At 02:30, Monday through Friday");
    row("15 30 2 * * *", "At 02:30:15");
    row("0 9,18 * * *", "At 09:00 and 18:00");
    row("* * * * *", "Every minute");
    row("*/5 * * * *", "Every 5 minutes");
    row("*/10 * * * * *", "Every 10 seconds");
    row("*/15 9-17 * * 1-5", "Every 15 minutes, between 09:00 and 17:59, Monday through Friday");
    row("0 * * * *", "Every hour, on the hour");
    row("5 */2 * * *", "Every 2 hours, at 5 minutes past the hour");
    row("@daily", "At 00:00");
    row("@weekly", "At 00:00, only on Sunday");
    row("@monthly", "At 00:00, on day 1 of the month");
    row("@yearly", "At 00:00, on day 1 of the month, only in January");
    row("0 0 L * *", "At 00:00, on the last day of the month");
    row("0 0 L-3 * *", "At 00:00, 3 days before the last day of the month");
    row("0 0 LW * *", "At 00:00, on the last weekday of the month");
    row("0 0 15W * *", "At 00:00, on the weekday nearest day 15 of the month");
    row("0 0 1,15 * *", "At 00:00, on days 1 and 15 of the month");
    row("0 0 * * 5L", "At 00:00, on the last Friday of the month");
    row("0 12 * * 6#3", "At 12:00, on the third Saturday of the month");
    row("0 0 13 * 5", "At 00:00, on day 13 of the month or on Friday");
    row("0 0 1 1,7 *", "At 00:00, on day 1 of the month, in January and July");
    row("0 0 1 */3 *", "At 00:00, on day 1 of the month, every 3 months");
    row("0 8 * * MON,WED,FRI", "At 08:00, on Monday, Wednesday and Friday");
}

void TestCron::plainLanguage()
{
    QFETCH(QString, expression);
    QFETCH(QString, text);
    QCOMPARE(CronDescriber::describe(*CronParser::parse(expression).expression), text);
}

QTEST_GUILESS_MAIN(TestCron)
#include "tst_cron.moc"
