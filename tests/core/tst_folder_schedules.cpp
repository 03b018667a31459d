// Schedules from settings.job, with an injected clock: a triggered job with a "schedule" gets a schedule named
// jobs/NAME that enqueues it; editing or removing the schedule (or the job) updates or removes it, keeping a
// user's pause; a bad cron is the error of its job only; schedules made by hand are never touched.

#include "CoreTestSupport.h"
#include "JobsFolderTestSupport.h"
#include "ScheduleTestSupport.h"

#include "definitions/DefinitionSchedules.h"
#include "definitions/JobsFolder.h"
#include "schedule/Scheduler.h"

#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kMinute = 60'000;
const qint64 kStart = *parseIsoTime(QStringLiteral("2026-06-01T00:00:00Z"));

std::optional<ScheduleRecord> stored(JobStore &store, const QString &name)
{
    return store.openScheduleReader()->schedule(name);
}

QStringList scheduleNames(JobStore &store)
{
    QStringList names;
    for (const ScheduleRecord &r : store.openScheduleReader()->schedules())
        names << r.spec.name;
    return names;
}

std::vector<OccurrenceRecord> occurrencesOf(JobStore &store, qint64 scheduleId)
{
    return store.openScheduleReader()->occurrences({0, kStart * 2, scheduleId, 1000});
}

// What a schedule is, for telling whether anything but the scheduler's cursor (next and last times) wrote to it.
QString fingerprint(const ScheduleRecord &r)
{
    return QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8")
        .arg(r.id)
        .arg(r.spec.definition, r.spec.job.kind, r.spec.cron)
        .arg(r.spec.everyMs)
        .arg(r.updatedAtMs)
        .arg(r.enabled)
        .arg(overlapName(r.spec.overlap));
}

} // namespace

class FolderSchedulesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void folderSchedulesFollowSettingsJobAndLeaveHandMadeOnesAlone()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("nightly"), "echo \"nightly run\"\n",
                         R"({"schedule": "*/5 * * * *", "is_singleton": true, "queue": "reports"})");
        folder.triggered(QStringLiteral("hourly"), "echo hourly\n", R"({"schedule": "0 * * * *"})");
        folder.triggered(QStringLiteral("manual"), "echo manual\n");
        TempStore t;
        QVERIFY(t.store->apply({JobsFolder::remember(folder.path())}).ok);
        ManualClock clock(kStart - 1000);
        // A user's schedules: one of the same definition, one of a built-in kind.
        ScheduleSpec byHand = intervalSpec(QStringLiteral("nightly by hand"), 7 * kMinute, kStart);
        byHand.job.kind.clear();
        byHand.definition = QStringLiteral("nightly");
        QVERIFY(saveSchedule(*t.store, byHand, clock.nowMs()) > 0);
        QVERIFY(saveSchedule(*t.store, intervalSpec(QStringLiteral("ticks"), 60 * kMinute, kStart + 30 * kMinute), clock.nowMs()) > 0);
        const QString byHandBefore = fingerprint(*stored(*t.store, QStringLiteral("nightly by hand")));
        const QString ticksBefore = fingerprint(*stored(*t.store, QStringLiteral("ticks")));

        JobDefinitions definitions(builtInKinds(), JobDefinitions::Watching::On);
        const HandlerRegistry registry = registryWith(definitions);
        Engine engine(*t.store, registry, engineOptions(1), clock);
        JobsFolder jobsFolder(engine, definitions);
        QSignalSpy reports(&jobsFolder, &JobsFolder::report);
        engine.start();

        // Loading the folder made one schedule per triggered job with a "schedule".
        QTRY_COMPARE_WITH_TIMEOUT(scheduleNames(*t.store),
                                  (QStringList{QStringLiteral("jobs/hourly"), QStringLiteral("jobs/nightly"),
                                               QStringLiteral("nightly by hand"), QStringLiteral("ticks")}),
                                  10'000);
        const ScheduleRecord nightly = *stored(*t.store, QStringLiteral("jobs/nightly"));
        QCOMPARE(nightly.spec.kind, ScheduleKind::Cron);
        QCOMPARE(nightly.spec.cron, QStringLiteral("*/5 * * * *"));
        QCOMPARE(nightly.spec.definition, QStringLiteral("nightly"));
        QCOMPARE(nightly.spec.overlap, OverlapPolicy::Skip); // is_singleton
        QCOMPARE(nightly.spec.misfire, MisfirePolicy::FireOnce);
        QVERIFY(nightly.enabled);
        QCOMPARE(nightly.nextFireAtMs, *nightly.spec.recurrence()->next(kStart - 1000));
        QVERIFY(nightly.nextFireAtMs <= kStart + 5 * kMinute);
        const ScheduleRecord hourly = *stored(*t.store, QStringLiteral("jobs/hourly"));
        QCOMPARE(hourly.spec.overlap, OverlapPolicy::Allow);

        // It fires the definition's job, with the definition's settings.
        clock.set(nightly.nextFireAtMs + 20);
        engine.scheduler().reload();
        engine.scheduler().runDue();
        QTRY_COMPARE_WITH_TIMEOUT(occurrencesOf(*t.store, nightly.id).size(), size_t(1), 10'000);
        const OccurrenceRecord fired = occurrencesOf(*t.store, nightly.id).front();
        QCOMPARE(fired.outcome, OccurrenceOutcome::Fired);
        QCOMPARE(fired.fireAtMs, nightly.nextFireAtMs);
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(fired.jobId), QStringLiteral("succeeded"), 30'000);
        const JobRecord job = *t.reader->job(fired.jobId);
        QCOMPARE(job.kind, QStringLiteral("nightly"));
        QCOMPARE(job.queue, QStringLiteral("reports"));
        QVERIFY(job.singleton);
        QCOMPARE(t.reader->logTail(fired.jobId, 10).front().text, QStringLiteral("nightly run"));
        QTRY_COMPARE_WITH_TIMEOUT(stored(*t.store, QStringLiteral("jobs/nightly"))->lastFireAtMs, fired.fireAtMs, 10'000);

        // A user disables it, then settings.job changes its cron and drops is_singleton: the schedule follows, its
        // history and the user's disabling stay, and the untouched hourly schedule is not rewritten.
        QTRY_VERIFY_WITH_TIMEOUT(stored(*t.store, QStringLiteral("jobs/hourly"))->lastFireAtMs > 0, 10'000); // fired too
        const QString hourlyBefore = fingerprint(*stored(*t.store, QStringLiteral("jobs/hourly")));
        QVERIFY(submitAndWait(engine, {ScheduleCommands::pause(QStringLiteral("jobs/nightly"), 0, clock.nowMs())}).ok);
        folder.write(QStringLiteral("triggered"), QStringLiteral("nightly"), QStringLiteral("settings.job"),
                     R"({"schedule": "30 2 * * *", "queue": "reports"})");
        QTRY_COMPARE_WITH_TIMEOUT(stored(*t.store, QStringLiteral("jobs/nightly"))->spec.cron, QStringLiteral("30 2 * * *"), 10'000);
        const ScheduleRecord edited = *stored(*t.store, QStringLiteral("jobs/nightly"));
        QCOMPARE(edited.id, nightly.id);
        QCOMPARE(edited.spec.overlap, OverlapPolicy::Allow);
        QVERIFY(!edited.enabled);
        QCOMPARE(edited.lastFireAtMs, fired.fireAtMs);
        QCOMPARE(edited.nextFireAtMs, *edited.spec.recurrence()->next(clock.nowMs()));
        QCOMPARE(occurrencesOf(*t.store, nightly.id).size(), size_t(1));
        QCOMPARE(fingerprint(*stored(*t.store, QStringLiteral("jobs/hourly"))), hourlyBefore);

        // A bad cron is the error of its job only: reported, its schedule gone, the others kept.
        reports.clear();
        folder.write(QStringLiteral("triggered"), QStringLiteral("hourly"), QStringLiteral("settings.job"), R"({"schedule": "0 25 * * *"})");
        QTRY_VERIFY_WITH_TIMEOUT(!scheduleNames(*t.store).contains(QStringLiteral("jobs/hourly")), 10'000);
        QVERIFY(!definitions.find(QStringLiteral("hourly"))->isValid());
        QVERIFY2(definitions.find(QStringLiteral("hourly"))->error.startsWith(QLatin1String("settings.job: \"schedule\": hour field")),
                 qPrintable(definitions.find(QStringLiteral("hourly"))->error));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(reports.cbegin(), reports.cend(), [](const QList<QVariant> &r) {
                                     return r.at(1).toBool() && r.at(0).toString().startsWith(QLatin1String("job definition hourly cannot run: settings.job: \"schedule\""));
                                 }),
                                 10'000);
        QVERIFY(scheduleNames(*t.store).contains(QStringLiteral("jobs/nightly")));

        // The schedule removed from settings.job, and a whole job folder removed: their schedules go too.
        folder.write(QStringLiteral("triggered"), QStringLiteral("nightly"), QStringLiteral("settings.job"), R"({"queue": "reports"})");
        folder.triggered(QStringLiteral("weekly"), "echo weekly\n", R"({"schedule": "@weekly"})");
        QTRY_COMPARE_WITH_TIMEOUT(scheduleNames(*t.store),
                                  (QStringList{QStringLiteral("jobs/weekly"), QStringLiteral("nightly by hand"), QStringLiteral("ticks")}),
                                  10'000);
        QVERIFY(folder.remove(QStringLiteral("triggered"), QStringLiteral("weekly")));
        QTRY_COMPARE_WITH_TIMEOUT(scheduleNames(*t.store),
                                  (QStringList{QStringLiteral("nightly by hand"), QStringLiteral("ticks")}), 10'000);

        // The user's schedules were never written to by any of it.
        QCOMPARE(fingerprint(*stored(*t.store, QStringLiteral("nightly by hand"))), byHandBefore);
        QCOMPARE(fingerprint(*stored(*t.store, QStringLiteral("ticks"))), ticksBefore);
        engine.stopAndWait();
    }

    void aRunnerWithoutAFolderRemovesTheFolderSchedulesOnly()
    {
        // The folder was forgotten while no runner ran: its schedules go when a runner starts, a user's stay.
        TempStore t;
        ManualClock clock(kStart);
        JobDefinition gone;
        gone.name = QStringLiteral("gone");
        gone.schedule = QStringLiteral("0 3 * * *");
        const ScheduleSpec left = DefinitionSchedules::specFor(gone);
        QVERIFY(saveSchedule(*t.store, left, clock.nowMs()) > 0);
        QVERIFY(saveSchedule(*t.store, intervalSpec(QStringLiteral("mine"), kMinute, kStart), clock.nowMs()) > 0);
        QCOMPARE(scheduleNames(*t.store), (QStringList{QStringLiteral("jobs/gone"), QStringLiteral("mine")}));

        JobDefinitions definitions(builtInKinds());
        const HandlerRegistry registry = registryWith(definitions);
        Engine engine(*t.store, registry, engineOptions(1), clock);
        JobsFolder jobsFolder(engine, definitions);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(scheduleNames(*t.store), QStringList{QStringLiteral("mine")}, 10'000);
        engine.stopAndWait();
    }

    void aContinuousJobCannotHaveASchedule()
    {
        TempJobsFolder folder;
        folder.continuous(QStringLiteral("server"), "sleep 1\n", R"({"schedule": "@hourly"})");
        folder.triggered(QStringLiteral("report"), "echo report\n", R"({"schedule": "@hourly"})");
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        QCOMPARE(definitions.find(QStringLiteral("server"))->error,
                 QStringLiteral("settings.job: \"schedule\" is for triggered jobs; a continuous job runs all the time"));
        QVERIFY(definitions.find(QStringLiteral("report"))->isValid());
        const auto sync = DefinitionSchedules::sync(definitions.definitions(), {}, kStart);
        QCOMPARE(sync.writes.size(), size_t(1));
        QCOMPARE(std::get<SaveSchedule>(sync.writes.front()).schedule.spec.name, QStringLiteral("jobs/report"));
    }

    void unchangedDefinitionsWriteNothing()
    {
        JobDefinition d;
        d.name = QStringLiteral("report");
        d.schedule = QStringLiteral("0 6 * * 1-5");
        JobDefinition continuous;
        continuous.name = QStringLiteral("server");
        continuous.type = JobDefinition::Type::Continuous;
        JobDefinition broken = d;
        broken.name = QStringLiteral("broken");
        broken.error = QStringLiteral("settings.job: not valid JSON");

        const auto first = DefinitionSchedules::sync({d, continuous, broken}, {}, kStart);
        QCOMPARE(first.writes.size(), size_t(1));
        QVERIFY(first.problems.isEmpty());
        const SaveSchedule save = std::get<SaveSchedule>(first.writes.front());
        QCOMPARE(save.schedule.spec.name, QStringLiteral("jobs/report"));
        QVERIFY(!save.replace);

        ScheduleRecord record = save.schedule;
        record.id = 7;
        QVERIFY(DefinitionSchedules::sync({d, continuous, broken}, {record}, kStart + kMinute).writes.empty());
        d.isSingleton = true;
        const auto again = DefinitionSchedules::sync({d}, {record}, kStart + kMinute);
        QCOMPARE(again.writes.size(), size_t(1));
        QVERIFY(std::get<SaveSchedule>(again.writes.front()).replace);
        QCOMPARE(std::get<SaveSchedule>(again.writes.front()).schedule.spec.overlap, OverlapPolicy::Skip);
    }
};

QTEST_GUILESS_MAIN(FolderSchedulesTest)
#include "tst_folder_schedules.moc"
