// The schedule side of the SQLite store: schedules and calendars round-trip, an occurrence is recorded once
// and its job enqueued in the same transaction (also when two stores race), the scheduler lease has one holder
// at a time, and a job waiting for its time can be moved.

#include "CoreTestSupport.h"
#include "ScheduleTestSupport.h"

#include <QThread>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kNow = 1'790'000'000'000; // 2026-09-21

FireOccurrence fired(qint64 scheduleId, qint64 fireAtMs, const QString &runner = QStringLiteral("r1"))
{
    FireOccurrence f;
    f.scheduleId = scheduleId;
    f.fireAtMs = fireAtMs;
    f.outcome = OccurrenceOutcome::Fired;
    f.job = makeSpec(QStringLiteral("noop"));
    f.nowMs = kNow;
    f.runner = runner;
    return f;
}

} // namespace

class TestScheduleStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scheduleRoundTripsWithItsExclusions();
    void aNameInUseIsRefusedUnlessReplaced();
    void userChangesMoveTheVersionOn();
    void firedOccurrenceEnqueuesItsJob();
    void anOccurrenceIsRecordedOnce();
    void occurrenceAndJobCommitTogetherOrNotAtAll();
    void twoStoresRacingFireEachOccurrenceOnce();
    void leaseHasOneHolderUntilItExpires();
    void fireNeedsTheLeaseWhenAskedTo();
    void waitingOccurrenceIsReleasedOnce();
    void cursorNeverMovesBackNorOverAUserChange();
    void calendarsCollectTheirDates();
    void calendarDatesAreParsedWithClearErrors();
    void deletingAJobKeepsItsOccurrence();
    void onlyAJobWaitingForItsTimeCanBeMoved();
};

void TestScheduleStore::scheduleRoundTripsWithItsExclusions()
{
    TempStore t;
    t.store->apply({SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 12, 25), QDate(2026, 12, 26)}}, kNow}});
    ScheduleSpec spec;
    spec.name = QStringLiteral("nightly report");
    spec.cron = QStringLiteral("30 2 * * 1-5");
    spec.zone = QStringLiteral("Europe/Berlin");
    spec.job = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 5}});
    spec.job.queue = QStringLiteral("reports");
    spec.job.priority = 3;
    spec.job.maxAttempts = 2;
    spec.job.timeoutMs = 60'000;
    spec.misfire = MisfirePolicy::CatchUp;
    spec.catchUpLimit = 4;
    spec.overlap = OverlapPolicy::QueueOne;
    spec.exclusions = {QStringLiteral("holidays")};
    const qint64 id = saveSchedule(*t.store, spec, kNow);
    QVERIFY(id > 0);

    const auto reader = t.store->openScheduleReader();
    const auto stored = reader->schedule(QStringLiteral("nightly report"));
    QVERIFY(stored);
    QCOMPARE(stored->id, id);
    QCOMPARE(stored->spec.cron, spec.cron);
    QCOMPARE(stored->spec.zone, spec.zone);
    QCOMPARE(stored->spec.job.kind, QStringLiteral("sleep"));
    QCOMPARE(stored->spec.job.payload, QByteArray("{\"ms\":5}"));
    QCOMPARE(stored->spec.job.queue, QStringLiteral("reports"));
    QCOMPARE(stored->spec.job.priority, 3);
    QCOMPARE(stored->spec.job.maxAttempts, 2);
    QCOMPARE(stored->spec.job.timeoutMs, 60'000);
    QCOMPARE(stored->spec.misfire, MisfirePolicy::CatchUp);
    QCOMPARE(stored->spec.catchUpLimit, 4);
    QCOMPARE(stored->spec.overlap, OverlapPolicy::QueueOne);
    QCOMPARE(stored->spec.exclusions, QStringList{QStringLiteral("holidays")});
    QVERIFY(stored->enabled);
    // The first occurrence after now: 02:30 Berlin time on the next weekday.
    QCOMPARE(formatLocalIso(stored->nextFireAtMs, *ZoneRules::forZone(spec.zone)), QStringLiteral("2026-09-22T02:30:00+02:00"));
    QCOMPARE(reader->schedules().size(), size_t(1));
}

void TestScheduleStore::aNameInUseIsRefusedUnlessReplaced()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    QVERIFY(id > 0);
    QCOMPARE(saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 5000, kNow), kNow), 0);
    const auto replace = ScheduleCommands::save(intervalSpec(QStringLiteral("a"), 5000, kNow), kNow + 1, true, nullptr);
    const BatchResult r = t.store->apply({*replace});
    QVERIFY(r.ok && r.results.front().applied);
    QCOMPARE(r.results.front().rowId, id); // the same schedule, so its history stays with it
    const auto stored = t.store->openScheduleReader()->schedule(QStringLiteral("a"));
    QCOMPARE(stored->spec.everyMs, 5000);
    QCOMPARE(stored->createdAtMs, kNow);
    QCOMPARE(stored->updatedAtMs, kNow + 1);
}

void TestScheduleStore::userChangesMoveTheVersionOn()
{
    TempStore t;
    const auto reader = t.store->openScheduleReader();
    QCOMPARE(reader->version(), QStringLiteral("0"));
    saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    const QString afterSave = reader->version();
    QVERIFY(afterSave != QStringLiteral("0"));
    t.store->apply({ScheduleCommands::pause(QStringLiteral("a"), 0, kNow)});
    const QString afterPause = reader->version();
    QVERIFY(afterPause != afterSave);
    // The scheduler's own bookkeeping is not a user change.
    t.store->apply({fired(1, kNow + 60'000), AdvanceSchedule{1, kNow + 120'000, kNow + 60'000, false, kNow, {}, kNow}});
    QCOMPARE(reader->version(), afterPause);
    t.store->apply({DeleteSchedule{QStringLiteral("a")}});
    QVERIFY(reader->version() != afterPause);
}

void TestScheduleStore::firedOccurrenceEnqueuesItsJob()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    const BatchResult r = t.store->apply({fired(id, kNow + 60'000)});
    QVERIFY(r.ok);
    QVERIFY(r.results.front().applied);
    const qint64 jobId = r.results.front().jobId;
    QVERIFY(jobId > 0);
    QCOMPARE(t.stateOf(jobId), QStringLiteral("queued"));
    const auto occurrences = t.store->openScheduleReader()->occurrences({kNow, kNow + 3'600'000, 0, 100});
    QCOMPARE(occurrences.size(), size_t(1));
    QCOMPARE(occurrences[0].scheduleName, QStringLiteral("a"));
    QCOMPARE(occurrences[0].fireAtMs, kNow + 60'000);
    QCOMPARE(occurrences[0].outcome, OccurrenceOutcome::Fired);
    QCOMPARE(occurrences[0].jobId, jobId);
    QCOMPARE(occurrences[0].jobState, std::optional<JobState>(JobState::Queued));
    QCOMPARE(occurrences[0].kind, QStringLiteral("noop"));
}

void TestScheduleStore::anOccurrenceIsRecordedOnce()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    QVERIFY(t.store->apply({fired(id, kNow + 60'000)}).results.front().applied);
    // Another runner, or this one after a reload, fires it again: nothing happens.
    FireOccurrence again = fired(id, kNow + 60'000, QStringLiteral("r2"));
    again.outcome = OccurrenceOutcome::Skipped;
    const BatchResult r = t.store->apply({fired(id, kNow + 60'000, QStringLiteral("r2")), again});
    QVERIFY(r.ok);
    QVERIFY(!r.results[0].applied);
    QVERIFY(!r.results[1].applied);
    QCOMPARE(r.results[0].jobId, 0);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences")), 1);
}

void TestScheduleStore::occurrenceAndJobCommitTogetherOrNotAtAll()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    // A batch whose last write fails (an exclusion calendar that does not exist): the occurrence and its job,
    // written before it in the same transaction, are gone with it.
    ScheduleRecord broken;
    broken.spec = intervalSpec(QStringLiteral("b"), 60'000, kNow);
    broken.spec.exclusions = {QStringLiteral("no such calendar")};
    const BatchResult r = t.store->apply({fired(id, kNow + 60'000), SaveSchedule{broken, false, kNow}});
    QVERIFY(!r.ok);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 0);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences")), 0);
    // And the occurrence can still fire afterwards.
    QVERIFY(t.store->apply({fired(id, kNow + 60'000)}).results.front().applied);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
}

void TestScheduleStore::twoStoresRacingFireEachOccurrenceOnce()
{
    TempStore t;
    constexpr int kSchedules = 10;
    constexpr int kOccurrences = 60;
    std::vector<qint64> ids;
    for (int i = 0; i < kSchedules; ++i)
        ids.push_back(saveSchedule(*t.store, intervalSpec(QStringLiteral("s%1").arg(i), 1000, kNow), kNow));
    auto second = openJobStore(t.path);
    // Two writers (as two runner processes would have), each firing every occurrence, one batch per occurrence
    // time, from two threads at once.
    const auto fireAll = [&ids](JobStore &store, const QString &runner) {
        int applied = 0;
        for (int k = 1; k <= kOccurrences; ++k) {
            WriteBatch batch;
            for (qint64 id : ids)
                batch.push_back(fired(id, kNow + k * 1000, runner));
            const BatchResult r = store.apply(std::move(batch));
            for (const MutationResult &m : r.results)
                applied += m.applied ? 1 : 0;
        }
        return applied;
    };
    int appliedA = 0, appliedB = 0;
    QThread *a = QThread::create([&] { appliedA = fireAll(*t.store, QStringLiteral("A")); });
    QThread *b = QThread::create([&] { appliedB = fireAll(*second, QStringLiteral("B")); });
    a->start();
    b->start();
    QVERIFY(a->wait(60'000));
    QVERIFY(b->wait(60'000));
    delete a;
    delete b;
    QCOMPARE(appliedA + appliedB, kSchedules * kOccurrences);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), kSchedules * kOccurrences);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences WHERE job_id IS NOT NULL")),
             kSchedules * kOccurrences);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(DISTINCT job_id) FROM schedule_occurrences")),
             kSchedules * kOccurrences);
}

void TestScheduleStore::leaseHasOneHolderUntilItExpires()
{
    TempStore t;
    const auto acquire = [&](const char *owner, qint64 now) {
        return t.store->apply({AcquireSchedulerLease{QLatin1String(owner), now, now + 30'000}}).results.front().applied;
    };
    QVERIFY(acquire("A", kNow));
    QVERIFY(!acquire("B", kNow + 1000));
    QVERIFY(acquire("A", kNow + 10'000)); // renewed: now until kNow + 40 s
    QVERIFY(!acquire("B", kNow + 35'000));
    QVERIFY(acquire("B", kNow + 40'001)); // A stopped renewing: B takes over
    QVERIFY(!acquire("A", kNow + 40'002));
    const auto reader = t.store->openScheduleReader();
    QCOMPARE(reader->schedulerLease().owner, QStringLiteral("B"));
    QVERIFY(!t.store->apply({ReleaseSchedulerLease{QStringLiteral("A")}}).results.front().applied);
    QVERIFY(t.store->apply({ReleaseSchedulerLease{QStringLiteral("B")}}).results.front().applied);
    QCOMPARE(reader->schedulerLease().owner, QString());
    QVERIFY(acquire("A", kNow + 40'003)); // released: taken at once
}

void TestScheduleStore::fireNeedsTheLeaseWhenAskedTo()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    t.store->apply({AcquireSchedulerLease{QStringLiteral("B"), kNow, kNow + 30'000}});
    FireOccurrence f = fired(id, kNow + 60'000, QStringLiteral("A"));
    f.leaseOwner = QStringLiteral("A");
    AdvanceSchedule advance{id, kNow + 120'000, kNow + 60'000, false, kNow, QStringLiteral("A"), kNow};
    BatchResult r = t.store->apply({f, advance});
    QVERIFY(r.ok);
    QVERIFY(!r.results[0].applied);
    QVERIFY(!r.results[1].applied);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 0);
    f.leaseOwner = advance.leaseOwner = QStringLiteral("B");
    r = t.store->apply({f, advance});
    QVERIFY(r.results[0].applied);
    QVERIFY(r.results[1].applied);
}

void TestScheduleStore::waitingOccurrenceIsReleasedOnce()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    FireOccurrence waiting = fired(id, kNow + 60'000);
    waiting.outcome = OccurrenceOutcome::Waiting;
    waiting.job.reset();
    const qint64 occurrence = t.store->apply({waiting}).results.front().rowId;
    const auto reader = t.store->openScheduleReader();
    QCOMPARE(reader->waitingOccurrences().size(), size_t(1));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 0);
    const ReleaseWaitingOccurrence release{occurrence, makeSpec(QStringLiteral("noop")), QStringLiteral("released"), kNow, {}};
    const BatchResult r = t.store->apply({release, release});
    QVERIFY(r.results[0].applied);
    QVERIFY(r.results[0].jobId > 0);
    QVERIFY(!r.results[1].applied);
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs")), 1);
    QVERIFY(reader->waitingOccurrences().empty());
    QCOMPARE(reader->activeRun(id)->jobId, r.results[0].jobId);
}

void TestScheduleStore::cursorNeverMovesBackNorOverAUserChange()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    const auto reader = t.store->openScheduleReader();
    const qint64 updated = reader->schedule(QStringLiteral("a"))->updatedAtMs;
    QVERIFY(t.store->apply({AdvanceSchedule{id, kNow + 180'000, kNow + 120'000, false, updated, {}, kNow}}).results.front().applied);
    QVERIFY(!t.store->apply({AdvanceSchedule{id, kNow + 120'000, kNow + 60'000, false, updated, {}, kNow}}).results.front().applied);
    QCOMPARE(reader->schedule(QStringLiteral("a"))->nextFireAtMs, kNow + 180'000);
    t.store->apply({SetScheduleState{QStringLiteral("a"), std::nullopt, std::nullopt, kNow + 600'000, kNow + 5}});
    // A scheduler that read the schedule before that change does not overwrite it.
    QVERIFY(!t.store->apply({AdvanceSchedule{id, kNow + 240'000, kNow + 180'000, false, updated, {}, kNow}}).results.front().applied);
    QCOMPARE(reader->schedule(QStringLiteral("a"))->nextFireAtMs, kNow + 600'000);
}

void TestScheduleStore::calendarsCollectTheirDates()
{
    TempStore t;
    t.store->apply({SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 12, 25), QDate(2026, 12, 25)}}, kNow}});
    const BatchResult more = t.store->apply(
        {SaveCalendar{QStringLiteral("holidays"), {{QDate(2026, 12, 31), QDate(2027, 1, 1)}, {QDate(2026, 12, 25), QDate(2026, 12, 25)}}, kNow}});
    QVERIFY(!more.results.front().created);
    QCOMPARE(more.results.front().affected, 1); // the 25th was there already
    t.store->apply({SaveCalendar{QStringLiteral("freeze"), {{QDate(2026, 11, 20), QDate(2026, 11, 30)}}, kNow}});
    const auto calendars = t.store->openScheduleReader()->calendars();
    QCOMPARE(calendars.size(), size_t(2));
    QCOMPARE(calendars[0].name, QStringLiteral("freeze"));
    QCOMPARE(calendars[1].name, QStringLiteral("holidays"));
    QCOMPARE(calendars[1].datesText(), QStringLiteral("2026-12-25, 2026-12-31..2027-01-01"));
    QVERIFY(calendars[1].excludes(QDate(2027, 1, 1)));
    QVERIFY(!calendars[1].excludes(QDate(2027, 1, 2)));
    QVERIFY(calendars[0].excludes(QDate(2026, 11, 25)));
}

void TestScheduleStore::calendarDatesAreParsedWithClearErrors()
{
    QString error;
    const auto ok = ExclusionCalendar::parseDates(QStringLiteral("2026-12-24, 2026-12-28..2027-01-01,2027-02-01/2027-02-03"), &error);
    QVERIFY(ok);
    QCOMPARE(ok->size(), size_t(3));
    QCOMPARE(ok->at(1).second, QDate(2027, 1, 1));
    QCOMPARE(ok->at(2).first, QDate(2027, 2, 1));
    QVERIFY(!ExclusionCalendar::parseDates(QStringLiteral("2026-02-30"), &error));
    QCOMPARE(error, QStringLiteral("bad date \"2026-02-30\": write dates as YYYY-MM-DD"));
    QVERIFY(!ExclusionCalendar::parseDates(QStringLiteral("2026-12-31..2026-12-01"), &error));
    QCOMPARE(error, QStringLiteral("bad date range \"2026-12-31..2026-12-01\": it ends before it starts"));
    QVERIFY(!ExclusionCalendar::parseDates(QStringLiteral(" , "), &error));
    QCOMPARE(error, QStringLiteral("no dates given: write them like 2026-12-24,2026-12-28..2027-01-01"));
}

void TestScheduleStore::deletingAJobKeepsItsOccurrence()
{
    TempStore t;
    const qint64 id = saveSchedule(*t.store, intervalSpec(QStringLiteral("a"), 60'000, kNow), kNow);
    const qint64 jobId = t.store->apply({fired(id, kNow + 60'000)}).results.front().jobId;
    QVERIFY(t.store->apply({DeleteJob{jobId}}).results.front().applied);
    const auto occurrences = t.store->openScheduleReader()->occurrences({0, kNow * 2, 0, 100});
    QCOMPARE(occurrences.size(), size_t(1));
    QCOMPARE(occurrences[0].jobId, 0);
    QVERIFY(!occurrences[0].jobState);
    // Deleting the schedule takes its history with it.
    t.store->apply({DeleteSchedule{QStringLiteral("a")}});
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM schedule_occurrences")), 0);
}

void TestScheduleStore::onlyAJobWaitingForItsTimeCanBeMoved()
{
    TempStore t;
    JobSpec later = makeSpec(QStringLiteral("noop"));
    later.runAtMs = kNow + 3'600'000;
    const qint64 scheduled = t.enqueue(later, kNow);
    const qint64 queued = t.enqueue(makeSpec(QStringLiteral("noop")), kNow);
    const BatchResult r = t.store->apply({RescheduleJob{scheduled, kNow + 7'200'000, kNow, QStringLiteral("moved")},
                                          RescheduleJob{queued, kNow + 7'200'000, kNow, QStringLiteral("moved")}});
    QVERIFY(r.results[0].applied);
    QVERIFY(!r.results[1].applied);
    QCOMPARE(t.reader->job(scheduled)->runAtMs, kNow + 7'200'000);
    QCOMPARE(t.reader->job(scheduled)->stateReason, QStringLiteral("moved"));
    QCOMPARE(t.reader->job(queued)->runAtMs, kNow);
}

QTEST_GUILESS_MAIN(TestScheduleStore)
#include "tst_schedule_store.moc"
