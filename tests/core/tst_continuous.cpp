// Continuous jobs: restarted with a doubling delay when they end, stopped at once and given their stopping time
// when the runner stops, restarted when their definition changes, stopped by a user until requeued, run by one
// runner at a time, and never keeping a drain from ending.

#include "CoreTestSupport.h"
#include "JobsFolderTestSupport.h"

#include "definitions/JobsFolder.h"
#include "runner/ContinuousSupervisor.h"
#include "runner/JobCommands.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>
#include <csignal>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

ClaimedJob continuousRun(int attempt)
{
    ClaimedJob j;
    j.id = 1;
    j.kind = QStringLiteral("ticker");
    j.attempt = attempt;
    j.attemptNumber = attempt + 10;
    j.continuous = true;
    return j;
}

AttemptEnd ended(AttemptEnd::Kind kind, qint64 durationMs, CancelReason reason = CancelReason::None)
{
    AttemptEnd end;
    end.kind = kind;
    end.durationMs = durationMs;
    end.cancelReason = reason;
    end.error = kind == AttemptEnd::Kind::Failed ? QStringLiteral("exit code 3") : QString();
    return end;
}

QStringList logTexts(TempStore &t, qint64 id)
{
    QStringList out;
    for (const LogLine &l : t.reader->logTail(id, 100))
        out << l.text;
    return out;
}

// Runs the continuous jobs of a jobs folder through an engine, as the jobdeck binary does.
struct FolderRunner {
    JobDefinitions definitions{builtInKinds(), JobDefinitions::Watching::On};
    HandlerRegistry registry = registryWith(definitions);
    std::unique_ptr<Engine> engine;
    std::unique_ptr<JobsFolder> folder;

    FolderRunner(TempStore &t, const QString &dir, EngineOptions options = engineOptions(2))
    {
        t.store->apply({JobsFolder::remember(dir)});
        engine = std::make_unique<Engine>(*t.store, registry, options);
        folder = std::make_unique<JobsFolder>(*engine, definitions);
        engine->start();
    }
};

qint64 continuousJobId(TempStore &t, const QString &kind)
{
    JobFilter filter;
    filter.kind = kind;
    const auto jobs = t.reader->jobs(filter);
    return jobs.empty() ? 0 : jobs.front().id;
}

} // namespace

class ContinuousTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void restartDelayDoublesToFiveMinutesAndStartsOverAfterAHealthyRun()
    {
        const AttemptResolver resolver(RetryPolicy{}, QStringLiteral("me"));
        const qint64 now = 1'000'000;
        const QList<qint64> expected = {1000, 2000, 4000, 8000, 16'000, 32'000, 64'000, 128'000, 256'000, 300'000, 300'000};
        for (int run = 1; run <= expected.size(); ++run) {
            const FinishAttempt f = resolver.resolve(continuousRun(run), ended(AttemptEnd::Kind::Failed, 200), now, 0);
            QCOMPARE(f.transition.to, JobState::Failed); // never dead, however often it fails
            QCOMPARE(f.outcome, AttemptOutcome::Failed);
            QCOMPARE(*f.transition.runAtMs - now, expected[run - 1]);
            QVERIFY(!f.transition.resetAttempts);
        }
        // A run that lasted a minute was healthy: the next delay is the first one again.
        const FinishAttempt healthy = resolver.resolve(continuousRun(8), ended(AttemptEnd::Kind::Failed, 60'000), now, 0);
        QCOMPARE(*healthy.transition.runAtMs - now, 1000);
        QVERIFY(healthy.transition.resetAttempts);
        // A clean exit is restarted too; it waits as scheduled rather than failed.
        const FinishAttempt clean = resolver.resolve(continuousRun(2), ended(AttemptEnd::Kind::Succeeded, 500), now, 0);
        QCOMPARE(clean.transition.to, JobState::Scheduled);
        QCOMPARE(clean.outcome, AttemptOutcome::Succeeded);
        QCOMPARE(*clean.transition.runAtMs - now, 2000);
        QCOMPARE(clean.transition.reason, QStringLiteral("run 12 ended after 500ms; restarting in 2s"));

        const FinishAttempt user = resolver.resolve(continuousRun(1), ended(AttemptEnd::Kind::Cancelled, 5, CancelReason::User), now, 0);
        QCOMPARE(user.transition.to, JobState::Cancelled);
        for (const CancelReason reason : {CancelReason::Shutdown, CancelReason::Restart}) {
            const FinishAttempt stopped = resolver.resolve(continuousRun(1), ended(AttemptEnd::Kind::Cancelled, 5, reason), now, 0);
            QCOMPARE(stopped.transition.to, JobState::Queued);
            QCOMPARE(stopped.outcome, AttemptOutcome::Interrupted);
            QVERIFY(stopped.transition.refundAttempt);
        }
    }

    void crashingJobIsRestartedWithBackoffEachRunAnAttempt()
    {
        TempJobsFolder jobs;
        jobs.continuous(QStringLiteral("crasher"), "echo \"run $JOBDECK_ATTEMPT\"\nexit 3\n");
        TempStore t;
        FolderRunner runner(t, jobs.path());
        EventRecorder events(*runner.engine);
        QTRY_VERIFY_WITH_TIMEOUT(continuousJobId(t, QStringLiteral("crasher")) > 0, 10'000);
        const qint64 id = continuousJobId(t, QStringLiteral("crasher"));
        QTRY_VERIFY_WITH_TIMEOUT(t.reader->attempts(id).size() >= 4, 30'000);
        const auto attempts = t.reader->attempts(id);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(attempts[size_t(i)].number, i + 1);
            if (i < 3) {
                QCOMPARE(outcomeName(attempts[size_t(i)].outcome), QStringLiteral("failed"));
                QCOMPARE(attempts[size_t(i)].error, QStringLiteral("exit code 3"));
            }
        }
        // Waited 1 s, then 2 s, then 4 s between runs.
        const QList<qint64> delays = {1000, 2000, 4000};
        for (int i = 0; i < 3; ++i) {
            const qint64 gap = attempts[size_t(i + 1)].startedAtMs - attempts[size_t(i)].finishedAtMs;
            QVERIFY2(gap >= delays[i], qPrintable(QStringLiteral("gap %1: %2 ms").arg(i).arg(gap)));
        }
        QStringList restarts;
        for (const JobEvent &e : events.events()) {
            if (e.jobId == id && e.to == JobState::Failed)
                restarts << e.reason.section(QStringLiteral("; "), 1).section(u':', 0, 0);
        }
        QCOMPARE(restarts.mid(0, 3), (QStringList{QStringLiteral("restarting in 1s"), QStringLiteral("restarting in 2s"),
                                                   QStringLiteral("restarting in 4s")}));
        QVERIFY(logTexts(t, id).contains(QStringLiteral("run 3")));
        const auto job = t.reader->job(id);
        QVERIFY(job->continuous);
        QCOMPARE(job->queue, QStringLiteral("continuous"));
        QCOMPARE(t.reader->pendingCount(), 0); // never keeps a drain from ending
    }

    void stoppedAtOnceOnShutdownAndGivenItsStoppingWaitTime()
    {
        TempJobsFolder jobs;
        // Takes half a second to shut down cleanly.
        jobs.continuous(QStringLiteral("server"),
                        "trap 'echo stopping; sleep 0.5; echo stopped cleanly; exit 0' TERM\necho serving\n"
                        "while true; do sleep 0.1; done\n",
                        R"({"stopping_wait_time": 10})");
        TempStore t;
        EngineOptions options = engineOptions(2);
        options.stoppingWaitMs = 60'000; // what other jobs would get; a continuous job is told at once
        FolderRunner runner(t, jobs.path(), options);
        QTRY_VERIFY_WITH_TIMEOUT(continuousJobId(t, QStringLiteral("server")) > 0, 10'000);
        const qint64 id = continuousJobId(t, QStringLiteral("server"));
        QTRY_VERIFY_WITH_TIMEOUT(logTexts(t, id).contains(QStringLiteral("serving")), 30'000);

        QSignalSpy stopped(runner.engine.get(), &Engine::stopped);
        QElapsedTimer stopping;
        stopping.start();
        runner.engine->stop();
        QVERIFY(stopped.wait(30'000));
        QVERIFY2(stopping.elapsed() < 20'000, "a continuous job does not wait out the runner's stopping time");
        QStringList said; // the shell may also report on stderr that its sleep was terminated
        for (const LogLine &l : t.reader->logTail(id, 20)) {
            if (l.level == LogLevel::Info)
                said << l.text;
        }
        QCOMPARE(said, (QStringList{QStringLiteral("serving"), QStringLiteral("stopping"), QStringLiteral("stopped cleanly")}));
        const auto attempts = t.reader->attempts(id);
        QCOMPARE(int(attempts.size()), 1);
        QCOMPARE(outcomeName(attempts.front().outcome), QStringLiteral("interrupted"));
        const auto job = t.reader->job(id);
        QCOMPARE(stateName(job->state), QStringLiteral("queued")); // starts again with the next runner
        QCOMPARE(job->attempts, 0);
    }

    void killedWhenItOutlastsItsStoppingWaitTime()
    {
        TempJobsFolder jobs;
        QTemporaryDir scratch;
        const QString pidFile = scratch.filePath(QStringLiteral("stubborn.pid"));
        jobs.continuous(QStringLiteral("stubborn"),
                        QStringLiteral("trap '' TERM\necho $$ > '%1'\nwhile true; do sleep 0.1; done\n").arg(pidFile).toUtf8(),
                        R"({"stopping_wait_time": "1s"})");
        TempStore t;
        FolderRunner runner(t, jobs.path());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile) && QFileInfo(pidFile).size() > 0, 30'000);
        QFile f(pidFile);
        f.open(QIODevice::ReadOnly);
        const pid_t pid = pid_t(f.readAll().trimmed().toLongLong());
        QSignalSpy stopped(runner.engine.get(), &Engine::stopped);
        QElapsedTimer stopping;
        stopping.start();
        runner.engine->stop();
        QVERIFY(stopped.wait(30'000));
        QVERIFY2(stopping.elapsed() >= 1000, "it had its stopping time");
        QVERIFY(::kill(pid, 0) != 0); // and was killed after it
        QCOMPARE(runner.engine->abandonedWorkers(), 0);
    }

    void changedDefinitionRestartsTheJobAndARemovedOneStops()
    {
        TempJobsFolder jobs;
        jobs.continuous(QStringLiteral("worker"), "echo version 1\nwhile true; do sleep 0.1; done\n");
        TempStore t;
        FolderRunner runner(t, jobs.path());
        QTRY_VERIFY_WITH_TIMEOUT(continuousJobId(t, QStringLiteral("worker")) > 0, 10'000);
        const qint64 id = continuousJobId(t, QStringLiteral("worker"));
        QTRY_VERIFY_WITH_TIMEOUT(logTexts(t, id).contains(QStringLiteral("version 1")), 30'000);

        jobs.continuous(QStringLiteral("worker"), "echo version 2\nwhile true; do sleep 0.1; done\n");
        QTRY_VERIFY_WITH_TIMEOUT(logTexts(t, id).contains(QStringLiteral("version 2")), 30'000);
        auto attempts = t.reader->attempts(id);
        QCOMPARE(int(attempts.size()), 2);
        QCOMPARE(outcomeName(attempts[0].outcome), QStringLiteral("interrupted"));
        QCOMPARE(outcomeName(attempts[1].outcome), QStringLiteral("running"));

        QVERIFY(jobs.remove(QStringLiteral("continuous"), QStringLiteral("worker")));
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("queued"), 30'000);
        attempts = t.reader->attempts(id);
        QCOMPARE(outcomeName(attempts.back().outcome), QStringLiteral("interrupted"));
        QVERIFY(runner.engine->runningJobs().empty());
    }

    void cancelledByAUserItStaysStoppedUntilRequeued()
    {
        TempJobsFolder jobs;
        jobs.continuous(QStringLiteral("loop"), "echo up\nwhile true; do sleep 0.1; done\n");
        TempStore t;
        FolderRunner runner(t, jobs.path());
        QTRY_VERIFY_WITH_TIMEOUT(continuousJobId(t, QStringLiteral("loop")) > 0, 10'000);
        const qint64 id = continuousJobId(t, QStringLiteral("loop"));
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("running"), 30'000);
        runner.engine->cancel(id);
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("cancelled"), 30'000);
        QCOMPARE(int(t.reader->attempts(id).size()), 1);
        QVERIFY(submitAndWait(*runner.engine, {JobCommands::requeue(id, std::nullopt, runner.engine->clock().nowMs(),
                                                                    QStringLiteral("test"))}).ok);
        QTRY_COMPARE_WITH_TIMEOUT(int(t.reader->attempts(id).size()), 2, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("running"), 30'000);
    }

    void oneRunnerAtATimeRunsItAndAnotherTakesOver()
    {
        TempJobsFolder jobs;
        jobs.continuous(QStringLiteral("single"), "echo \"on $JOBDECK_ATTEMPT\"\nwhile true; do sleep 0.1; done\n");
        TempStore t;
        auto otherStore = SqliteStore::open(t.path);
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(jobs.path());
        const HandlerRegistry registry = registryWith(definitions);
        const std::vector<ContinuousJob> wanted{{definitions.find(QStringLiteral("single"))->jobSpec(),
                                                 definitions.find(QStringLiteral("single"))->revision}};
        EngineOptions one = engineOptions(1);
        one.runnerId = QStringLiteral("runner-one");
        EngineOptions two = engineOptions(1);
        two.runnerId = QStringLiteral("runner-two");
        Engine first(*t.store, registry, one);
        Engine second(*otherStore, registry, two);
        first.setContinuousJobs(wanted);
        second.setContinuousJobs(wanted);
        first.start();
        second.start();
        QTRY_VERIFY_WITH_TIMEOUT(continuousJobId(t, QStringLiteral("single")) > 0, 10'000);
        const qint64 id = continuousJobId(t, QStringLiteral("single"));
        QTRY_COMPARE_WITH_TIMEOUT(int(first.runningJobs().size() + second.runningJobs().size()), 1, 30'000);
        QCOMPARE(t.stateOf(id), QStringLiteral("running"));
        Engine &holder = first.runningJobs().empty() ? second : first;
        Engine &other = &holder == &first ? second : first;
        QSignalSpy stopped(&holder, &Engine::stopped);
        holder.stop();
        QVERIFY(stopped.wait(30'000));
        QTRY_COMPARE_WITH_TIMEOUT(int(other.runningJobs().size()), 1, 30'000);
        QCOMPARE(t.reader->job(id)->leaseOwner, other.runnerId());
    }
};

QTEST_GUILESS_MAIN(ContinuousTest)
#include "tst_continuous.moc"
