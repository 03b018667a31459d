// Durations and times as users type them: "--timeout 5m", "--at 2024-03-01T12:00:00Z".

#include "model/Duration.h"

#include <QtTest>

using namespace jobdeck;

class TestDuration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesDurations_data();
    void parsesDurations();
    void rejectsMalformedDurations_data();
    void rejectsMalformedDurations();
    void formatsDurationsForPeople_data();
    void formatsDurationsForPeople();
    void parsesIsoTimesWithOffset_data();
    void parsesIsoTimesWithOffset();
    void rejectsIsoTimesWithoutOffset_data();
    void rejectsIsoTimesWithoutOffset();
    void formattedIsoTimeIsUtcAndParsesBack_data();
    void formattedIsoTimeIsUtcAndParsesBack();
};

void TestDuration::parsesDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("milliseconds") << QStringLiteral("250ms") << qint64(250);
    QTest::newRow("seconds") << QStringLiteral("30s") << qint64(30'000);
    QTest::newRow("minutes") << QStringLiteral("5m") << qint64(300'000);
    QTest::newRow("hours") << QStringLiteral("2h") << qint64(7'200'000);
    QTest::newRow("days") << QStringLiteral("1d") << qint64(86'400'000);
    QTest::newRow("sum h+m") << QStringLiteral("1h30m") << qint64(5'400'000);
    QTest::newRow("sum m+s+ms") << QStringLiteral("1m5s250ms") << qint64(65'250);
    QTest::newRow("zero") << QStringLiteral("0s") << qint64(0);
    QTest::newRow("surrounding spaces") << QStringLiteral(" 5m ") << qint64(300'000);
}

void TestDuration::parsesDurations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const auto parsed = parseDuration(text);
    QVERIFY2(parsed.has_value(), qPrintable(text));
    QCOMPARE(*parsed, ms);
}

void TestDuration::rejectsMalformedDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("   ");
    QTest::newRow("no unit") << QStringLiteral("5");
    QTest::newRow("unknown unit") << QStringLiteral("5x");
    QTest::newRow("negative") << QStringLiteral("-1s");
    QTest::newRow("unit only") << QStringLiteral("ms");
    QTest::newRow("fraction") << QStringLiteral("1.5s");
    QTest::newRow("trailing number") << QStringLiteral("1h30");
    QTest::newRow("space inside") << QStringLiteral("5m 3s");
    QTest::newRow("upper-case unit") << QStringLiteral("5M");
    QTest::newRow("absurdly large") << QStringLiteral("99999999999d");
}

void TestDuration::rejectsMalformedDurations()
{
    QFETCH(QString, text);
    QVERIFY2(!parseDuration(text).has_value(), qPrintable(text));
}

void TestDuration::formatsDurationsForPeople_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("ms") << qint64(250) << QStringLiteral("250ms");
    QTest::newRow("whole seconds") << qint64(30'000) << QStringLiteral("30s");
    QTest::newRow("fractional seconds") << qint64(1'500) << QStringLiteral("1.5s");
    QTest::newRow("minutes") << qint64(90'000) << QStringLiteral("1m30s");
    QTest::newRow("hours") << qint64(5'400'000) << QStringLiteral("1h30m");
    QTest::newRow("whole minutes") << qint64(900'000) << QStringLiteral("15m");
    QTest::newRow("whole hours") << qint64(7'200'000) << QStringLiteral("2h");
    QTest::newRow("days") << qint64(30LL * 86'400'000) << QStringLiteral("30d");
    QTest::newRow("days and hours") << qint64(2LL * 86'400'000 + 4 * 3'600'000) << QStringLiteral("2d4h");
}

void TestDuration::formatsDurationsForPeople()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(ms), text);
}

void TestDuration::parsesIsoTimesWithOffset_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("epochMs");
    const qint64 noonUtc = 1'709'294'400'000; // 2024-03-01T12:00:00Z
    QTest::newRow("Z") << QStringLiteral("2024-03-01T12:00:00Z") << noonUtc;
    QTest::newRow("Z with ms") << QStringLiteral("2024-03-01T12:00:00.250Z") << noonUtc + 250;
    QTest::newRow("positive offset") << QStringLiteral("2024-03-01T14:00:00+02:00") << noonUtc;
    QTest::newRow("negative offset") << QStringLiteral("2024-03-01T07:00:00-05:00") << noonUtc;
    QTest::newRow("offset crosses a day") << QStringLiteral("2024-03-01T00:30:00+01:00") << qint64(1'709'249'400'000);
    QTest::newRow("surrounding spaces") << QStringLiteral(" 2024-03-01T12:00:00Z ") << noonUtc;
}

void TestDuration::parsesIsoTimesWithOffset()
{
    QFETCH(QString, text);
    QFETCH(qint64, epochMs);
    const auto parsed = parseIsoTime(text);
    QVERIFY2(parsed.has_value(), qPrintable(text));
    QCOMPARE(*parsed, epochMs);
}

void TestDuration::rejectsIsoTimesWithoutOffset_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("local time, no offset") << QStringLiteral("2024-03-01T12:00:00");
    QTest::newRow("date only") << QStringLiteral("2024-03-01");
    QTest::newRow("empty") << QString();
    QTest::newRow("words") << QStringLiteral("tomorrow at noon");
    QTest::newRow("invalid month") << QStringLiteral("2024-13-01T12:00:00Z");
    QTest::newRow("invalid time") << QStringLiteral("2024-03-01T25:00:00Z");
    QTest::newRow("only a zone") << QStringLiteral("Z");
}

void TestDuration::rejectsIsoTimesWithoutOffset()
{
    QFETCH(QString, text);
    QVERIFY2(!parseIsoTime(text).has_value(), qPrintable(text));
}

void TestDuration::formattedIsoTimeIsUtcAndParsesBack_data()
{
    QTest::addColumn<qint64>("epochMs");
    QTest::addColumn<QString>("text");
    QTest::newRow("noon") << qint64(1'709'294'400'000) << QStringLiteral("2024-03-01T12:00:00.000Z");
    QTest::newRow("with ms") << qint64(1'709'294'400'123) << QStringLiteral("2024-03-01T12:00:00.123Z");
}

void TestDuration::formattedIsoTimeIsUtcAndParsesBack()
{
    QFETCH(qint64, epochMs);
    QFETCH(QString, text);
    QCOMPARE(formatIsoTime(epochMs), text);
    QCOMPARE(parseIsoTime(formatIsoTime(epochMs)).value_or(-1), epochMs);
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
