// Health: each check on hand-made snapshots (one reason per problem, the worst decides the status), and a
// snapshot read from a live store with a runner serving it.

#include "CoreTestSupport.h"

#include "health/HealthCheck.h"

#include <QJsonArray>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
constexpr qint64 kMinute = 60'000;

HealthSnapshot quiet()
{
    HealthSnapshot s;
    s.nowMs = kNow;
    s.runners.push_back({QStringLiteral("host:1:aaaa"), QStringLiteral("host"), 1, kNow - 5'000, false, 4, kNow - 3'600'000});
    s.databaseBytes = 4096;
    s.diskAvailableBytes = 50LL << 30;
    s.diskTotalBytes = 100LL << 30;
    return s;
}

void count(HealthSnapshot &s, JobState state, qint64 n)
{
    s.counts.push_back({QStringLiteral("default"), QStringLiteral("noop"), state, n});
}

MinuteStats minute(qint64 minutesAgo, qint64 succeeded, qint64 failed, qint64 queued = -1, qint64 enqueued = 0)
{
    MinuteStats m;
    m.minute = (kNow - minutesAgo * kMinute) / kMinute;
    m.succeeded = succeeded;
    m.failed = failed;
    m.queued = queued;
    m.enqueued = enqueued;
    return m;
}

QString reasons(const HealthReport &r)
{
    QStringList out;
    for (const auto &reason : r.reasons)
        out << healthStatusName(reason.severity) + QStringLiteral(": ") + reason.text;
    return out.join(QStringLiteral(" | "));
}

} // namespace

class TestHealth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quietRunnerIsHealthy();
    void noLiveRunnerWithWorkWaitingIsUnhealthy();
    void pausedRunnersAndStalledJobsDegrade();
    void failureRateDegradesThenMakesUnhealthy_data();
    void failureRateDegradesThenMakesUnhealthy();
    void failureWordingFollowsTheFigures_data();
    void failureWordingFollowsTheFigures();
    void queueGrowingFasterThanItDrainsDegrades();
    void nearlyFullDiskAndDatabaseErrors();
    void aLostDatabaseServerDegradesButDoesNotMakeUnhealthy();
    void readsALiveStore();
    void unknownDiskFiguresAreNeitherAFullDiskNorANumber();
    void statvfsGivesTheFiguresOfAFolder();
};

void TestHealth::quietRunnerIsHealthy()
{
    HealthSnapshot s = quiet();
    count(s, JobState::Queued, 3);
    count(s, JobState::Running, 2);
    count(s, JobState::Dead, 7);
    s.minutes = {minute(70, 100, 100), minute(3, 50, 1), minute(1, 40, 0)};
    const HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Healthy);
    QVERIFY2(r.reasons.empty(), qPrintable(reasons(r)));
    QCOMPARE(r.exitCode(), 0);
    QCOMPARE(r.liveRunners, 1);
    QCOMPARE(r.workersTotal, 4);
    QCOMPARE(r.workersBusy, 2);
    QCOMPARE(r.succeededLastHour, 90); // the minute 70 minutes ago is outside the hour
    QCOMPARE(r.failedLastHour, 1);
    QCOMPARE(r.dead, 7);
    QCOMPARE(r.toJson().value(QStringLiteral("status")).toString(), QStringLiteral("healthy"));
}

void TestHealth::noLiveRunnerWithWorkWaitingIsUnhealthy()
{
    HealthSnapshot s = quiet();
    s.runners.front().heartbeatMs = kNow - 10 * kMinute; // silent too long: gone
    const HealthReport idle = HealthCheck().evaluate(s);
    QCOMPARE(idle.status, HealthStatus::Healthy); // nothing waits, so nothing is wrong
    count(s, JobState::Queued, 12);
    const HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Unhealthy);
    QCOMPARE(r.exitCode(), 2);
    QCOMPARE(r.liveRunners, 0);
    QVERIFY2(reasons(r).contains(QLatin1String("No runner is serving this database: 12 jobs")), qPrintable(reasons(r)));
    QCOMPARE(r.toJson().value(QStringLiteral("reasons")).toArray().size(), 1);
}

void TestHealth::pausedRunnersAndStalledJobsDegrade()
{
    HealthSnapshot s = quiet();
    count(s, JobState::Queued, 1);
    s.paused = true;
    s.stalledJobs = {41, 42};
    const HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Degraded);
    QCOMPARE(r.exitCode(), 1);
    QCOMPARE(int(r.reasons.size()), 2);
    QVERIFY2(reasons(r).contains(QLatin1String("paused: 1 job queued")), qPrintable(reasons(r)));
    QVERIFY2(reasons(r).contains(QLatin1String("2 jobs stopped sending heartbeats")), qPrintable(reasons(r)));
    QVERIFY(reasons(r).contains(QLatin1String("41, 42")));
}

void TestHealth::failureRateDegradesThenMakesUnhealthy_data()
{
    QTest::addColumn<qint64>("succeeded");
    QTest::addColumn<qint64>("failed");
    QTest::addColumn<int>("status");
    QTest::newRow("a few failures") << qint64(90) << qint64(10) << int(HealthStatus::Healthy);
    QTest::newRow("a fifth fails") << qint64(80) << qint64(20) << int(HealthStatus::Degraded);
    QTest::newRow("most fail") << qint64(30) << qint64(70) << int(HealthStatus::Unhealthy);
    QTest::newRow("too few attempts to judge") << qint64(2) << qint64(8) << int(HealthStatus::Healthy);
}

void TestHealth::failureRateDegradesThenMakesUnhealthy()
{
    QFETCH(qint64, succeeded);
    QFETCH(qint64, failed);
    QFETCH(int, status);
    HealthSnapshot s = quiet();
    s.minutes = {minute(40, 0, 500), minute(10, succeeded / 2, failed / 2), minute(2, succeeded - succeeded / 2, failed - failed / 2)};
    const HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(int(r.status), status);
    QCOMPARE(r.failureRate, double(failed) / double(succeeded + failed)); // the old minute is outside the window
    if (r.status != HealthStatus::Healthy)
        QVERIFY2(reasons(r).contains(QLatin1String("of attempts failed in the last 15m")), qPrintable(reasons(r)));
}

void TestHealth::failureWordingFollowsTheFigures_data()
{
    QTest::addColumn<qint64>("attempts");
    QTest::addColumn<qint64>("failed");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("words");
    QTest::newRow("no attempts") << qint64(0) << qint64(0) << int(HealthStatus::Healthy)
                                 << QStringLiteral("no attempt ended in the last 15m");
    QTest::newRow("0 %") << qint64(200) << qint64(0) << int(HealthStatus::Healthy)
                         << QStringLiteral("no attempt failed in the last 15m (200 attempts)");
    QTest::newRow("1 %") << qint64(200) << qint64(2) << int(HealthStatus::Healthy)
                         << QStringLiteral("failures are rare: 1% of attempts in the last 15m (2 of 200)");
    QTest::newRow("10 %") << qint64(200) << qint64(20) << int(HealthStatus::Healthy)
                          << QStringLiteral("some attempts fail: 10% in the last 15m (20 of 200)");
    QTest::newRow("30 %") << qint64(200) << qint64(60) << int(HealthStatus::Degraded)
                          << QStringLiteral("30% of attempts failed in the last 15m (60 of 200).");
    QTest::newRow("100 %") << qint64(200) << qint64(200) << int(HealthStatus::Unhealthy)
                           << QStringLiteral("Every attempt failed in the last 15m (200 of 200).");
    QTest::newRow("30 % of too few") << qint64(10) << qint64(3) << int(HealthStatus::Healthy)
                                     << QStringLiteral("3 of 10 attempts failed in the last 15m (30%), too few");
}

void TestHealth::failureWordingFollowsTheFigures()
{
    QFETCH(qint64, attempts);
    QFETCH(qint64, failed);
    QFETCH(int, status);
    QFETCH(QString, words);
    HealthSnapshot s = quiet();
    if (attempts > 0)
        s.minutes = {minute(5, attempts - failed, failed)};
    const HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(int(r.status), status);
    QCOMPARE(r.attemptsInWindow, attempts);
    QCOMPARE(r.failedInWindow, failed);
    // Everything said about the runner, passed or not.
    const QString all = reasons(r) + QStringLiteral(" | ") + r.passed.join(QStringLiteral(" | "));
    QVERIFY2(all.contains(words), qPrintable(all));
    // "Rare" is said only of a rate under 5 %.
    QCOMPARE(all.contains(QLatin1String("rare")), attempts > 0 && failed > 0 && double(failed) / double(attempts) < 0.05);
    // A healthy report says what each check found; none is left out.
    if (r.status == HealthStatus::Healthy)
        QCOMPARE(r.passed.size(), 4);
    QCOMPARE(r.toJson().value(QStringLiteral("passed")).toArray().size(), r.passed.size());
}

void TestHealth::queueGrowingFasterThanItDrainsDegrades()
{
    HealthSnapshot s = quiet();
    count(s, JobState::Queued, 900);
    // 400 queued twelve minutes ago; since then 800 arrived and 300 were done.
    s.minutes = {minute(12, 10, 0, 400, 10), minute(8, 100, 0, 500, 300), minute(4, 100, 0, 700, 300),
                 minute(1, 100, 0, 900, 200)};
    HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Degraded);
    QVERIFY2(reasons(r).contains(QLatin1String("grows faster than it drains: from 400 to 900 jobs")), qPrintable(reasons(r)));

    // The same depth reached while draining faster than arrivals (a backlog shrinking) is fine.
    s.minutes = {minute(12, 10, 0, 400, 10), minute(8, 400, 0, 500, 300), minute(1, 400, 0, 900, 200)};
    r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Healthy);
    // So is growth too small to matter.
    s.counts.clear();
    count(s, JobState::Queued, 450);
    s.minutes = {minute(12, 10, 0, 400, 10), minute(1, 10, 0, 450, 60)};
    QCOMPARE(HealthCheck().evaluate(s).status, HealthStatus::Healthy);
}

void TestHealth::nearlyFullDiskAndDatabaseErrors()
{
    HealthSnapshot s = quiet();
    s.diskAvailableBytes = 3LL << 30; // 3 % of 100 GB
    HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Degraded);
    QVERIFY2(reasons(r).contains(QLatin1String("nearly full")), qPrintable(reasons(r)));
    s.diskAvailableBytes = 50LL << 20;
    QCOMPARE(HealthCheck().evaluate(s).status, HealthStatus::Unhealthy);

    s = quiet();
    s.databaseErrors = {QStringLiteral("disk I/O error"), QStringLiteral("older error")};
    r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Degraded);
    QCOMPARE(int(r.reasons.size()), 1);
    QVERIFY(reasons(r).contains(QLatin1String("disk I/O error")));
}

void TestHealth::aLostDatabaseServerDegradesButDoesNotMakeUnhealthy()
{
    // A runner whose PostgreSQL server went away keeps its running jobs: degraded, so a probe does not restart it.
    HealthSnapshot s = quiet();
    s.waitingForServer = true;
    HealthReport r = HealthCheck().evaluate(s);
    QCOMPARE(r.status, HealthStatus::Degraded);
    QVERIFY2(reasons(r).contains(QLatin1String("out of reach")), qPrintable(reasons(r)));

    r = HealthCheck::unreadable(QStringLiteral("server closed the connection unexpectedly"), true);
    QCOMPARE(r.status, HealthStatus::Degraded);
    QVERIFY2(reasons(r).contains(QLatin1String("out of reach")), qPrintable(reasons(r)));
    // A database that cannot be read for any other reason is unhealthy, and says why.
    r = HealthCheck::unreadable(QStringLiteral("file is not a database"), false);
    QCOMPARE(r.status, HealthStatus::Unhealthy);
    QVERIFY2(reasons(r).contains(QLatin1String("file is not a database")), qPrintable(reasons(r)));
    QCOMPARE(r.toJson().value(QLatin1String("status")).toString(), QStringLiteral("unhealthy"));
}

void TestHealth::readsALiveStore()
{
    TempStore t;
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(3));
    engine.start();
    const qint64 id = enqueueVia(engine, makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 30'000}}));
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("running"), 10'000);
    const qint64 now = engine.clock().nowMs();
    HealthReport r = HealthCheck().evaluate(HealthSnapshot::read(*t.reader, t.path, now));
    QCOMPARE(r.status, HealthStatus::Healthy);
    QCOMPARE(r.liveRunners, 1);
    QCOMPARE(r.workersTotal, 3);
    QCOMPARE(r.workersBusy, 1);
    QVERIFY(r.databaseBytes > 0);
    // PostgreSQL's disk is the server's: not this machine's to measure.
    QCOMPARE(r.diskTotalBytes > 0, !onPostgres());

    engine.setWorkers(5); // recorded for everyone who reads the runners table
    QTRY_COMPARE(HealthCheck().evaluate(HealthSnapshot::read(*t.reader, t.path, now)).workersTotal, 5);

    // Seen from an hour later, the runner has gone silent and its job's lease has run out.
    const HealthSnapshot later = HealthSnapshot::read(*t.reader, t.path, now + 3'600'000);
    r = HealthCheck().evaluate(later);
    QCOMPARE(r.status, HealthStatus::Unhealthy);
    QCOMPARE(r.stalledJobs, std::vector<qint64>{id});
    engine.cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("cancelled"), 10'000);
    engine.stopAndWait();
}

void TestHealth::unknownDiskFiguresAreNeitherAFullDiskNorANumber()
{
    JOBDECK_SQLITE_ONLY("the disk a SQLite file lies on");
    TempStore t;
    QString askedFor;
    // As in a chroot without /proc: no figures at all, or a free space of 0 without a total.
    for (const DiskSpace unknown : {DiskSpace{}, DiskSpace{0, -1}, DiskSpace{0, 0}}) {
        const HealthSnapshot s = HealthSnapshot::read(*t.reader, t.path, kNow, [&](const QString &folder) {
            askedFor = folder;
            return unknown;
        });
        QCOMPARE(askedFor, QFileInfo(t.path).absolutePath());
        QCOMPARE(s.diskAvailableBytes, qint64(-1));
        QCOMPARE(s.diskTotalBytes, qint64(-1));
        const HealthReport r = HealthCheck().evaluate(s);
        QCOMPARE(r.status, HealthStatus::Healthy);
        QVERIFY2(r.reasons.empty(), qPrintable(reasons(r)));
        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QLatin1String("status")).toString(), QStringLiteral("healthy"));
        QVERIFY(json.contains(QLatin1String("disk_available_bytes")));
        QVERIFY(json.value(QLatin1String("disk_available_bytes")).isNull());
        QVERIFY(json.value(QLatin1String("disk_total_bytes")).isNull());
    }

    // A hand-made snapshot with only one figure is unknown too, and a known disk still shows its numbers.
    HealthSnapshot s = quiet();
    s.diskTotalBytes = -1;
    QCOMPARE(HealthCheck().evaluate(s).status, HealthStatus::Healthy);
    QVERIFY(HealthCheck().evaluate(s).toJson().value(QLatin1String("disk_available_bytes")).isNull());
    const QJsonObject known = HealthCheck().evaluate(quiet()).toJson();
    QCOMPARE(known.value(QLatin1String("disk_available_bytes")).toDouble(), double(50LL << 30));
    QCOMPARE(known.value(QLatin1String("disk_total_bytes")).toDouble(), double(100LL << 30));
}

void TestHealth::statvfsGivesTheFiguresOfAFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DiskSpace space = DiskSpace::fromStatvfs(dir.path());
    QVERIFY(space.isKnown());
    QVERIFY(space.availableBytes <= space.totalBytes);
    const QStorageInfo storage(dir.path());
    if (storage.isValid())
        QCOMPARE(space.totalBytes, storage.bytesTotal()); // the same file system, seen two ways
    QVERIFY(DiskSpace::of(dir.path()).isKnown());
    QVERIFY(!DiskSpace::fromStatvfs(dir.filePath(QStringLiteral("missing/folder"))).isKnown());
}

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
