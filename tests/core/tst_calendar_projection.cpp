// What the calendar shows for a range: occurrences still to come (from each schedule's zone, for that range
// only), recorded ones, one-off jobs, filters, excluded days and daylight-saving changes.

#include "ScheduleTestSupport.h"
#include "schedule/CalendarProjection.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

const qint64 kDay = 86'400'000;

qint64 at(const char *iso)
{
    return *parseIsoTime(QString::fromLatin1(iso));
}

ScheduleRecord record(qint64 id, const ScheduleSpec &spec, qint64 nowMs)
{
    ScheduleRecord r;
    r.id = id;
    r.spec = spec;
    r.nextFireAtMs = *spec.recurrence()->next(nowMs);
    return r;
}

CalendarProjection::Input input(const char *from, const char *to, const char *now, const char *zone = "UTC")
{
    CalendarProjection::Input in;
    in.fromMs = at(from);
    in.toMs = at(to);
    in.nowMs = at(now);
    in.displayZone = ZoneRules::forZone(QString::fromLatin1(zone));
    return in;
}

QStringList times(const CalendarProjection::Result &r, const ZoneRules &zone)
{
    QStringList out;
    for (const CalendarEntry &e : r.entries)
        out << formatLocalIso(e.atMs, zone);
    return out;
}

} // namespace

class TestCalendarProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void projectsOnlyTheRangeAfterNow();
    void denseSchedulesAreCutAndSaySo();
    void recordedOccurrencesAndOneOffJobsJoinIn();
    void filtersByScheduleQueueAndKind();
    void excludedDaysAreMarked();
    void daylightSavingDaysAreMarked();
    void disabledAndPausedSchedulesProjectAccordingly();
    void wallClockTimesBecomeInstants();
};

void TestCalendarProjection::projectsOnlyTheRangeAfterNow()
{
    auto in = input("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-03-10T12:00:00Z");
    ScheduleSpec spec;
    spec.name = QStringLiteral("weekly");
    spec.cron = QStringLiteral("30 2 * * MON");
    spec.zone = QStringLiteral("Europe/Berlin");
    spec.job.kind = QStringLiteral("noop");
    in.schedules = {record(1, spec, in.nowMs)};
    const auto r = CalendarProjection::build(in);
    // Mondays after March 10, in Berlin time: the one after the change to summer time is an hour earlier in UTC.
    QCOMPARE(times(r, *ZoneRules::forZone(QStringLiteral("Europe/Berlin"))),
             QStringList({"2026-03-16T02:30:00+01:00", "2026-03-23T02:30:00+01:00", "2026-03-30T02:30:00+02:00"}));
    QCOMPARE(r.entries[0].type, CalendarEntry::Type::Projected);
    QCOMPARE(r.entries[0].title, QStringLiteral("weekly"));
    QVERIFY(!r.entries[0].movable);
    QVERIFY(r.truncated.isEmpty());
}

void TestCalendarProjection::denseSchedulesAreCutAndSaySo()
{
    auto in = input("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-02-01T00:00:00Z");
    in.perScheduleLimit = 100;
    in.schedules = {record(1, intervalSpec(QStringLiteral("often"), 60'000, at("2026-01-01T00:00:00Z")), in.nowMs)};
    const auto r = CalendarProjection::build(in);
    QCOMPARE(r.entries.size(), size_t(100));
    QCOMPARE(r.truncated, QStringList{QStringLiteral("often")});
}

void TestCalendarProjection::recordedOccurrencesAndOneOffJobsJoinIn()
{
    auto in = input("2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z", "2026-03-03T00:00:00Z");
    OccurrenceRecord o;
    o.scheduleId = 1;
    o.scheduleName = QStringLiteral("daily");
    o.fireAtMs = at("2026-03-02T06:00:00Z");
    o.outcome = OccurrenceOutcome::Fired;
    o.jobId = 17;
    o.jobState = JobState::Dead;
    o.kind = QStringLiteral("noop");
    o.queue = QStringLiteral("default");
    OccurrenceRecord skipped = o;
    skipped.fireAtMs = at("2026-03-01T06:00:00Z");
    skipped.outcome = OccurrenceOutcome::Skipped;
    skipped.jobId = 0;
    skipped.jobState.reset();
    skipped.reason = QStringLiteral("job 16 is still running (overlap policy skip)");
    in.occurrences = {skipped, o};
    JobRecord later;
    later.id = 30;
    later.kind = QStringLiteral("sleep");
    later.queue = QStringLiteral("media");
    later.state = JobState::Scheduled;
    later.runAtMs = at("2026-03-05T09:00:00Z");
    in.oneOffJobs = {later};
    const auto r = CalendarProjection::build(in);
    QCOMPARE(r.entries.size(), size_t(3));
    QCOMPARE(r.entries[0].outcome, std::optional<OccurrenceOutcome>(OccurrenceOutcome::Skipped));
    QCOMPARE(r.entries[0].reason, skipped.reason);
    QCOMPARE(r.entries[1].jobState, std::optional<JobState>(JobState::Dead));
    QCOMPARE(r.entries[1].jobId, 17);
    QCOMPARE(r.entries[2].type, CalendarEntry::Type::OneOffJob);
    QCOMPARE(r.entries[2].title, QStringLiteral("sleep #30"));
    QVERIFY(r.entries[2].movable);
}

void TestCalendarProjection::filtersByScheduleQueueAndKind()
{
    auto in = input("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-02-01T00:00:00Z");
    ScheduleSpec a = intervalSpec(QStringLiteral("a"), 6 * 3'600'000, at("2026-01-01T00:00:00Z"));
    ScheduleSpec b = a;
    b.name = QStringLiteral("b");
    b.job.kind = QStringLiteral("sleep");
    b.job.queue = QStringLiteral("media");
    in.schedules = {record(1, a, in.nowMs), record(2, b, in.nowMs)};
    JobRecord later;
    later.id = 3;
    later.kind = QStringLiteral("noop");
    later.queue = QStringLiteral("default");
    later.state = JobState::Scheduled;
    later.runAtMs = at("2026-03-01T10:00:00Z");
    in.oneOffJobs = {later};
    const auto count = [&](CalendarFilter f) {
        in.filter = f;
        return int(CalendarProjection::build(in).entries.size());
    };
    QCOMPARE(count({}), 4 + 4 + 1);
    QCOMPARE(count({QStringLiteral("a"), {}, {}}), 4); // one-off jobs belong to no schedule
    QCOMPARE(count({{}, QStringLiteral("media"), {}}), 4);
    QCOMPARE(count({{}, {}, QStringLiteral("noop")}), 4 + 1);
    QCOMPARE(count({{}, QStringLiteral("media"), QStringLiteral("noop")}), 0);
}

void TestCalendarProjection::excludedDaysAreMarked()
{
    auto in = input("2026-12-20T00:00:00Z", "2026-12-28T00:00:00Z", "2026-12-01T00:00:00Z");
    ScheduleSpec daily = intervalSpec(QStringLiteral("daily"), kDay, at("2026-01-01T08:00:00Z"));
    daily.exclusions = {QStringLiteral("holidays")};
    ScheduleSpec other = intervalSpec(QStringLiteral("other"), kDay, at("2026-01-01T09:00:00Z"));
    in.schedules = {record(1, daily, in.nowMs), record(2, other, in.nowMs)};
    in.calendars = {{QStringLiteral("holidays"), {{QDate(2026, 12, 24), QDate(2026, 12, 26)}}},
                    {QStringLiteral("unused"), {{QDate(2026, 12, 21), QDate(2026, 12, 21)}}}};
    auto r = CalendarProjection::build(in);
    QCOMPARE(r.days.keys(), QList<QDate>({QDate(2026, 12, 24), QDate(2026, 12, 25), QDate(2026, 12, 26)}));
    QCOMPARE(r.days[QDate(2026, 12, 25)].excludedBy, QStringList{QStringLiteral("holidays")});
    int excluded = 0;
    for (const CalendarEntry &e : r.entries) {
        excluded += e.excluded ? 1 : 0;
        if (e.excluded) {
            QCOMPARE(e.title, QStringLiteral("daily"));
            QCOMPARE(e.reason, QStringLiteral("excluded by calendar holidays"));
        }
    }
    QCOMPARE(excluded, 3);
    // Showing only the other schedule, the holidays are not its business.
    in.filter.schedule = QStringLiteral("other");
    QVERIFY(CalendarProjection::build(in).days.isEmpty());
}

void TestCalendarProjection::daylightSavingDaysAreMarked()
{
    auto berlin = input("2026-03-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-01-01T00:00:00Z", "Europe/Berlin");
    const auto r = CalendarProjection::build(berlin);
    QCOMPARE(r.days.size(), 2);
    QCOMPARE(r.days[QDate(2026, 3, 29)].daylightChange,
             QStringLiteral("Clocks go forward 1 hour at 02:00 (UTC+01:00 to UTC+02:00)"));
    QCOMPARE(r.days[QDate(2026, 10, 25)].daylightChange,
             QStringLiteral("Clocks go back 1 hour at 03:00 (UTC+02:00 to UTC+01:00)"));
    QCOMPARE(r.days[QDate(2026, 3, 29)].daylightShift, 3600);
    QCOMPARE(r.days[QDate(2026, 3, 29)].daylightChangeAt, QTime(2, 0));
    QCOMPARE(r.days[QDate(2026, 3, 29)].daylightTag(), QStringLiteral("Clocks +1h"));
    QCOMPARE(r.days[QDate(2026, 10, 25)].daylightChangeAt, QTime(3, 0));
    QCOMPARE(r.days[QDate(2026, 10, 25)].daylightTag(), QStringLiteral("Clocks \u22121h"));
    auto lordHowe = input("2026-04-01T00:00:00Z", "2026-04-10T00:00:00Z", "2026-01-01T00:00:00Z", "Australia/Lord_Howe");
    const auto l = CalendarProjection::build(lordHowe);
    QCOMPARE(l.days[QDate(2026, 4, 5)].daylightChange,
             QStringLiteral("Clocks go back 30 minutes at 02:00 (UTC+11:00 to UTC+10:30)"));
    QCOMPARE(l.days[QDate(2026, 4, 5)].daylightShift, -1800);
    QCOMPARE(l.days[QDate(2026, 4, 5)].daylightTag(), QStringLiteral("Clocks \u221230m"));
    auto utc = input("2026-03-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-01-01T00:00:00Z", "UTC");
    QVERIFY(CalendarProjection::build(utc).days.isEmpty());
}

void TestCalendarProjection::disabledAndPausedSchedulesProjectAccordingly()
{
    auto in = input("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z", "2026-02-01T00:00:00Z");
    ScheduleRecord paused = record(1, intervalSpec(QStringLiteral("paused"), kDay, at("2026-01-01T08:00:00Z")), in.nowMs);
    paused.pausedUntilMs = at("2026-03-06T00:00:00Z");
    ScheduleRecord off = record(2, intervalSpec(QStringLiteral("off"), kDay, at("2026-01-01T08:00:00Z")), in.nowMs);
    off.enabled = false;
    ScheduleSpec onceSpec = intervalSpec(QStringLiteral("once"), 0, at("2026-03-04T18:00:00Z"));
    onceSpec.kind = ScheduleKind::Once;
    in.schedules = {paused, off, record(3, onceSpec, in.nowMs)};
    const auto r = CalendarProjection::build(in);
    QCOMPARE(r.entries.size(), size_t(1 + 5)); // the once, and March 6 to 10
    QCOMPARE(r.entries[0].title, QStringLiteral("once"));
    QVERIFY(r.entries[0].movable);
    QCOMPARE(r.entries[1].atMs, at("2026-03-06T08:00:00Z"));
}

void TestCalendarProjection::wallClockTimesBecomeInstants()
{
    const auto berlin = ZoneRules::forZone(QStringLiteral("Europe/Berlin"));
    QCOMPARE(CalendarProjection::instantOf(QDate(2026, 7, 1), QTime(9, 0), *berlin), at("2026-07-01T09:00:00+02:00"));
    // 02:30 on the day the clocks go forward does not exist: it becomes 03:00, as an occurrence would.
    QCOMPARE(CalendarProjection::instantOf(QDate(2026, 3, 29), QTime(2, 30), *berlin), at("2026-03-29T03:00:00+02:00"));
    QCOMPARE(berlin->dateAt(at("2026-03-29T23:30:00Z")), QDate(2026, 3, 30));
}

QTEST_GUILESS_MAIN(TestCalendarProjection)
#include "tst_calendar_projection.moc"
