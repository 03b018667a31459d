// Watched folders: a file is complete once its size and mtime stay the same for the settle time (an injected
// clock), each file version is enqueued once (the same version twice, a restart, a new engine), a changed file is
// a new version, finished files go to done/ or failed/, and files that cannot be taken are skipped with a reason.

#include "CoreTestSupport.h"
#include "watch/FolderWatch.h"
#include "watch/WatchCommands.h"
#include "watch/WatchService.h"

#include <QDir>
#include <QSignalSpy>
#include <QtTest>

#include <sys/stat.h>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kStart = 1'800'000'000'000;
constexpr qint64 kSettle = 2000;

void writeFile(const QString &path, const QByteArray &content, QIODevice::OpenMode mode = QIODevice::WriteOnly)
{
    QFile f(path);
    QVERIFY2(f.open(mode), qPrintable(path));
    QCOMPARE(f.write(content), content.size());
}

WatchSpec watchSpec(const QString &name, const QString &dir, const QString &kind = QStringLiteral("noop"),
                    AfterAction after = AfterAction::Leave)
{
    WatchSpec s;
    s.name = name;
    s.dir = dir;
    s.job.kind = kind;
    s.job.maxAttempts = 1;
    s.settleMs = kSettle;
    s.after = after;
    return s;
}

qint64 saveWatch(JobStore &store, const WatchSpec &spec, qint64 nowMs)
{
    QString error;
    const auto m = WatchCommands::save(spec, nowMs, false, &error);
    if (!m)
        qWarning("%s", qPrintable(error));
    const BatchResult r = store.apply({*m});
    return r.ok && r.results.front().applied ? r.results.front().rowId : 0;
}

qint64 jobCount(const TempStore &t)
{
    return scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs"));
}

// Moves the clock past the settle time and hands on what is complete; waits for the batch's commit.
bool settle(Engine &engine, ManualClock &clock, qint64 byMs = kSettle)
{
    WatchService *watches = engine.watchService();
    QSignalSpy written(watches, &WatchService::batchWritten);
    clock.advance(byMs);
    watches->settleNow();
    return written.wait(10'000);
}

} // namespace

class TestWatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fileIsCompleteWhenSizeAndMtimeStayTheSameForTheSettleTime();
    void payloadTemplateGetsTheFile();
    void theSameVersionTwiceMakesOneJob();
    void aModifiedFileIsASecondJob();
    void aRestartDoesNotEnqueueAgainButFindsNewFiles();
    void successMovesToDoneAndDeathToFailed();
    void deleteAfterSuccess();
    void skippedFilesAreRecordedWithTheirReason();
    void pausedWatchTakesNothingUntilResumed();
    void lineageLinksAFileToItsJob();
};

void TestWatch::fileIsCompleteWhenSizeAndMtimeStayTheSameForTheSettleTime()
{
    QTemporaryDir dir;
    WatchRecord record;
    record.id = 1;
    record.spec = watchSpec(QStringLiteral("w"), dir.path());
    record.spec.patterns = {QStringLiteral("*.txt")};
    FolderWatch folder(record);
    const QString path = dir.filePath(QStringLiteral("a.txt"));
    writeFile(path, "part one");
    writeFile(dir.filePath(QStringLiteral("b.jpg")), "not matched");
    writeFile(dir.filePath(QStringLiteral(".hidden.txt")), "a partial download");
    QVERIFY(folder.scan(dir.path(), kStart).isEmpty());
    QCOMPARE(folder.pendingCount(), 1);
    QCOMPARE(folder.nextDueMs(), kStart + kSettle);
    QVERIFY(folder.takeComplete(kStart + kSettle - 1).empty());

    // A write in the middle starts the settle time again.
    writeFile(path, " and part two", QIODevice::Append);
    folder.consider(path, kStart + 1500);
    QVERIFY(folder.takeComplete(kStart + kSettle).empty());
    QCOMPARE(folder.nextDueMs(), kStart + 1500 + kSettle);

    // A change nobody told of is noticed when the time is over, and settles again.
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write(" and three");
    f.close();
    QVERIFY(folder.takeComplete(kStart + 1500 + kSettle).empty());
    const auto complete = folder.takeComplete(kStart + 1500 + 2 * kSettle);
    QCOMPARE(complete.size(), size_t(1));
    QCOMPARE(complete.front().path, path);
    QCOMPARE(complete.front().size, qint64(QByteArray("part one and part two and three").size()));
    QCOMPARE(folder.pendingCount(), 0);

    // Handed on: an event for the same version does not make it pending again; a change does.
    folder.markTaken(complete.front());
    folder.consider(path, kStart + 10'000);
    QCOMPARE(folder.pendingCount(), 0);
    writeFile(path, "rewritten, another size");
    folder.consider(path, kStart + 11'000);
    QCOMPARE(folder.pendingCount(), 1);
}

void TestWatch::payloadTemplateGetsTheFile()
{
    const FileVersion file{QStringLiteral("/in/photo.jpg"), 1234, kStart, QStringLiteral("ab")};
    const QJsonObject p = QJsonDocument::fromJson(
        WatchCommands::payloadFor(R"({"size":256,"out_dir":"/out","note":"from {name}"})", file)).object();
    QCOMPARE(p.value(QLatin1String("path")).toString(), file.path);
    QCOMPARE(p.value(QLatin1String("size")).toInt(), 256); // the template's own size (a thumbnail's) stays
    QCOMPARE(p.value(QLatin1String("note")).toString(), QStringLiteral("from photo.jpg"));
    QVERIFY(p.value(QLatin1String("mtime")).toString().startsWith(QLatin1String("2027-01-15T")));
    const QJsonObject plain = QJsonDocument::fromJson(WatchCommands::payloadFor("{}", file)).object();
    QCOMPARE(plain.value(QLatin1String("size")).toInt(), 1234);
}

void TestWatch::theSameVersionTwiceMakesOneJob()
{
    TempStore t;
    QTemporaryDir dir;
    const qint64 watchId = saveWatch(*t.store, watchSpec(QStringLiteral("w"), dir.path()), kStart);
    QVERIFY(watchId > 0);
    JobSpec job = makeSpec(QStringLiteral("noop"));
    const EnqueueWatchedFile m{watchId, dir.filePath(QStringLiteral("a")), 10, kStart, QStringLiteral("f1"), job, kStart};
    // Twice in one batch and once more in another, as two runners would.
    const BatchResult first = t.store->apply({m, m});
    QVERIFY(first.ok);
    QVERIFY(first.results[0].applied);
    QVERIFY(first.results[0].jobId > 0);
    QVERIFY(!first.results[1].applied);
    QCOMPARE(first.results[1].jobId, 0);
    const BatchResult second = t.store->apply({m});
    QVERIFY(!second.results[0].applied);
    QCOMPARE(jobCount(t), 1);
    // Another fingerprint of the same path, size and mtime is another version.
    EnqueueWatchedFile other = m;
    other.fingerprint = QStringLiteral("f2");
    QVERIFY(t.store->apply({other}).results[0].applied);
    QCOMPARE(jobCount(t), 2);
    QCOMPARE(t.store->openWatchReader()->watch(QStringLiteral("w"))->enqueued, 2);
}

void TestWatch::aModifiedFileIsASecondJob()
{
    TempStore t;
    QTemporaryDir dir;
    ManualClock clock(kStart);
    saveWatch(*t.store, watchSpec(QStringLiteral("w"), dir.path()), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QCOMPARE(engine.watchService()->watchCount(), 1);

    const QString path = dir.filePath(QStringLiteral("report.csv"));
    writeFile(path, "a,b\n1,2\n");
    QTRY_COMPARE(engine.watchService()->pendingCount(), 1); // heard of through inotify
    QVERIFY(settle(engine, clock));
    QCOMPARE(jobCount(t), 1);

    // Settled again without a change: nothing more.
    clock.advance(kSettle);
    engine.watchService()->settleNow();
    QCOMPARE(engine.watchService()->pendingCount(), 0);

    writeFile(path, "a,b\n1,2\n3,4\n", QIODevice::Append);
    QTRY_COMPARE(engine.watchService()->pendingCount(), 1);
    QVERIFY(settle(engine, clock));
    QCOMPARE(jobCount(t), 2);
    const auto versions = t.store->openWatchReader()->filesAt(path, 10);
    QCOMPARE(versions.size(), size_t(2));
    QVERIFY(versions[0].size > versions[1].size); // newest first
    QVERIFY(versions[0].jobId != versions[1].jobId);
    engine.stopAndWait();
}

void TestWatch::aRestartDoesNotEnqueueAgainButFindsNewFiles()
{
    TempStore t;
    QTemporaryDir dir;
    ManualClock clock(kStart);
    saveWatch(*t.store, watchSpec(QStringLiteral("w"), dir.path()), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    writeFile(dir.filePath(QStringLiteral("before.txt")), "there before the runner started");
    {
        Engine engine(*t.store, handlers, engineOptions(1), clock);
        engine.start();
        QCOMPARE(engine.watchService()->pendingCount(), 1); // found by the scan at start
        QVERIFY(settle(engine, clock));
        QCOMPARE(jobCount(t), 1);
        engine.stopAndWait();
    }
    writeFile(dir.filePath(QStringLiteral("while-stopped.txt")), "arrived while no runner ran");
    EngineOptions second = engineOptions(1);
    second.runnerId = QStringLiteral("second-runner");
    Engine engine(*t.store, handlers, second, clock);
    engine.start();
    QCOMPARE(engine.watchService()->pendingCount(), 2);
    QSignalSpy written(engine.watchService(), &WatchService::batchWritten);
    clock.advance(kSettle);
    engine.watchService()->settleNow();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.front().at(0).toInt(), 1); // the new one
    QCOMPARE(written.front().at(1).toInt(), 1); // taken before the restart
    QCOMPARE(jobCount(t), 2);
    engine.stopAndWait();
}

void TestWatch::successMovesToDoneAndDeathToFailed()
{
    TempStore t;
    QTemporaryDir okDir;
    QTemporaryDir badDir;
    ManualClock clock(kStart);
    saveWatch(*t.store, watchSpec(QStringLiteral("ok"), okDir.path(), QStringLiteral("noop"), AfterAction::MoveDone),
              clock.nowMs());
    WatchSpec failing = watchSpec(QStringLiteral("bad"), badDir.path(), QStringLiteral("fail"), AfterAction::MoveDone);
    failing.recursive = true;
    saveWatch(*t.store, failing, clock.nowMs());
    QVERIFY(QDir(badDir.path()).mkpath(QStringLiteral("sub")));
    writeFile(okDir.filePath(QStringLiteral("a.txt")), "fine");
    writeFile(badDir.filePath(QStringLiteral("sub/b.txt")), "poison");
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(2), clock);
    QSignalSpy settled(engine.watchService(), &WatchService::fileSettled);
    engine.start();
    QCOMPARE(engine.watchService()->pendingCount(), 2);
    QVERIFY(settle(engine, clock));
    QTRY_COMPARE_WITH_TIMEOUT(settled.count(), 2, 10'000);
    QVERIFY(QFile::exists(okDir.filePath(QStringLiteral("done/a.txt"))));
    QVERIFY(!QFile::exists(okDir.filePath(QStringLiteral("a.txt"))));
    QVERIFY(QFile::exists(badDir.filePath(QStringLiteral("failed/sub/b.txt"))));
    QVERIFY(!QFile::exists(badDir.filePath(QStringLiteral("sub/b.txt"))));

    // done/ and failed/ are not watched: a file put there starts nothing.
    writeFile(okDir.filePath(QStringLiteral("done/c.txt")), "not watched");
    writeFile(badDir.filePath(QStringLiteral("failed/d.txt")), "not watched");
    writeFile(badDir.filePath(QStringLiteral("sub/e.txt")), "watched");
    QTRY_COMPARE(engine.watchService()->pendingCount(), 1);
    auto reader = t.store->openWatchReader();
    QCOMPARE(reader->watch(QStringLiteral("ok"))->done, 1);
    QCOMPARE(reader->watch(QStringLiteral("bad"))->failed, 1);
    const auto moved = reader->filesAt(okDir.filePath(QStringLiteral("done/a.txt")), 10);
    QCOMPARE(moved.size(), size_t(1));
    QCOMPARE(moved.front().disposition, QStringLiteral("done"));
    QCOMPARE(moved.front().jobState, QStringLiteral("succeeded"));
    engine.stopAndWait();
}

void TestWatch::deleteAfterSuccess()
{
    TempStore t;
    QTemporaryDir dir;
    ManualClock clock(kStart);
    saveWatch(*t.store, watchSpec(QStringLiteral("w"), dir.path(), QStringLiteral("noop"), AfterAction::Delete), clock.nowMs());
    writeFile(dir.filePath(QStringLiteral("a.txt")), "gone after its job");
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    QSignalSpy settled(engine.watchService(), &WatchService::fileSettled);
    engine.start();
    QVERIFY(settle(engine, clock));
    QVERIFY(settled.wait(10'000));
    QCOMPARE(settled.front().at(1).toString(), QStringLiteral("deleted"));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("a.txt"))));
    engine.stopAndWait();
}

void TestWatch::skippedFilesAreRecordedWithTheirReason()
{
    TempStore t;
    QTemporaryDir dir;
    QTemporaryDir outside;
    ManualClock clock(kStart);
    WatchSpec spec = watchSpec(QStringLiteral("w"), dir.path());
    spec.maxSize = 100;
    saveWatch(*t.store, spec, clock.nowMs());
    writeFile(outside.filePath(QStringLiteral("secret")), "outside the folder");
    writeFile(dir.filePath(QStringLiteral("inside.txt")), "inside");
    QVERIFY(QFile::link(outside.filePath(QStringLiteral("secret")), dir.filePath(QStringLiteral("link-out"))));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("inside.txt")), dir.filePath(QStringLiteral("link-in"))));
    QCOMPARE(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("pipe"))).constData(), 0600), 0);
    writeFile(dir.filePath(QStringLiteral("big.bin")), QByteArray(1000, 'x'));
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QVERIFY(settle(engine, clock));
    QCOMPARE(jobCount(t), 2); // inside.txt and the link to it

    auto reader = t.store->openWatchReader();
    const qint64 id = reader->watch(QStringLiteral("w"))->id;
    QMap<QString, QString> reasons;
    QTRY_COMPARE((reasons = [&] {
                     QMap<QString, QString> r;
                     for (const WatchSkip &s : reader->skips(id, 10))
                         r.insert(QFileInfo(s.path).fileName(), s.reason);
                     return r;
                 }()).size(),
                 3);
    QCOMPARE(reasons.value(QStringLiteral("link-out")), QStringLiteral("symlink-outside"));
    QCOMPARE(reasons.value(QStringLiteral("pipe")), QStringLiteral("special-file"));
    QCOMPARE(reasons.value(QStringLiteral("big.bin")), QStringLiteral("too-large"));
    QCOMPARE(reader->watch(QStringLiteral("w"))->skipped, 3);
    engine.stopAndWait();
}

void TestWatch::pausedWatchTakesNothingUntilResumed()
{
    TempStore t;
    QTemporaryDir dir;
    ManualClock clock(kStart);
    saveWatch(*t.store, watchSpec(QStringLiteral("w"), dir.path()), clock.nowMs());
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QVERIFY(submitAndWait(engine, {WatchCommands::pause(QStringLiteral("w"), true, clock.nowMs())}).ok);
    QTRY_COMPARE(engine.watchService()->watchCount(), 0);
    writeFile(dir.filePath(QStringLiteral("a.txt")), "while paused");
    clock.advance(kSettle);
    engine.watchService()->settleNow();
    QCOMPARE(engine.watchService()->pendingCount(), 0);
    QVERIFY(submitAndWait(engine, {WatchCommands::pause(QStringLiteral("w"), false, clock.nowMs())}).ok);
    QTRY_COMPARE(engine.watchService()->pendingCount(), 1); // found by the scan when it resumes
    QVERIFY(settle(engine, clock));
    QCOMPARE(jobCount(t), 1);
    engine.stopAndWait();
}

void TestWatch::lineageLinksAFileToItsJob()
{
    TempStore t;
    QTemporaryDir dir;
    ManualClock clock(kStart);
    saveWatch(*t.store, watchSpec(QStringLiteral("sums"), dir.path(), QStringLiteral("noop")), clock.nowMs());
    const QString path = dir.filePath(QStringLiteral("data.bin"));
    writeFile(path, "some data");
    const HandlerRegistry handlers = builtIns();
    Engine engine(*t.store, handlers, engineOptions(1), clock);
    engine.start();
    QVERIFY(settle(engine, clock));
    auto reader = t.store->openWatchReader();
    const auto files = reader->filesAt(path, 10);
    QCOMPARE(files.size(), size_t(1));
    QCOMPARE(files.front().watchName, QStringLiteral("sums"));
    QCOMPARE(files.front().size, 9);
    QCOMPARE(files.front().fingerprint.size(), 32);
    const auto ofJob = reader->fileOfJob(files.front().jobId);
    QVERIFY(ofJob);
    QCOMPARE(ofJob->path, path);
    const auto job = t.reader->job(files.front().jobId);
    QVERIFY(job);
    QCOMPARE(QJsonDocument::fromJson(job->payload).object().value(QLatin1String("path")).toString(), path);
    QVERIFY(!reader->fileOfJob(files.front().jobId + 1000));
    engine.stopAndWait();
}

QTEST_GUILESS_MAIN(TestWatch)
#include "tst_watch.moc"
