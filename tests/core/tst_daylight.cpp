// Schedules across daylight-saving changes in three zones, one with a 30-minute shift: wall-clock times that
// do not exist fire once at the first valid instant after the gap; repeated ones fire in both passes only for
// interval-based expressions. Also intervals and one-off times, which elapsed time alone decides.

#include "ScheduleTestSupport.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestDaylight : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void occurrencesAroundChanges_data();
    void occurrencesAroundChanges();
    void everyOccurrenceIsLaterThanTheOneBefore_data();
    void everyOccurrenceIsLaterThanTheOneBefore();
    void zoneRulesPlaceGapsAndFolds();
    void intervalsCountElapsedTime();
    void onceFiresOnce();
    void betweenListsARangeAndSaysWhenItCut();
    void describesIntervalAndOnce();
    void unknownZoneHasNoRules();
};

void TestDaylight::occurrencesAroundChanges_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const char *zone, const char *expression, const char *from,
                        const QStringList &expected) {
        QTest::newRow(name) << QString::fromLatin1(zone) << QString::fromLatin1(expression) << QString::fromLatin1(from)
                            << expected;
    };
    // Europe/Berlin 2026: 02:00 CET -> 03:00 CEST on March 29; 03:00 CEST -> 02:00 CET on October 25.
    row("Berlin gap: fixed time fires at the end of the gap", "Europe/Berlin", "30 2 * * *", "2026-03-28T00:00:00+01:00",
        {"2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"});
    row("Berlin gap: the issue's example", "Europe/Berlin", "0 30 2 * * *", "2026-03-29T00:00:00+01:00",
        {"2026-03-29T03:00:00+02:00"});
    row("Berlin gap: interval fires once for the whole gap", "Europe/Berlin", "*/30 * * * *", "2026-03-29T01:00:00+01:00",
        {"2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"});
    row("Berlin gap: a time at the gap's start", "Europe/Berlin", "0 2 * * *", "2026-03-28T12:00:00+01:00",
        {"2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"});
    row("Berlin fold: fixed time fires in the first pass only", "Europe/Berlin", "30 2 * * *", "2026-10-24T12:00:00+02:00",
        {"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"});
    row("Berlin fold: list of minutes is fixed", "Europe/Berlin", "0,30 2 * * *", "2026-10-25T00:00:00+02:00",
        {"2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:00:00+01:00"});
    row("Berlin fold: minute step fires in both passes", "Europe/Berlin", "*/30 * * * *", "2026-10-25T01:45:00+02:00",
        {"2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
         "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00"});
    row("Berlin fold: hour star fires in both passes", "Europe/Berlin", "0 * * * *", "2026-10-25T01:30:00+02:00",
        {"2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"});
    row("Berlin fold: hour range fires in both passes", "Europe/Berlin", "0 2-3 * * *", "2026-10-25T00:00:00+02:00",
        {"2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00",
         "2026-10-26T02:00:00+01:00"});
    row("Berlin fold: from inside the first pass", "Europe/Berlin", "*/30 * * * *", "2026-10-25T02:40:00+02:00",
        {"2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00"});
    row("Berlin fold: from inside the second pass", "Europe/Berlin", "*/30 * * * *", "2026-10-25T02:10:00+01:00",
        {"2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00"});
    row("Berlin fold: fixed time from inside the second pass", "Europe/Berlin", "30 2 * * *", "2026-10-25T02:10:00+01:00",
        {"2026-10-26T02:30:00+01:00"});
    row("Berlin fold: seconds star", "Europe/Berlin", "*/20 59 2 * * *", "2026-10-25T02:59:30+02:00",
        {"2026-10-25T02:59:40+02:00", "2026-10-25T02:59:00+01:00", "2026-10-25T02:59:20+01:00",
         "2026-10-25T02:59:40+01:00", "2026-10-26T02:59:00+01:00"});
    // America/New_York 2026: 02:00 EST -> 03:00 EDT on March 8; 02:00 EDT -> 01:00 EST on November 1.
    row("New York gap", "America/New_York", "30 2 * * *", "2026-03-07T12:00:00-05:00",
        {"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"});
    row("New York gap: interval", "America/New_York", "*/20 2 * * *", "2026-03-08T00:00:00-05:00",
        {"2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"});
    row("New York fold: fixed", "America/New_York", "30 1 * * *", "2026-10-31T12:00:00-04:00",
        {"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"});
    row("New York fold: interval", "America/New_York", "*/20 1 * * *", "2026-11-01T00:30:00-04:00",
        {"2026-11-01T01:00:00-04:00", "2026-11-01T01:20:00-04:00", "2026-11-01T01:40:00-04:00",
         "2026-11-01T01:00:00-05:00", "2026-11-01T01:20:00-05:00", "2026-11-01T01:40:00-05:00",
         "2026-11-02T01:00:00-05:00"});
    // Australia/Lord_Howe 2026: 02:00 +11:00 -> 01:30 +10:30 on April 5; 02:00 +10:30 -> 02:30 +11:00 on October 4.
    row("Lord Howe 30-minute gap", "Australia/Lord_Howe", "15 2 * * *", "2026-10-03T12:00:00+10:30",
        {"2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"});
    row("Lord Howe gap at its start", "Australia/Lord_Howe", "0 2 * * *", "2026-10-03T12:00:00+10:30",
        {"2026-10-04T02:30:00+11:00", "2026-10-05T02:00:00+11:00"});
    row("Lord Howe gap: interval", "Australia/Lord_Howe", "*/10 * * * *", "2026-10-04T01:55:00+10:30",
        {"2026-10-04T02:30:00+11:00", "2026-10-04T02:40:00+11:00"});
    row("Lord Howe 30-minute fold: fixed", "Australia/Lord_Howe", "45 1 * * *", "2026-04-04T12:00:00+11:00",
        {"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"});
    row("Lord Howe 30-minute fold: interval", "Australia/Lord_Howe", "*/15 1 * * *", "2026-04-05T01:20:00+11:00",
        {"2026-04-05T01:30:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30",
         "2026-04-05T01:45:00+10:30", "2026-04-06T01:00:00+10:30"});
    row("Lord Howe fold: minute before the fold is once", "Australia/Lord_Howe", "*/15 1 * * *", "2026-04-05T00:50:00+11:00",
        {"2026-04-05T01:00:00+11:00", "2026-04-05T01:15:00+11:00", "2026-04-05T01:30:00+11:00"});
    row("UTC has no changes", "UTC", "30 2 * * *", "2026-03-29T00:00:00Z",
        {"2026-03-29T02:30:00+00:00", "2026-03-30T02:30:00+00:00"});
}

void TestDaylight::occurrencesAroundChanges()
{
    QFETCH(QString, zone);
    QFETCH(QString, expression);
    QFETCH(QString, from);
    QFETCH(QStringList, expected);
    QCOMPARE(nextOccurrences(cronIn(expression, zone), from, int(expected.size())), expected);
}

void TestDaylight::everyOccurrenceIsLaterThanTheOneBefore_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("expression");
    for (const char *zone : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe"}) {
        for (const char *expression : {"*/7 * * * *", "0 * * * *", "30 2 * * *", "30 */13 * * * *", "0 1-3 * * *"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(zone), QLatin1String(expression))))
                << QString::fromLatin1(zone) << QString::fromLatin1(expression);
    }
}

void TestDaylight::everyOccurrenceIsLaterThanTheOneBefore()
{
    // Through both changes of 2026 in each zone (March to April, October to November): strictly increasing, and
    // never more than a day apart for these expressions.
    QFETCH(QString, zone);
    QFETCH(QString, expression);
    const Recurrence r = cronIn(expression, zone);
    for (const auto &[from, to] : {std::pair{"2026-03-01T00:00:00Z", "2026-04-15T00:00:00Z"},
                                   std::pair{"2026-10-01T00:00:00Z", "2026-11-15T00:00:00Z"}}) {
        qint64 at = *parseIsoTime(QString::fromLatin1(from));
        const qint64 end = *parseIsoTime(QString::fromLatin1(to));
        int count = 0;
        while (at < end) {
            const auto next = r.next(at);
            QVERIFY(next);
            QVERIFY2(*next > at, qPrintable(formatLocalIso(at, r.zone())));
            QVERIFY2(*next - at <= 25 * 3'600'000, qPrintable(formatLocalIso(at, r.zone())));
            at = *next;
            ++count;
        }
        QVERIFY(count >= 44);
    }
}

void TestDaylight::zoneRulesPlaceGapsAndFolds()
{
    const auto berlin = ZoneRules::forZone(QStringLiteral("Europe/Berlin"));
    QVERIFY(berlin);
    const auto local = [](const char *iso) { return *parseIsoTime(QString::fromLatin1(iso)) / 1000; };
    // 2026-03-29 02:30 wall clock (written as if UTC to get local seconds) is in the gap.
    const ZoneRules::Placement gap = berlin->place(local("2026-03-29T02:30:00Z"));
    QCOMPARE(gap.kind, ZoneRules::Placement::Kind::Gap);
    QCOMPARE(gap.first, local("2026-03-29T01:00:00Z"));
    const ZoneRules::Placement fold = berlin->place(local("2026-10-25T02:30:00Z"));
    QCOMPARE(fold.kind, ZoneRules::Placement::Kind::Fold);
    QCOMPARE(fold.first, local("2026-10-25T00:30:00Z"));
    QCOMPARE(fold.second, local("2026-10-25T01:30:00Z"));
    const ZoneRules::Placement unique = berlin->place(local("2026-07-01T12:00:00Z"));
    QCOMPARE(unique.kind, ZoneRules::Placement::Kind::Unique);
    QCOMPARE(unique.first, local("2026-07-01T10:00:00Z"));
    // Far future years come from the zone's rule, not only the listed transitions.
    QCOMPARE(berlin->offsetAt(local("2150-07-01T00:00:00Z")), 7200);
    QCOMPARE(berlin->offsetAt(local("2150-01-01T00:00:00Z")), 3600);
    const auto changes = berlin->changesBetween(local("2026-01-01T00:00:00Z"), local("2027-01-01T00:00:00Z"));
    QCOMPARE(changes.size(), size_t(2));
    QCOMPARE(changes[0].second, 7200);
    QCOMPARE(changes[1].second, 3600);
}

void TestDaylight::intervalsCountElapsedTime()
{
    const auto berlin = ZoneRules::forZone(QStringLiteral("Europe/Berlin"));
    const qint64 anchor = *parseIsoTime(QStringLiteral("2026-03-29T00:00:00+01:00"));
    const Recurrence r = Recurrence::interval(3'600'000, anchor, berlin);
    // Across the gap, every hour stays an hour apart: 01:00 CET is followed by 03:00 CEST.
    QCOMPARE(nextOccurrences(r, QStringLiteral("2026-03-28T00:00:00+01:00"), 3),
             QStringList({"2026-03-29T00:00:00+01:00", "2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00"}));
    QCOMPARE(r.next(anchor), anchor + 3'600'000);
    QCOMPARE(r.next(anchor + 1), anchor + 3'600'000);
    QCOMPARE(r.next(anchor + 3'600'000), anchor + 7'200'000);
    const Recurrence every90s = Recurrence::interval(90'000, anchor, berlin);
    QCOMPARE(every90s.next(anchor + 100'000), anchor + 180'000);
}

void TestDaylight::onceFiresOnce()
{
    const auto utc = ZoneRules::forZone(QStringLiteral("UTC"));
    const qint64 at = *parseIsoTime(QStringLiteral("2026-12-24T18:00:00Z"));
    const Recurrence r = Recurrence::once(at, utc);
    QCOMPARE(r.next(at - 1), at);
    QVERIFY(!r.next(at));
    QVERIFY(!r.next(at + 1));
}

void TestDaylight::betweenListsARangeAndSaysWhenItCut()
{
    const Recurrence r = cronIn(QStringLiteral("0 * * * *"), QStringLiteral("UTC"));
    const qint64 from = *parseIsoTime(QStringLiteral("2026-01-01T00:00:00Z"));
    bool truncated = true;
    const auto day = r.between(from, from + 86'400'000, 100, &truncated);
    QCOMPARE(day.size(), size_t(24));
    QCOMPARE(day.front(), from); // the range includes its start
    QVERIFY(!truncated);
    const auto cut = r.between(from, from + 86'400'000, 10, &truncated);
    QCOMPARE(cut.size(), size_t(10));
    QVERIFY(truncated);
}

void TestDaylight::describesIntervalAndOnce()
{
    const auto berlin = ZoneRules::forZone(QStringLiteral("Europe/Berlin"));
    const qint64 at = *parseIsoTime(QStringLiteral("2026-12-24T18:00:00+01:00"));
    QCOMPARE(Recurrence::interval(900'000, at, berlin).describe(), QStringLiteral("Every 15 minutes, from 2026-12-24T18:00:00+01:00"));
    QCOMPARE(Recurrence::interval(3'600'000, at, berlin).describe(), QStringLiteral("Every hour, from 2026-12-24T18:00:00+01:00"));
    QCOMPARE(Recurrence::once(at, berlin).describe(), QStringLiteral("Once, on 2026-12-24 at 18:00"));
}

void TestDaylight::unknownZoneHasNoRules()
{
    QVERIFY(!ZoneRules::forZone(QStringLiteral("Mars/Olympus_Mons")));
    QVERIFY(!ZoneRules::isKnownZone(QString()));
    QVERIFY(!ZoneRules::isKnownZone(QStringLiteral("FOO+3"))); // a POSIX rule, not a zone name
    QVERIFY(ZoneRules::isKnownZone(ZoneRules::systemZoneId()));
    QVERIFY(ZoneRules::isKnownZone(QStringLiteral("Etc/UTC")));
}

QTEST_GUILESS_MAIN(TestDaylight)
#include "tst_daylight.moc"
