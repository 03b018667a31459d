// Ordering keys and rate limits in the claim. A key's jobs run one at a time in sequence order, whichever runner
// claims them; a missing number is waited for, then passed over with a warning in the job's log; a dead job holds
// its key until it is requeued, cancelled or deleted. A rate-limited queue starts no more jobs in any window than
// its rate allows, across runners, and the claim says when the window has room again.

#include "CoreTestSupport.h"

#include "model/JobJson.h"
#include "model/JobSpecFields.h"
#include "model/QueueRate.h"
#include "runner/JobCommands.h"
#include "storage/QueueSummary.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

JobSpec ordered(const QString &key, qint64 seq = 0, qint64 waitMs = 60'000, const QString &queue = QStringLiteral("default"))
{
    JobSpec s = makeSpec(QStringLiteral("noop"));
    s.orderKey = key;
    s.orderSeq = seq;
    s.orderWaitMs = waitMs;
    s.queue = queue;
    return s;
}

QList<qint64> idsOf(const MutationResult &r)
{
    QList<qint64> ids;
    for (const ClaimedJob &j : r.claimed)
        ids << j.id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

struct Runners {
    TempStore &t;
    MutationResult last;
    explicit Runners(TempStore &store) : t(store)
    {
        for (const QString &id : {QStringLiteral("runner-a"), QStringLiteral("runner-b")})
            QVERIFY(t.store->apply({RegisterRunner{id, QStringLiteral("elsewhere.invalid"), 0, 4, 1000, 0}}).ok);
    }
    QList<qint64> claim(const QString &runner, qint64 nowMs, int limit = 10, int workers = 10)
    {
        ClaimJobs c = claimFor(runner, nowMs, limit);
        c.workers = workers;
        const BatchResult r = t.store->apply({c});
        if (!r.ok)
            return {-1};
        last = r.results.front();
        return idsOf(last);
    }
    void end(qint64 id, JobState to, qint64 atMs)
    {
        Transition done;
        done.jobId = id;
        done.from = {JobState::Running};
        done.to = to;
        done.reason = QStringLiteral("ended by the test");
        done.atMs = atMs;
        QVERIFY(t.store->apply({done}).results.front().applied);
    }
};

} // namespace

class OrderAndRateTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aKeysJobsRunOneAtATimeInEnqueueOrder()
    {
        TempStore t;
        Runners r(t);
        const qint64 a1 = t.enqueue(ordered(QStringLiteral("account-1")), 1000);
        const qint64 b1 = t.enqueue(ordered(QStringLiteral("account-2")), 1000);
        const qint64 a2 = t.enqueue(ordered(QStringLiteral("account-1")), 1000);
        const qint64 a3 = t.enqueue(ordered(QStringLiteral("account-1")), 1000);
        const qint64 plain = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        QCOMPARE(t.reader->job(a2)->orderSeq, 2);
        QCOMPARE(t.reader->job(a3)->orderSeq, 3);
        // The first of each key, and the plain job; the other runner finds both keys busy.
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{a1, b1, plain}));
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 2000), QList<qint64>{});
        QCOMPARE(t.reader->job(a2)->orderBlockedBy, a1);
        QCOMPARE(t.reader->job(a3)->orderBlockedBy, a1);
        r.end(a1, JobState::Succeeded, 3000);
        QCOMPARE(t.reader->job(a3)->orderBlockedBy, a2);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 3000), (QList<qint64>{a2}));
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 3000), QList<qint64>{});
        r.end(a2, JobState::Succeeded, 4000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 4000), (QList<qint64>{a3}));
        QCOMPARE(r.last.nextClaimAtMs, 0);
    }

    void sequenceNumbersDecideTheOrder()
    {
        TempStore t;
        Runners r(t);
        const qint64 third = t.enqueue(ordered(QStringLiteral("k"), 3), 1000);
        const qint64 first = t.enqueue(ordered(QStringLiteral("k"), 1), 1000);
        const qint64 second = t.enqueue(ordered(QStringLiteral("k"), 2), 1000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{first}));
        r.end(first, JobState::Succeeded, 2100);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 2200), (QList<qint64>{second}));
        r.end(second, JobState::Succeeded, 2300);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2400), (QList<qint64>{third}));
        // A job without a number comes after the key's highest.
        r.end(third, JobState::Succeeded, 2500);
        const qint64 next = t.enqueue(ordered(QStringLiteral("k")), 2600);
        QCOMPARE(t.reader->job(next)->orderSeq, 4);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2700), (QList<qint64>{next}));
        QVERIFY(t.reader->logTail(next, 10).empty());
    }

    void aMissingNumberIsWaitedForThenPassedOverWithAWarning()
    {
        TempStore t;
        Runners r(t);
        const qint64 one = t.enqueue(ordered(QStringLiteral("k"), 1, 60'000), 1000);
        const qint64 three = t.enqueue(ordered(QStringLiteral("k"), 3, 60'000), 1000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{one}));
        r.end(one, JobState::Succeeded, 3000);
        // Number 2 has not arrived: 3 waits a minute from when it could have run, and the claim says when.
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 4000), QList<qint64>{});
        QCOMPARE(r.last.nextClaimAtMs, 63'000);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 62'999), QList<qint64>{});
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 63'000), (QList<qint64>{three}));
        const auto lines = t.reader->logTail(three, 10);
        QCOMPARE(lines.size(), size_t(1));
        QVERIFY2(lines.front().text.contains(QLatin1String("number 2")) && lines.front().text.contains(QLatin1String("1m")),
                 qPrintable(lines.front().text));
        QCOMPARE(r.last.claimed.front().logCount, 1);
    }

    void aNumberThatArrivesInTimeRunsFirst()
    {
        TempStore t;
        Runners r(t);
        const qint64 one = t.enqueue(ordered(QStringLiteral("k"), 1), 1000);
        const qint64 three = t.enqueue(ordered(QStringLiteral("k"), 3), 1000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{one}));
        r.end(one, JobState::Succeeded, 3000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 4000), QList<qint64>{});
        const qint64 two = t.enqueue(ordered(QStringLiteral("k"), 2), 5000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 5000), (QList<qint64>{two}));
        r.end(two, JobState::Succeeded, 6000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 6000), (QList<qint64>{three}));
        QVERIFY(t.reader->logTail(three, 10).empty());
    }

    void aDeadJobHoldsItsKeyUntilRequeuedOrDeleted()
    {
        TempStore t;
        Runners r(t);
        const qint64 one = t.enqueue(ordered(QStringLiteral("k")), 1000);
        const qint64 two = t.enqueue(ordered(QStringLiteral("k")), 1000);
        const qint64 three = t.enqueue(ordered(QStringLiteral("k")), 1000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{one}));
        r.end(one, JobState::Dead, 2100);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 200'000), QList<qint64>{});
        QCOMPARE(r.last.nextClaimAtMs, 0); // nothing to wait for: only a person can let it go
        QCOMPARE(t.reader->job(two)->orderBlockedBy, one);
        QCOMPARE(JobJson::job(*t.reader->job(two), {}).value(QLatin1String("blocked_by")).toInteger(), one);
        // Requeued, it runs again first.
        QVERIFY(t.store->apply({JobCommands::requeue(one, std::nullopt, 3000, QStringLiteral("test"))}).results.front().applied);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 3000), (QList<qint64>{one}));
        r.end(one, JobState::Dead, 3100);
        // Deleted, it lets the next one go at once, without waiting for its number.
        QVERIFY(t.store->apply({DeleteJob{one, 3200}}).results.front().applied);
        QCOMPARE(t.reader->job(two)->orderBlockedBy, 0);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 3300), (QList<qint64>{two}));
        r.end(two, JobState::Succeeded, 3400);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 3500), (QList<qint64>{three}));
    }

    void aCancelledJobLetsTheNextGo()
    {
        TempStore t;
        Runners r(t);
        const qint64 one = t.enqueue(ordered(QStringLiteral("k")), 1000);
        const qint64 two = t.enqueue(ordered(QStringLiteral("k")), 1000);
        QVERIFY(t.store->apply({RequestCancel{one, QStringLiteral("test"), 1500}}).results.front().applied);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{two}));
        QVERIFY(t.reader->logTail(two, 10).empty());
    }

    void orderingKeysHonourMutexesAndQueues()
    {
        TempStore t;
        Runners r(t);
        JobSpec printing = ordered(QStringLiteral("k"));
        printing.mutexes = {QStringLiteral("printer")};
        JobSpec other = makeSpec(QStringLiteral("noop"));
        other.mutexes = {QStringLiteral("printer")};
        const qint64 holder = t.enqueue(other, 1000);
        const qint64 keyed = t.enqueue(printing, 1000);
        const qint64 paused = t.enqueue(ordered(QStringLiteral("p"), 0, 60'000, QStringLiteral("mail")), 1000);
        QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("mail"), std::nullopt, true, std::nullopt}}).ok);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2000), (QList<qint64>{holder}));
        r.end(holder, JobState::Succeeded, 2100);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2200), (QList<qint64>{keyed}));
        QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("mail"), std::nullopt, false, std::nullopt}}).ok);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 2300), (QList<qint64>{paused}));
    }

    void badOrderingFieldsAreRefused()
    {
        const HandlerRegistry handlers = builtIns();
        const auto problem = [&](const QJsonObject &o) {
            SpecFields f;
            if (QString e = readSpecFields(o, f); !e.isEmpty())
                return e;
            JobSpec spec;
            return buildSpec(f, handlers, 0, spec);
        };
        QVERIFY(problem({{"kind", "noop"}, {"seq", 2}}).contains(QLatin1String("ordering key")));
        QVERIFY(problem({{"kind", "noop"}, {"order_key", "k"}, {"seq", 0}}).contains(QLatin1String("at least 1")));
        QVERIFY(problem({{"kind", "noop"}, {"order_key", "k"}, {"seq", "x"}}).contains(QLatin1String("sequence number")));
        QVERIFY(problem({{"kind", "noop"}, {"order_key", "k"}, {"order_wait", "soon"}}).contains(QLatin1String("order wait")));
        QVERIFY(problem({{"kind", "noop"}, {"order_key", QString(201, u'k')}}).contains(QLatin1String("200")));
        SpecFields f;
        QVERIFY(readSpecFields({{"kind", "noop"}, {"order_key", "k"}, {"seq", 7}, {"order_wait", "30s"}}, f).isEmpty());
        JobSpec spec;
        QVERIFY(buildSpec(f, handlers, 0, spec).isEmpty());
        QCOMPARE(spec.orderKey, QStringLiteral("k"));
        QCOMPARE(spec.orderSeq, 7);
        QCOMPARE(spec.orderWaitMs, 30'000);
    }

    void ratesParseAndPrint()
    {
        QCOMPARE(QueueRate::parse(QStringLiteral("100/1m")), (QueueRate{100, 60'000}));
        QCOMPARE(QueueRate::parse(QStringLiteral(" 10 / 1s ")), (QueueRate{10, 1000}));
        QCOMPARE(QueueRate::parse(QStringLiteral("off")), QueueRate{});
        QCOMPARE(QueueRate::parse(QStringLiteral("100/1m"))->toString(), QStringLiteral("100/1m"));
        for (const char *bad : {"", "10", "0/1s", "-1/1s", "10/0s", "10/soon", "ten/1s", "10/8d", "/1s"})
            QVERIFY2(!QueueRate::parse(QLatin1String(bad)), bad);
    }

    void aRateLimitHoldsAcrossRunnersAndSaysWhenThereIsRoom()
    {
        TempStore t;
        Runners r(t);
        QList<qint64> jobs;
        for (int i = 0; i < 10; ++i)
            jobs << t.enqueue(makeSpec(QStringLiteral("noop")), 500);
        const qint64 other = t.enqueue([] { JobSpec s = makeSpec(QStringLiteral("noop")); s.queue = QStringLiteral("other"); return s; }(), 500);
        ConfigureQueue rate;
        rate.name = QStringLiteral("default");
        rate.rate = QueueRate{3, 1000};
        QVERIFY(t.store->apply({rate}).ok);
        // Three starts in the window, however many the runners ask for; the other queue is not held up.
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 1000, 2).size(), 2);
        QCOMPARE(r.last.nextClaimAtMs, 0);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 1100), (QList<qint64>{jobs[2], other}));
        QCOMPARE(r.last.nextClaimAtMs, 2000);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 1999), QList<qint64>{});
        QCOMPARE(r.last.nextClaimAtMs, 2000);
        const auto queues = QueueSummary::read(*t.reader);
        const auto limited = std::find_if(queues.begin(), queues.end(), [](const QueueSummary &q) { return q.name == QLatin1String("default"); });
        QCOMPARE(limited->rate, (QueueRate{3, 1000}));
        QCOMPARE(limited->nextStartAtMs, 2000);
        // The first two starts leave the window at 2000, the third at 2100.
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 2000), (QList<qint64>{jobs[3], jobs[4]}));
        QCOMPARE(r.last.nextClaimAtMs, 2100);
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 2100), (QList<qint64>{jobs[5]}));
        // A claim takes no more than the claimer's workers at a time, so the starts follow the claims.
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 3100, 10, 1), (QList<qint64>{jobs[6]}));
        // Off: no limit, and the recorded starts are gone.
        rate.rate = QueueRate{};
        QVERIFY(t.store->apply({rate}).ok);
        QCOMPARE(r.claim(QStringLiteral("runner-b"), 3200), (QList<qint64>{jobs[7], jobs[8], jobs[9]}));
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM queue_starts")), 0);
    }

    void theEngineClaimsAgainWhenTheWindowHasRoom()
    {
        TempStore t;
        ConfigureQueue rate;
        rate.name = QStringLiteral("default");
        rate.rate = QueueRate{2, 300};
        QVERIFY(t.store->apply({rate}).ok);
        const HandlerRegistry handlers = builtIns();
        Engine engine(*t.store, handlers, engineOptions(4));
        engine.start();
        QList<qint64> ids;
        for (int i = 0; i < 6; ++i)
            ids << enqueueVia(engine, makeSpec(QStringLiteral("noop")));
        // Nothing else wakes the engine: only the claim's own word on when the window has room.
        for (const qint64 id : ids)
            QCOMPARE(finalState(t, id, 10'000), QStringLiteral("succeeded"));
        // The starts as the history recorded them: no three within any 300 ms.
        const QString starts = QStringLiteral(
            "WITH s AS (SELECT at, row_number() OVER (ORDER BY at) AS n FROM job_events WHERE to_state = 'running') ");
        QCOMPARE(scalar(t.path, starts + QStringLiteral("SELECT count(*) FROM s")), 6);
        QCOMPARE(scalar(t.path, starts + QStringLiteral("SELECT count(*) FROM s a JOIN s b ON b.n = a.n + 2 WHERE b.at - a.at < 300")), 0);
        QVERIFY(scalar(t.path, starts + QStringLiteral("SELECT max(at) - min(at) FROM s")) >= 600);
        engine.stopAndWait();
    }
};

QTEST_GUILESS_MAIN(OrderAndRateTest)
#include "tst_order_and_rate.moc"
