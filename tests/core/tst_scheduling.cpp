// The engine deciding what runs when: priorities, FIFO, queue limits, paused queues, the global pause, and a
// thousand short jobs through two workers without losing or repeating one.

#include "CoreTestSupport.h"

#include "runner/JobContext.h"

#include <QMutex>
#include <chrono>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Records the order in which jobs really start, on the worker threads.
class RecordingHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("record"); }
    void run(JobContext &ctx) override
    {
        QMutexLocker lock(&m_mutex);
        m_started << ctx.jobId();
    }
    QList<qint64> started() const
    {
        QMutexLocker lock(&m_mutex);
        return m_started;
    }

private:
    mutable QMutex m_mutex;
    QList<qint64> m_started;
};

JobSpec sleepSpec(qint64 ms, const QString &queue = QStringLiteral("default"))
{
    JobSpec s = makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), double(ms)}});
    s.queue = queue;
    return s;
}

} // namespace

class TestScheduling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsHigherPriorityFirstAndFifoWithinPriority_data();
    void runsHigherPriorityFirstAndFifoWithinPriority();
    void queueConcurrencyLimitIsNeverExceeded();
    void pausedQueueWaitsWhileOthersRunAndResumes_data();
    void pausedQueueWaitsWhileOthersRunAndResumes();
    void pausedEngineClaimsNothingUntilResumed();
    void thousandNoopJobsEachRunExactlyOnce();
};

void TestScheduling::runsHigherPriorityFirstAndFifoWithinPriority_data()
{
    QTest::addColumn<QList<int>>("priorities");    // in enqueue order
    QTest::addColumn<QList<int>>("expectedOrder"); // indexes into the enqueue order
    QTest::newRow("FIFO within one priority") << QList<int>{0, 0, 0, 0, 0} << QList<int>{0, 1, 2, 3, 4};
    QTest::newRow("urgent job enqueued last runs first") << QList<int>{0, 0, 0, 9} << QList<int>{3, 0, 1, 2};
    QTest::newRow("mixed") << QList<int>{0, 5, 0, 10, 5, 0, -3} << QList<int>{3, 1, 4, 0, 2, 5, 6};
}

void TestScheduling::runsHigherPriorityFirstAndFifoWithinPriority()
{
    QFETCH(QList<int>, priorities);
    QFETCH(QList<int>, expectedOrder);

    TempStore t;
    HandlerRegistry registry;
    auto recorder = std::make_unique<RecordingHandler>();
    RecordingHandler *handler = recorder.get();
    registry.add(std::move(recorder));
    Engine engine(*t.store, registry, engineOptions(1));
    EventRecorder events(engine);
    engine.start();
    engine.setPaused(true); // everything is waiting when the runner looks

    QList<qint64> ids;
    for (int p : priorities)
        ids << enqueueVia(engine, makeSpec(QStringLiteral("record"), {}, p));
    QList<qint64> expected;
    for (int i : expectedOrder)
        expected << ids[i];
    t.store->flush();
    QVERIFY(engine.isIdle());
    QCOMPARE(handler->started(), QList<qint64>());

    engine.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(events.count(JobState::Succeeded), int(ids.size()), 10000);
    QCOMPARE(handler->started(), expected);
    // The attempts tell the same story to a user looking at the jobs afterwards.
    qint64 previousStart = 0;
    for (qint64 id : expected) {
        const auto attempts = t.reader->attempts(id);
        QCOMPARE(attempts.size(), size_t(1));
        QVERIFY(attempts.front().startedAtMs >= previousStart);
        previousStart = attempts.front().startedAtMs;
    }
    engine.stopAndWait();
}

void TestScheduling::queueConcurrencyLimitIsNeverExceeded()
{
    TempStore t;
    QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("serial"), 1, std::nullopt, std::nullopt}}).ok);
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(4));
    EventRecorder events(engine);
    engine.start();

    QList<qint64> serial;
    QList<qint64> free;
    WriteBatch batch;
    const qint64 now = SystemClock::instance().nowMs();
    for (int i = 0; i < 4; ++i) {
        batch.push_back(EnqueueJob{sleepSpec(60, QStringLiteral("serial")), now});
        batch.push_back(EnqueueJob{sleepSpec(60), now});
    }
    const BatchResult r = submitAndWait(engine, std::move(batch));
    QVERIFY(r.ok);
    for (size_t i = 0; i < r.results.size(); ++i)
        (i % 2 ? free : serial) << r.results[i].jobId;

    int mostSerialRunning = 0;
    int mostRunning = 0;
    // Watch what the runner holds as well as what it reports.
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 int serialRunning = 0;
                                 const auto running = engine.runningJobs();
                                 for (const auto &s : running)
                                     serialRunning += s->job.queue == QLatin1String("serial") ? 1 : 0;
                                 mostSerialRunning = std::max(mostSerialRunning, serialRunning);
                                 mostRunning = std::max(mostRunning, int(running.size()));
                                 return events.count(JobState::Succeeded) == 8;
                             }()),
                             15000);
    QCOMPARE(mostSerialRunning, 1);
    QCOMPARE(events.maxRunningAtOnce(QStringLiteral("serial")), 1);
    QVERIFY(mostRunning <= 4);
    QVERIFY2(events.maxRunningAtOnce() >= 2, "the other queue is not held back by the limited one");
    // One after another: each serial job started after the previous one finished.
    std::vector<AttemptRecord> attempts;
    for (qint64 id : serial) {
        const auto a = t.reader->attempts(id);
        QCOMPARE(a.size(), size_t(1));
        attempts.push_back(a.front());
    }
    std::sort(attempts.begin(), attempts.end(),
              [](const AttemptRecord &a, const AttemptRecord &b) { return a.startedAtMs < b.startedAtMs; });
    for (size_t i = 1; i < attempts.size(); ++i)
        QVERIFY(attempts[i].startedAtMs >= attempts[i - 1].finishedAtMs);
    engine.stopAndWait();
}

void TestScheduling::pausedQueueWaitsWhileOthersRunAndResumes_data()
{
    QTest::addColumn<bool>("throughEngine");
    QTest::newRow("resumed by another process (jobdeck queue resume)") << false;
    QTest::newRow("resumed through this engine (the window)") << true;
}

void TestScheduling::pausedQueueWaitsWhileOthersRunAndResumes()
{
    QFETCH(bool, throughEngine);
    TempStore t;
    QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("frozen"), std::nullopt, true, std::nullopt}}).ok);
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(2));
    EventRecorder events(engine);
    engine.start();

    JobSpec frozenSpec = makeSpec(QStringLiteral("noop"));
    frozenSpec.queue = QStringLiteral("frozen");
    const qint64 frozen1 = enqueueVia(engine, frozenSpec);
    const qint64 frozen2 = enqueueVia(engine, frozenSpec);
    QList<qint64> others;
    for (int i = 0; i < 5; ++i)
        others << enqueueVia(engine, makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(events.count(JobState::Succeeded), 5, 10000);
    for (qint64 id : others)
        QCOMPARE(t.stateOf(id), QStringLiteral("succeeded"));
    QCOMPARE(t.stateOf(frozen1), QStringLiteral("queued"));
    QCOMPARE(t.stateOf(frozen2), QStringLiteral("queued"));

    const ConfigureQueue resume{QStringLiteral("frozen"), std::nullopt, false, std::nullopt};
    if (throughEngine) {
        QVERIFY(submitAndWait(engine, {resume}).ok);
    } else {
        // `jobdeck queue resume frozen` from a second process: another connection to the same file.
        auto cli = openJobStore(t.path);
        QVERIFY(cli->apply({resume}).ok);
    }
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(frozen2), QStringLiteral("succeeded"), 10000);
    QCOMPARE(t.stateOf(frozen1), QStringLiteral("succeeded"));
    engine.stopAndWait();
}

void TestScheduling::pausedEngineClaimsNothingUntilResumed()
{
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(2));
    EventRecorder events(engine);
    QSignalSpy pausedSpy(&engine, &Engine::pausedChanged);
    engine.start();

    // A running job finishes under a pause; nothing new starts.
    const qint64 busy = enqueueVia(engine, sleepSpec(300));
    QTRY_COMPARE_WITH_TIMEOUT(engine.busyWorkers(), 1, 10000);
    engine.setPaused(true);
    QVERIFY(engine.isPaused());
    QCOMPARE(pausedSpy.count(), 1);
    QList<qint64> waiting;
    for (int i = 0; i < 3; ++i)
        waiting << enqueueVia(engine, makeSpec(QStringLiteral("noop")));
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(busy), QStringLiteral("succeeded"), 10000);
    // The finished job woke the dispatcher; a paused one still claims nothing.
    t.store->flush();
    QTRY_VERIFY_WITH_TIMEOUT(engine.isIdle(), 5000);
    for (qint64 id : waiting)
        QCOMPARE(t.stateOf(id), QStringLiteral("queued"));
    QCOMPARE(events.count(JobState::Running), 1);
    // The pause is stored, so a restarted runner stays paused.
    QCOMPARE(t.reader->setting(QStringLiteral("paused")), QStringLiteral("1"));

    engine.setPaused(false);
    QCOMPARE(pausedSpy.count(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(events.count(JobState::Succeeded), 4, 10000);
    for (qint64 id : waiting)
        QCOMPARE(t.stateOf(id), QStringLiteral("succeeded"));
    engine.stopAndWait();
}

void TestScheduling::thousandNoopJobsEachRunExactlyOnce()
{
    constexpr int kJobs = 1000;
    TempStore t;
    const HandlerRegistry registry = builtIns();
    Engine engine(*t.store, registry, engineOptions(2));
    EventRecorder events(engine);
    engine.start();

    WriteBatch batch;
    const qint64 now = SystemClock::instance().nowMs();
    for (int i = 0; i < kJobs; ++i)
        batch.push_back(EnqueueJob{makeSpec(QStringLiteral("noop")), now});
    const auto started = std::chrono::steady_clock::now();
    const BatchResult r = submitAndWait(engine, std::move(batch));
    QVERIFY(r.ok);

    QTRY_COMPARE_WITH_TIMEOUT(events.count(JobState::Succeeded), kJobs, 60000);
    qInfo("%d noop jobs took %lld ms", kJobs,
          qint64(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                     .count()));
    engine.stopAndWait();

    QCOMPARE(t.reader->stats().byState.value(QStringLiteral("succeeded")), qint64(kJobs));
    QCOMPARE(t.reader->pendingCount(), qint64(0));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM attempts")), qint64(kJobs));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM attempts WHERE outcome = 'succeeded'")),
             qint64(kJobs));
    QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs WHERE total_attempts <> 1 OR attempts <> 1")),
             qint64(0));
    QHash<qint64, int> runs;
    for (const JobEvent &e : events.events()) {
        if (e.to == JobState::Running)
            ++runs[e.jobId];
    }
    QCOMPARE(runs.size(), kJobs);
    for (auto it = runs.cbegin(); it != runs.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("job %1 ran %2 times").arg(it.key()).arg(it.value())));
    for (size_t i = 0; i < r.results.size(); i += 97) {
        const auto attempts = t.reader->attempts(r.results[i].jobId);
        QCOMPARE(attempts.size(), size_t(1));
        QCOMPARE(attempts.front().runner, QStringLiteral("test-runner"));
        QVERIFY(attempts.front().finishedAtMs >= attempts.front().startedAtMs);
    }
}

QTEST_GUILESS_MAIN(TestScheduling)
#include "tst_scheduling.moc"
