// Callback deliveries in the store: made by the change that ends a job (not by a retry), claimed by one
// runner at a time, due again when a lease runs out, recorded only by the runner holding them; and the URL
// rules.

#include "CoreTestSupport.h"
#include "callbacks/CallbackUrl.h"

#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

JobSpec withCallback(const QString &kind = QStringLiteral("noop"))
{
    JobSpec s = makeSpec(kind);
    s.callbackUrl = QStringLiteral("http://127.0.0.1:9000/done");
    return s;
}

Transition end(qint64 id, JobState from, JobState to, qint64 atMs)
{
    Transition t;
    t.jobId = id;
    t.from = {from};
    t.to = to;
    t.reason = QStringLiteral("test");
    t.atMs = atMs;
    return t;
}

std::vector<CallbackDelivery> claim(TempStore &t, const QString &owner, qint64 nowMs, qint64 leaseMs = 60'000)
{
    const BatchResult r = t.store->apply({ClaimCallbacks{owner, nowMs, nowMs + leaseMs, 10}});
    return r.ok ? r.results.front().deliveries : std::vector<CallbackDelivery>{};
}

} // namespace

class TestCallbackStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anEndedJobGetsOneDeliveryAndARetryNone()
    {
        TempStore t;
        const qint64 id = t.enqueue(withCallback(), kNow);
        const qint64 plain = t.enqueue(makeSpec(QStringLiteral("noop")), kNow);
        QCOMPARE(t.reader->job(id)->callbackUrl, QStringLiteral("http://127.0.0.1:9000/done"));
        // Running -> failed (awaiting a retry) is not an end.
        ClaimJobs take;
        take.owner = QStringLiteral("r");
        take.nowMs = kNow;
        take.leaseUntilMs = kNow + 60'000;
        take.limit = 1;
        const BatchResult claimed = t.store->apply(
            {RegisterRunner{QStringLiteral("r"), QStringLiteral("test-host"), 0, 1, kNow, 0}, take});
        QVERIFY(claimed.ok);
        QCOMPARE(claimed.results.back().claimed.size(), size_t(1));
        QCOMPARE(claimed.results.back().claimed.front().id, id);
        Transition retry = end(id, JobState::Running, JobState::Failed, kNow + 1);
        retry.runAtMs = kNow + 10;
        QVERIFY(t.store->apply({retry}).results.front().applied);
        QCOMPARE(t.stateOf(id), QStringLiteral("failed"));
        QVERIFY(t.reader->callbackDeliveries(id).empty());
        QCOMPARE(t.reader->nextCallbackDueMs(), 0);
        QVERIFY(t.store
                    ->apply({end(id, JobState::Failed, JobState::Cancelled, kNow + 20),
                             end(plain, JobState::Queued, JobState::Cancelled, kNow + 20)})
                    .ok);
        QCOMPARE(t.stateOf(id), QStringLiteral("cancelled"));
        const auto deliveries = t.reader->callbackDeliveries(id);
        QCOMPARE(deliveries.size(), size_t(1));
        QCOMPARE(deliveries.front().state, DeliveryState::Pending);
        QCOMPARE(deliveries.front().createdAtMs, kNow + 20);
        QCOMPARE(deliveries.front().url, QStringLiteral("http://127.0.0.1:9000/done"));
        QVERIFY(t.reader->callbackDeliveries(plain).empty());
        QCOMPARE(t.reader->nextCallbackDueMs(), kNow + 20);
    }

    void aDeliveryIsClaimedByOneRunnerUntilItsLeaseRunsOut()
    {
        TempStore t;
        const qint64 id = t.enqueue(withCallback(), kNow);
        QVERIFY(t.store->apply({end(id, JobState::Queued, JobState::Cancelled, kNow)}).ok);
        const auto mine = claim(t, QStringLiteral("a"), kNow + 1, 1000);
        QCOMPARE(mine.size(), size_t(1));
        QCOMPARE(mine.front().jobId, id);
        QVERIFY(claim(t, QStringLiteral("b"), kNow + 2).empty());
        QCOMPARE(t.reader->nextCallbackDueMs(), kNow + 1001); // when the lease ends
        // Runner a went quiet: b takes it over, and a's late answer is not recorded.
        QCOMPARE(claim(t, QStringLiteral("b"), kNow + 1001).size(), size_t(1));
        const BatchResult late = t.store->apply(
            {RecordCallbackAttempt{mine.front().id, QStringLiteral("a"), kNow + 1002, 200, {}, 0, true}});
        QVERIFY(late.ok);
        QVERIFY(!late.results.front().applied);
        QVERIFY(t.reader->callbackDeliveries(id).front().tries.empty());
    }

    void attemptsAreRecordedWithTheNextTryUntilTheLast()
    {
        TempStore t;
        const qint64 id = t.enqueue(withCallback(), kNow);
        QVERIFY(t.store->apply({end(id, JobState::Queued, JobState::Cancelled, kNow)}).ok);
        const qint64 delivery = claim(t, QStringLiteral("a"), kNow).front().id;
        QVERIFY(t.store
                    ->apply({RecordCallbackAttempt{delivery, QStringLiteral("a"), kNow + 5, 503,
                                                   QStringLiteral("HTTP 503"), kNow + 500, false}})
                    .results.front()
                    .applied);
        QVERIFY(claim(t, QStringLiteral("a"), kNow + 499).empty()); // not due yet
        const auto again = claim(t, QStringLiteral("a"), kNow + 500);
        QCOMPARE(again.size(), size_t(1));
        QCOMPARE(again.front().attempts, 1);
        QVERIFY(
            t.store
                ->apply({RecordCallbackAttempt{delivery, QStringLiteral("a"), kNow + 510, 204, {}, 0, true}})
                .results.front()
                .applied);

        const CallbackDelivery d = t.reader->callbackDeliveries(id).front();
        QCOMPARE(d.state, DeliveryState::Delivered);
        QCOMPARE(d.attempts, 2);
        QCOMPARE(d.tries.size(), size_t(2));
        QCOMPARE(d.tries[0].number, 1);
        QCOMPARE(d.tries[0].httpStatus, 503);
        QCOMPARE(d.tries[0].nextTryAtMs, kNow + 500);
        QCOMPARE(d.tries[1].number, 2);
        QCOMPARE(d.tries[1].httpStatus, 204);
        QCOMPARE(d.tries[1].nextTryAtMs, 0);
        QCOMPARE(t.reader->nextCallbackDueMs(), 0);
        QVERIFY(claim(t, QStringLiteral("a"), kNow + 100'000).empty());
    }

    void urlsAreCheckedAgainstLoopbackAndTheAllowList_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<int>("error");
        const QStringList none;
        const int ok = int(CallbackUrlError::None);
        QTest::newRow("ipv4 loopback") << "http://127.0.0.1:8080/done" << none << ok;
        QTest::newRow("anywhere in 127/8") << "https://127.12.0.9/x" << none << ok;
        QTest::newRow("ipv6 loopback") << "http://[::1]:9000/x" << none << ok;
        QTest::newRow("localhost") << "http://LOCALHOST/x" << none << ok;
        QTest::newRow("other host") << "https://hooks.example.com/x" << none
                                    << int(CallbackUrlError::HostNotAllowed);
        QTest::newRow("private address")
            << "http://10.0.0.7/x" << none << int(CallbackUrlError::HostNotAllowed);
        QTest::newRow("localhost lookalike")
            << "http://localhost.example.com/x" << none << int(CallbackUrlError::HostNotAllowed);
        QTest::newRow("allowed host")
            << "https://Hooks.Example.com/x" << QStringList{QStringLiteral("hooks.example.com")} << ok;
        QTest::newRow("ftp") << "ftp://127.0.0.1/x" << none << int(CallbackUrlError::BadScheme);
        QTest::newRow("file") << "file:///etc/passwd" << none << int(CallbackUrlError::BadScheme);
        QTest::newRow("no host") << "http:///x" << none << int(CallbackUrlError::NoHost);
        QTest::newRow("relative") << "/done" << none << int(CallbackUrlError::Malformed);
        QTest::newRow("spaces") << "http://127.0.0.1/a b" << none << int(CallbackUrlError::Malformed);
    }

    void urlsAreCheckedAgainstLoopbackAndTheAllowList()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, allowed);
        QFETCH(int, error);
        const CallbackUrlCheck check = CallbackUrl::check(url, allowed);
        QCOMPARE(int(check.error), error);
        QCOMPARE(check.message.isEmpty(), error == int(CallbackUrlError::None));
    }

    void userinfoIsMasked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("masked");
        QTest::newRow("user and password") << "https://bot:pa@ss@hooks.example.com/x?a=b"
                                           << "https://***@hooks.example.com/x?a=b";
        QTest::newRow("user only") << "http://bot@127.0.0.1:1/x"
                                   << "http://***@127.0.0.1:1/x";
        QTest::newRow("none") << "http://127.0.0.1/x@y"
                              << "http://127.0.0.1/x@y";
        QTest::newRow("at in query only") << "http://127.0.0.1?mail=a@b"
                                          << "http://127.0.0.1?mail=a@b";
        QTest::newRow("not a url") << "bot:pw@host"
                                   << "***@host";
    }

    void userinfoIsMasked()
    {
        QFETCH(QString, url);
        QFETCH(QString, masked);
        QCOMPARE(CallbackUrl::masked(url), masked);
    }

    void allowListIsReadLowerCaseWithoutRepeats()
    {
        QCOMPARE(
            CallbackUrl::parseHosts(QStringLiteral(" Hooks.example.com, ci.example.org\nhooks.example.com ")),
            (QStringList{QStringLiteral("hooks.example.com"), QStringLiteral("ci.example.org")}));
        QCOMPARE(CallbackUrl::formatHosts({QStringLiteral("B.example"), QStringLiteral("a.example")}),
                 QStringLiteral("b.example,a.example"));
    }
};

QTEST_GUILESS_MAIN(TestCallbackStore)
#include "tst_callback_store.moc"
