// What becomes of due occurrences, decided with chosen times: misfire policies after downtime, overlap
// policies against a previous run, exclusion calendars, pauses, and very long outages.

#include "ScheduleTestSupport.h"
#include "schedule/OccurrencePlanner.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kMinute = 60'000;
// The schedules here fire every five minutes: less often than the one-minute misfire threshold, so an
// occurrence is either on time or missed, never both for two in a row.
constexpr qint64 kStep = 5 * kMinute;
const qint64 kStart = *parseIsoTime(QStringLiteral("2026-06-01T00:00:00Z"));

struct Setup {
    ScheduleRecord record;
    Recurrence recurrence;
};

// Every `step` from kStart, its cursor at the first occurrence.
Setup everyFive(MisfirePolicy misfire = MisfirePolicy::FireOnce, OverlapPolicy overlap = OverlapPolicy::Allow,
                int catchUpLimit = 10, qint64 step = kStep)
{
    Setup s{{}, *intervalSpec(QStringLiteral("m"), step, kStart).recurrence()};
    s.record.id = 1;
    s.record.spec = intervalSpec(QStringLiteral("m"), step, kStart);
    s.record.spec.misfire = misfire;
    s.record.spec.overlap = overlap;
    s.record.spec.catchUpLimit = catchUpLimit;
    s.record.nextFireAtMs = kStart;
    return s;
}

OccurrencePlanner::Plan planAt(const Setup &s, qint64 nowMs, std::optional<OccurrencePlanner::PreviousRun> previous = {},
                               bool waiting = false, std::vector<const ExclusionCalendar *> calendars = {},
                               OccurrencePlanner::Options options = {})
{
    return OccurrencePlanner(options).plan({s.record, s.recurrence, std::move(calendars), nowMs, previous, waiting, {}});
}

// "fired@0 misfired@5 ...": outcome and time of each decision, in `unit`s after kStart (minutes by default).
QString summary(const OccurrencePlanner::Plan &p, qint64 unit = kMinute)
{
    QStringList parts;
    for (const auto &d : p.decisions)
        parts << QStringLiteral("%1@%2").arg(occurrenceOutcomeName(d.outcome)).arg((d.fireAtMs - kStart) / unit);
    return parts.join(u' ');
}

} // namespace

class TestOccurrencePlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nothingIsDueBeforeTheCursor();
    void onTimeOccurrencesFire();
    void slightlyLateOccurrencesStillFire();
    void misfirePolicies_data();
    void misfirePolicies();
    void missedOccurrencesSayWhy();
    void fireOnceIsCoveredByAnOnTimeRun();
    void longOutageRecordsOnlyTheMostRecent();
    void outageLongerThanTheScanLimitSkipsAhead();
    void overlapPolicies_data();
    void overlapPolicies();
    void catchUpRunsMeetTheOverlapPolicyToo();
    void excludedDaysAreRecordedAsExcluded();
    void fireOnceRunsTheNewestMissedOccurrenceNotExcluded();
    void occurrencesDuringAPauseArePassedOver();
    void onceScheduleHasNothingAfterItFired();
};

void TestOccurrencePlanner::nothingIsDueBeforeTheCursor()
{
    const Setup s = everyFive();
    const auto p = planAt(s, kStart - 1);
    QVERIFY(p.decisions.empty());
    QCOMPARE(p.nextFireAtMs, kStart);
    QCOMPARE(p.lastFireAtMs, 0);
}

void TestOccurrencePlanner::onTimeOccurrencesFire()
{
    const Setup s = everyFive();
    const auto p = planAt(s, kStart + 5);
    QCOMPARE(summary(p), QStringLiteral("fired@0"));
    QCOMPARE(p.decisions[0].reason, QString());
    QCOMPARE(p.nextFireAtMs, kStart + kStep);
    QCOMPARE(p.lastFireAtMs, kStart);
}

void TestOccurrencePlanner::slightlyLateOccurrencesStillFire()
{
    // Within the misfire threshold (a minute) every occurrence runs, however the policy reads: here a schedule
    // firing every 20 seconds, handled 50 seconds late.
    const Setup s = everyFive(MisfirePolicy::Skip, OverlapPolicy::Allow, 10, 20'000);
    const auto p = planAt(s, kStart + 50'000);
    QCOMPARE(summary(p, 1000), QStringLiteral("fired@0 fired@20 fired@40"));
    QCOMPARE(p.decisions[0].reason, QStringLiteral("50s late"));
    QCOMPARE(p.decisions[2].reason, QStringLiteral("10s late"));
    QCOMPARE(p.missedCount, 0);
}

void TestOccurrencePlanner::misfirePolicies_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("expected");
    // Down from just before 00:00 to 00:47:30: the ten occurrences from 00:00 to 00:45 were missed.
    QTest::newRow("fire once") << int(MisfirePolicy::FireOnce) << 10
                               << "misfired@0 misfired@5 misfired@10 misfired@15 misfired@20 misfired@25 misfired@30 "
                                  "misfired@35 misfired@40 fired@45";
    QTest::newRow("skip") << int(MisfirePolicy::Skip) << 10
                          << "misfired@0 misfired@5 misfired@10 misfired@15 misfired@20 misfired@25 misfired@30 "
                             "misfired@35 misfired@40 misfired@45";
    QTest::newRow("catch up, limit 3") << int(MisfirePolicy::CatchUp) << 3
                                       << "misfired@0 misfired@5 misfired@10 misfired@15 misfired@20 misfired@25 "
                                          "misfired@30 fired@35 fired@40 fired@45";
    QTest::newRow("catch up, limit above the count") << int(MisfirePolicy::CatchUp) << 50
                                                     << "fired@0 fired@5 fired@10 fired@15 fired@20 fired@25 fired@30 "
                                                        "fired@35 fired@40 fired@45";
}

void TestOccurrencePlanner::misfirePolicies()
{
    QFETCH(int, policy);
    QFETCH(int, limit);
    QFETCH(QString, expected);
    const Setup s = everyFive(MisfirePolicy(policy), OverlapPolicy::Allow, limit);
    const auto p = planAt(s, kStart + 47 * kMinute + 30'000);
    QCOMPARE(summary(p), expected);
    QCOMPARE(p.missedCount, 10);
    QCOMPARE(p.nextFireAtMs, kStart + 50 * kMinute);
    QCOMPARE(p.lastFireAtMs, kStart + 45 * kMinute);
}

void TestOccurrencePlanner::missedOccurrencesSayWhy()
{
    // All missed, none on time: fire-once runs the newest, late, and says for how many.
    const Setup once = everyFive(MisfirePolicy::FireOnce);
    const auto p = planAt(once, kStart + 12 * kMinute);
    QCOMPARE(summary(p), QStringLiteral("misfired@0 misfired@5 fired@10"));
    QCOMPARE(p.decisions[0].reason, QStringLiteral("missed, 12m late, while no runner was firing schedules; one run stands for all "
                                                   "missed (misfire policy fire-once)"));
    QCOMPARE(p.decisions[2].reason, QStringLiteral("run 2m late, once for 3 missed occurrence(s) (misfire policy fire-once)"));
    const Setup skip = everyFive(MisfirePolicy::Skip);
    const auto q = OccurrencePlanner({}).plan({skip.record, skip.recurrence, {}, kStart + 7 * kMinute, {}, false,
                                               QStringLiteral("when the clock jumped forward by 7m")});
    QCOMPARE(summary(q), QStringLiteral("misfired@0 misfired@5"));
    QCOMPARE(q.decisions[1].reason, QStringLiteral("missed, 2m late, when the clock jumped forward by 7m; skipped "
                                                   "(misfire policy skip)"));
    const Setup catchUp = everyFive(MisfirePolicy::CatchUp, OverlapPolicy::Allow, 1);
    const auto c = planAt(catchUp, kStart + 12 * kMinute);
    QCOMPARE(summary(c), QStringLiteral("misfired@0 misfired@5 fired@10"));
    QVERIFY(c.decisions[0].reason.endsWith(QLatin1String("; beyond the catch-up limit of 1 (misfire policy catch-up)")));
    QCOMPARE(c.decisions[2].reason, QStringLiteral("caught up 2m late (misfire policy catch-up)"));
}

void TestOccurrencePlanner::fireOnceIsCoveredByAnOnTimeRun()
{
    // Down until 00:10:30: 00:00 and 00:05 were missed, 00:10 is on time and runs; it stands for them.
    const Setup s = everyFive(MisfirePolicy::FireOnce);
    const auto p = planAt(s, kStart + 10 * kMinute + 30'000);
    QCOMPARE(summary(p), QStringLiteral("misfired@0 misfired@5 fired@10"));
    QVERIFY(p.decisions[0].reason.endsWith(QLatin1String("; a later occurrence ran (misfire policy fire-once)")));
    QCOMPARE(p.decisions[2].reason, QStringLiteral("30s late"));
}

void TestOccurrencePlanner::longOutageRecordsOnlyTheMostRecent()
{
    // Down for a day less two minutes: 288 missed. The 101 most recent are recorded (100 misfired and the
    // one run that stands for all of them); the count says how many there were.
    const Setup s = everyFive(MisfirePolicy::FireOnce);
    const auto p = planAt(s, kStart + 1438 * kMinute);
    QCOMPARE(p.missedCount, 288);
    QCOMPARE(p.decisions.size(), size_t(101));
    QCOMPARE(p.decisions.back().outcome, OccurrenceOutcome::Fired);
    QCOMPARE(p.decisions.back().fireAtMs, kStart + 1435 * kMinute);
    QVERIFY2(p.decisions.back().reason.contains(QLatin1String("once for 288 missed")), qPrintable(p.decisions.back().reason));
    QCOMPARE(p.decisions.front().fireAtMs, kStart + 935 * kMinute);
    QCOMPARE(p.nextFireAtMs, kStart + 1440 * kMinute);
}

void TestOccurrencePlanner::outageLongerThanTheScanLimitSkipsAhead()
{
    // A tiny scan limit stands in for a schedule firing every second through a month-long outage: after it, the
    // count skips ahead to the last day.
    Setup s = everyFive(MisfirePolicy::Skip, OverlapPolicy::Allow, 1);
    OccurrencePlanner::Options options;
    options.scanLimit = 50;
    options.recordLimit = 5;
    const qint64 now = kStart + 10 * 1440 * kMinute + 2 * kMinute; // ten days
    const auto p = planAt(s, now, {}, false, {}, options);
    QCOMPARE(p.nextFireAtMs, kStart + 10 * 1440 * kMinute + kStep);
    QCOMPARE(p.decisions.size(), size_t(6));
    QCOMPARE(p.decisions.back().fireAtMs, kStart + 10 * 1440 * kMinute);
    QCOMPARE(p.missedCount, 50 + 288);
}

void TestOccurrencePlanner::overlapPolicies_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<bool>("running");
    QTest::addColumn<bool>("waiting");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("cancel");
    QTest::newRow("allow") << int(OverlapPolicy::Allow) << true << false << "fired@0" << "" << qint64(0);
    QTest::newRow("skip while running") << int(OverlapPolicy::Skip) << true << false << "skipped@0"
                                        << "job 41 is still running (overlap policy skip)" << qint64(0);
    QTest::newRow("skip while queued") << int(OverlapPolicy::Skip) << false << false << "skipped@0"
                                       << "job 41 is still queued (overlap policy skip)" << qint64(0);
    QTest::newRow("queue one") << int(OverlapPolicy::QueueOne) << true << false << "waiting@0"
                               << "job 41 is still running; waits for it to finish (overlap policy queue-one)" << qint64(0);
    QTest::newRow("queue one, one waits already")
        << int(OverlapPolicy::QueueOne) << true << true << "skipped@0"
        << "job 41 is still running and an earlier occurrence already waits for it (overlap policy queue-one)" << qint64(0);
    QTest::newRow("replace") << int(OverlapPolicy::Replace) << true << false << "fired@0"
                             << "replaced job 41, which was still running (overlap policy replace)" << qint64(41);
}

void TestOccurrencePlanner::overlapPolicies()
{
    QFETCH(int, policy);
    QFETCH(bool, running);
    QFETCH(bool, waiting);
    QFETCH(QString, expected);
    QFETCH(QString, reason);
    QFETCH(qint64, cancel);
    const Setup s = everyFive(MisfirePolicy::FireOnce, OverlapPolicy(policy));
    const auto p = planAt(s, kStart + 10, OccurrencePlanner::PreviousRun{41, running}, waiting);
    QCOMPARE(summary(p), expected);
    QCOMPARE(p.decisions[0].reason, reason);
    QCOMPARE(p.decisions[0].cancelJobId, cancel);
    // Without a previous run, every policy fires.
    QCOMPARE(summary(planAt(s, kStart + 10)), QStringLiteral("fired@0"));
}

void TestOccurrencePlanner::catchUpRunsMeetTheOverlapPolicyToo()
{
    const qint64 now = kStart + 15 * kMinute + 10; // 00:00 to 00:10 missed, 00:15 on time
    const Setup skip = everyFive(MisfirePolicy::CatchUp, OverlapPolicy::Skip);
    QCOMPARE(summary(planAt(skip, now)), QStringLiteral("fired@0 skipped@5 skipped@10 skipped@15"));
    const Setup queueOne = everyFive(MisfirePolicy::CatchUp, OverlapPolicy::QueueOne);
    QCOMPARE(summary(planAt(queueOne, now)), QStringLiteral("fired@0 waiting@5 skipped@10 skipped@15"));
    // Replace: only the last run happens; the ones it replaced never reach the queue.
    const Setup replace = everyFive(MisfirePolicy::CatchUp, OverlapPolicy::Replace);
    const auto p = planAt(replace, now, OccurrencePlanner::PreviousRun{7, true});
    QCOMPARE(summary(p), QStringLiteral("skipped@0 skipped@5 skipped@10 fired@15"));
    QCOMPARE(p.decisions[0].cancelJobId, 7); // the stored run is cancelled by the first replacement
    QVERIFY(p.decisions[0].reason.startsWith(QLatin1String("replaced by the occurrence of")));
    const Setup allow = everyFive(MisfirePolicy::CatchUp, OverlapPolicy::Allow);
    QCOMPARE(summary(planAt(allow, now)), QStringLiteral("fired@0 fired@5 fired@10 fired@15"));
}

void TestOccurrencePlanner::excludedDaysAreRecordedAsExcluded()
{
    Setup s = everyFive();
    s.record.spec = intervalSpec(QStringLiteral("d"), 86'400'000, kStart);
    s.recurrence = *s.record.spec.recurrence();
    const ExclusionCalendar holidays{QStringLiteral("holidays"), {{QDate(2026, 6, 1), QDate(2026, 6, 1)}}};
    const ExclusionCalendar other{QStringLiteral("other"), {{QDate(2026, 7, 1), QDate(2026, 7, 1)}}};
    const auto p = planAt(s, kStart + 5, {}, false, {&other, &holidays});
    QCOMPARE(summary(p), QStringLiteral("excluded@0"));
    QCOMPARE(p.decisions[0].reason, QStringLiteral("excluded by calendar holidays (2026-06-01)"));
    QCOMPARE(p.nextFireAtMs, kStart + 86'400'000);
    QCOMPARE(summary(planAt(s, kStart + 5, {}, false, {&other})), QStringLiteral("fired@0"));
}

void TestOccurrencePlanner::fireOnceRunsTheNewestMissedOccurrenceNotExcluded()
{
    // Missed through a holiday: the holiday's occurrences are excluded, the one run is the last ordinary one.
    Setup s = everyFive(MisfirePolicy::FireOnce);
    s.record.spec = intervalSpec(QStringLiteral("h"), 3'600'000 * 12, kStart); // 00:00 and 12:00 daily
    s.record.spec.misfire = MisfirePolicy::FireOnce;
    s.recurrence = *s.record.spec.recurrence();
    const ExclusionCalendar holiday{QStringLiteral("holiday"), {{QDate(2026, 6, 2), QDate(2026, 6, 2)}}};
    const auto p = planAt(s, kStart + 2 * 86'400'000 + 1, {}, false, {&holiday});
    // 06-01 00:00, 06-01 12:00, 06-02 00:00 (holiday), 06-02 12:00 (holiday); 06-03 00:00 is on time.
    QStringList outcomes;
    for (const auto &d : p.decisions)
        outcomes << occurrenceOutcomeName(d.outcome);
    QCOMPARE(outcomes, QStringList({"misfired", "misfired", "excluded", "excluded", "fired"}));
}

void TestOccurrencePlanner::occurrencesDuringAPauseArePassedOver()
{
    Setup s = everyFive(MisfirePolicy::CatchUp);
    s.record.pausedUntilMs = kStart + 30 * kMinute + 1;
    bool endPause = false;
    QCOMPARE(OccurrencePlanner::resumeCursor(s.record, s.recurrence, &endPause), kStart + 35 * kMinute);
    QVERIFY(endPause);
    // At 00:35, the pause is over: 00:00 to 00:30 are neither run nor missed.
    const auto p = planAt(s, kStart + 35 * kMinute + 10);
    QCOMPARE(summary(p), QStringLiteral("fired@35"));
    QVERIFY(p.endPause);
    QCOMPARE(p.missedCount, 0);
    // Before then, nothing is due; the cursor moves past the pause and the pause ends.
    const auto early = planAt(s, kStart + 10 * kMinute);
    QVERIFY(early.decisions.empty());
    QCOMPARE(early.nextFireAtMs, kStart + 35 * kMinute);
}

void TestOccurrencePlanner::onceScheduleHasNothingAfterItFired()
{
    Setup s = everyFive();
    s.record.spec.kind = ScheduleKind::Once;
    s.recurrence = *s.record.spec.recurrence();
    const auto p = planAt(s, kStart + 10);
    QCOMPARE(summary(p), QStringLiteral("fired@0"));
    QCOMPARE(p.nextFireAtMs, 0);
}

QTEST_GUILESS_MAIN(TestOccurrencePlanner)
#include "tst_occurrence_planner.moc"
