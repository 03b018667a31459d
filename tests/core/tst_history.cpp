// History reads: keyset pages of finished jobs in finishing or id order, filters, the full-text search over
// payloads, errors and log lines (and its index following every change), bounded counts, and the migration that
// brings an older database to the search index and the kept counts.

#include "CoreTestSupport.h"

#include "runner/JobCommands.h"
#include "storage/sqlite/SqliteConnection.h"
#include "storage/sqlite/SqliteSchema.h"

#include <QRandomGenerator>
#include <QtTest>
#include <set>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

JobSpec spec(const QString &kind, const QString &payload = QStringLiteral("{}"), const QString &queue = {})
{
    JobSpec s;
    s.kind = kind;
    s.payload = payload.toUtf8();
    if (!queue.isEmpty())
        s.queue = queue;
    return s;
}

// Every page from the start, `limit` at a time.
std::vector<JobRecord> readAll(StoreReader &reader, const HistoryQuery &query, int limit, int *pages = nullptr,
                               int scanBudget = 50'000)
{
    std::vector<JobRecord> out;
    HistoryCursor cursor;
    for (int n = 0; n < 10'000; ++n) {
        const HistoryResult page = reader.history(query, cursor, limit, scanBudget);
        out.insert(out.end(), page.jobs.begin(), page.jobs.end());
        cursor = page.next;
        if (pages)
            ++*pages;
        if (page.end)
            break;
    }
    return out;
}

QList<qint64> idsOf(const std::vector<JobRecord> &jobs)
{
    QList<qint64> ids;
    for (const JobRecord &j : jobs)
        ids << j.id;
    return ids;
}

QList<qint64> search(StoreReader &reader, const QString &text, int limit = 100)
{
    HistoryQuery q;
    q.search = text;
    return idsOf(readAll(reader, q, limit));
}

void appendLog(TempStore &t, qint64 jobId, const QString &text, qint64 atMs)
{
    QVERIFY(t.store->apply({AppendLog{jobId, LogLine{0, atMs, LogLevel::Info, 1, text}}}).ok);
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pagesFollowTheChosenOrder_data();
    void pagesFollowTheChosenOrder();
    void onlyFinishedJobsMatchingEveryFilter();
    void searchFindsPayloadErrorAndLogText();
    void searchPagesGoOnWhereTheLastStopped();
    void searchIndexFollowsRequeueErrorsAndDeletes();
    void countsAreExactFromKeptCountsAndBoundedOtherwise();
    void aFilterMatchingLittleReturnsShortPagesThatContinue();
    void migratesAnOlderDatabase();
};

void TestHistory::pagesFollowTheChosenOrder_data()
{
    QTest::addColumn<int>("order");
    QTest::newRow("finished, newest first") << int(HistoryQuery::Order::FinishedNewest);
    QTest::newRow("finished, oldest first") << int(HistoryQuery::Order::FinishedOldest);
    QTest::newRow("id, newest first") << int(HistoryQuery::Order::IdNewest);
    QTest::newRow("id, oldest first") << int(HistoryQuery::Order::IdOldest);
}

void TestHistory::pagesFollowTheChosenOrder()
{
    QFETCH(int, order);
    TempStore t;
    // Finishing times out of id order, with ties, as several workers produce them.
    QRandomGenerator random(7);
    std::vector<FinishedJob> jobs;
    for (int i = 0; i < 230; ++i)
        jobs.push_back({spec(QStringLiteral("noop")), kT0 + qint64(random.bounded(60)) * 1000, JobState::Succeeded, {}});
    const QList<qint64> ids = finishJobs(t, jobs);
    QCOMPARE(ids.size(), 230);
    QHash<qint64, qint64> finishedAt;
    for (int i = 0; i < 230; ++i)
        finishedAt.insert(ids[i], jobs[size_t(i)].finishedAtMs);
    t.enqueue(spec(QStringLiteral("noop")), kT0); // still queued: never history

    HistoryQuery query;
    query.order = HistoryQuery::Order(order);
    int pages = 0;
    const std::vector<JobRecord> all = readAll(*t.reader, query, 40, &pages);
    QCOMPARE(int(all.size()), 230);
    QCOMPARE(pages, 6);
    const QList<qint64> allIds = idsOf(all);
    const std::set<qint64> unique(allIds.begin(), allIds.end());
    QCOMPARE(int(unique.size()), 230);
    for (size_t i = 1; i < all.size(); ++i) {
        const JobRecord &a = all[i - 1];
        const JobRecord &b = all[i];
        QCOMPARE(a.finishedAtMs, finishedAt.value(a.id));
        switch (query.order) {
        case HistoryQuery::Order::FinishedNewest:
            QVERIFY(a.finishedAtMs > b.finishedAtMs || (a.finishedAtMs == b.finishedAtMs && a.id > b.id));
            break;
        case HistoryQuery::Order::FinishedOldest:
            QVERIFY(a.finishedAtMs < b.finishedAtMs || (a.finishedAtMs == b.finishedAtMs && a.id < b.id));
            break;
        case HistoryQuery::Order::IdNewest:
            QVERIFY(a.id > b.id);
            break;
        case HistoryQuery::Order::IdOldest:
            QVERIFY(a.id < b.id);
            break;
        }
    }
}

void TestHistory::onlyFinishedJobsMatchingEveryFilter()
{
    TempStore t;
    struct Made {
        qint64 id;
        QString kind, queue;
        JobState state;
        qint64 at;
    };
    std::vector<Made> made;
    const QStringList kinds{QStringLiteral("noop"), QStringLiteral("cpu"), QStringLiteral("sleep")};
    const QStringList queues{QStringLiteral("default"), QStringLiteral("images")};
    const QList<JobState> ends{JobState::Succeeded, JobState::Succeeded, JobState::Dead, JobState::Cancelled};
    std::vector<FinishedJob> jobs;
    for (int i = 0; i < 120; ++i) {
        const QString kind = kinds[i % 3];
        const QString queue = queues[(i / 3) % 2];
        jobs.push_back({spec(kind, QStringLiteral("{}"), queue), kT0 + i * 1000, ends[i % 4], {}});
        made.push_back({0, kind, queue, ends[i % 4], kT0 + i * 1000});
    }
    const QList<qint64> ids = finishJobs(t, jobs);
    QCOMPARE(ids.size(), 120);
    for (int i = 0; i < 120; ++i)
        made[size_t(i)].id = ids[i];
    // Jobs that have not finished are never history, whatever they match.
    t.enqueue(spec(QStringLiteral("cpu")), kT0);
    t.enqueue(spec(QStringLiteral("noop"), QStringLiteral("{}"), QStringLiteral("images")), kT0 + 200'000);

    struct Case {
        const char *name;
        HistoryQuery query;
    };
    std::vector<Case> cases;
    HistoryQuery q;
    cases.push_back({"everything", q});
    q.states = {JobState::Dead};
    cases.push_back({"dead", q});
    q.states = {JobState::Dead, JobState::Cancelled};
    q.kind = QStringLiteral("cpu");
    cases.push_back({"dead or cancelled cpu", q});
    q = {};
    q.queue = QStringLiteral("images");
    q.finishedFromMs = kT0 + 30'000;
    q.finishedToMs = kT0 + 90'000;
    cases.push_back({"images in a time range", q});
    q.order = HistoryQuery::Order::IdOldest;
    cases.push_back({"images in a time range, by id", q});
    q = {};
    q.states = {JobState::Failed}; // not a finished state: nothing
    cases.push_back({"failed", q});

    for (const Case &c : cases) {
        QList<qint64> expected;
        for (const Made &m : made) {
            const HistoryQuery &f = c.query;
            if (!f.states.isEmpty() && !f.states.contains(m.state))
                continue;
            if ((!f.kind.isEmpty() && f.kind != m.kind) || (!f.queue.isEmpty() && f.queue != m.queue))
                continue;
            if ((f.finishedFromMs && m.at < f.finishedFromMs) || (f.finishedToMs && m.at >= f.finishedToMs))
                continue;
            expected << m.id;
        }
        if (c.query.order != HistoryQuery::Order::IdOldest)
            std::reverse(expected.begin(), expected.end()); // finishing order is id order here
        QCOMPARE(idsOf(readAll(*t.reader, c.query, 7)), expected);
        const BoundedCount count = t.reader->historyCount(c.query);
        QVERIFY2(count.exact, c.name);
        QCOMPARE(count.count, qint64(expected.size()));
    }
}

void TestHistory::searchFindsPayloadErrorAndLogText()
{
    TempStore t;
    const qint64 photo = finishJob(t, spec(QStringLiteral("thumbnail"), QStringLiteral("{\"path\":\"/srv/photos/IMG_1042.jpg\"}")),
                                   kT0 + 1000, JobState::Succeeded);
    const qint64 broken = finishJob(t, spec(QStringLiteral("thumbnail"), QStringLiteral("{\"path\":\"/srv/scans/page-7.tiff\"}")),
                                    kT0 + 2000, JobState::Dead, QStringLiteral("truncated image: decoding stopped at byte 4096"));
    const qint64 script = finishJob(t, spec(QStringLiteral("process"), QStringLiteral("{\"program\":\"/srv/jobs/import.sh\"}")),
                                    kT0 + 3000, JobState::Succeeded);
    appendLog(t, script, QStringLiteral("imported 42 invoices from the shop"), kT0 + 2500);
    appendLog(t, script, QStringLiteral("ledger synced"), kT0 + 2600);
    const qint64 second = finishJob(t, spec(QStringLiteral("thumbnail"), QStringLiteral("{\"path\":\"/srv/photos/IMG_2001.jpg\"}")),
                                    kT0 + 4000, JobState::Cancelled);
    const qint64 running = t.enqueue(spec(QStringLiteral("thumbnail"), QStringLiteral("{\"path\":\"/srv/photos/new.jpg\"}")), kT0);

    QCOMPARE(search(*t.reader, QStringLiteral("photos")), (QList<qint64>{second, photo})); // newest first, finished only
    QCOMPARE(search(*t.reader, QStringLiteral("IMG_1042.jpg")), QList<qint64>{photo});
    QCOMPARE(search(*t.reader, QStringLiteral("phot")), (QList<qint64>{second, photo})); // as typed, a prefix
    QCOMPARE(search(*t.reader, QStringLiteral("truncated")), QList<qint64>{broken});     // error text
    QCOMPARE(search(*t.reader, QStringLiteral("invoices")), QList<qint64>{script});      // log text
    QCOMPARE(search(*t.reader, QStringLiteral("ledger")), QList<qint64>{script});        // second log line
    QCOMPARE(search(*t.reader, QStringLiteral("invoices shop")), QList<qint64>{script}); // one line, any order
    QCOMPARE(search(*t.reader, QStringLiteral("import.sh invoices")), QList<qint64>{}); // payload and a line: apart
    QCOMPARE(search(*t.reader, QStringLiteral("photos truncated")), QList<qint64>{});    // every word must occur
    QCOMPARE(search(*t.reader, QStringLiteral("INVOICES")), QList<qint64>{script});      // case does not matter
    QCOMPARE(search(*t.reader, QStringLiteral("{} \" *")), QList<qint64>{});             // nothing searchable
    QCOMPARE(search(*t.reader, QStringLiteral("\"unbalanced")), QList<qint64>{});
    QCOMPARE(search(*t.reader, QStringLiteral("srv"), 1), (QList<qint64>{second, script, broken, photo}));
    QVERIFY(!search(*t.reader, QStringLiteral("new.jpg")).contains(running));

    HistoryQuery filtered;
    filtered.search = QStringLiteral("srv");
    filtered.states = {JobState::Dead, JobState::Cancelled};
    QCOMPARE(idsOf(readAll(*t.reader, filtered, 100)), (QList<qint64>{second, broken}));
    filtered.order = HistoryQuery::Order::FinishedOldest; // a search orders by id, oldest first here
    QCOMPARE(idsOf(readAll(*t.reader, filtered, 1)), (QList<qint64>{broken, second}));
}

void TestHistory::searchPagesGoOnWhereTheLastStopped()
{
    // A word in every payload and in the log lines of every third job: pages of seven, both ways, each job once.
    TempStore t;
    std::vector<FinishedJob> jobs;
    for (int i = 0; i < 150; ++i)
        jobs.push_back({spec(QStringLiteral("noop"), QStringLiteral("{\"note\":\"needle %1\"}").arg(i)), kT0 + i, JobState::Succeeded, {}});
    const QList<qint64> ids = finishJobs(t, jobs);
    QCOMPARE(ids.size(), 150);
    for (int i = 0; i < 150; i += 3) {
        for (int line = 0; line < 3; ++line)
            appendLog(t, ids[i], QStringLiteral("needles in line %1").arg(line), kT0 + i);
    }
    QList<qint64> newest = ids;
    std::sort(newest.begin(), newest.end(), std::greater<>());
    HistoryQuery q;
    q.search = QStringLiteral("needle");
    int pages = 0;
    QCOMPARE(idsOf(readAll(*t.reader, q, 7, &pages)), newest);
    QVERIFY(pages >= 150 / 7);
    q.order = HistoryQuery::Order::IdOldest;
    QList<qint64> oldest = newest;
    std::reverse(oldest.begin(), oldest.end());
    QCOMPARE(idsOf(readAll(*t.reader, q, 7)), oldest);
}

void TestHistory::searchIndexFollowsRequeueErrorsAndDeletes()
{
    TempStore t;
    const qint64 id = finishJob(t, spec(QStringLiteral("thumbnail"), QStringLiteral("{\"path\":\"/srv/old-name.png\"}")),
                                kT0, JobState::Dead, QStringLiteral("not an image"));
    appendLog(t, id, QStringLiteral("opened old-name.png"), kT0);
    QCOMPARE(search(*t.reader, QStringLiteral("image")), QList<qint64>{id});

    // Requeued with an edited payload, then fails again with another error: only the new text is found.
    QVERIFY(t.store->apply({JobCommands::requeue(id, QByteArrayLiteral("{\"path\":\"/srv/renamed.png\"}"), kT0 + 10,
                                                 QStringLiteral("test"))})
                .results.front()
                .applied);
    ClaimJobs c;
    c.owner = QStringLiteral("r");
    c.nowMs = kT0 + 20;
    c.leaseUntilMs = kT0 + 30'000;
    c.limit = 1;
    QCOMPARE(int(t.store->apply({RegisterRunner{c.owner, QStringLiteral("test-host"), 0, 1, c.nowMs}, c})
                     .results.back()
                     .claimed.size()),
             1);
    Transition failed;
    failed.jobId = id;
    failed.from = {JobState::Running};
    failed.to = JobState::Dead;
    failed.reason = QStringLiteral("again");
    failed.atMs = kT0 + 30;
    failed.error = QStringLiteral("permission denied");
    QVERIFY(t.store->apply({failed}).results.front().applied);
    QCOMPARE(search(*t.reader, QStringLiteral("renamed")), QList<qint64>{id});
    QCOMPARE(search(*t.reader, QStringLiteral("permission")), QList<qint64>{id});
    QCOMPARE(search(*t.reader, QStringLiteral("image")), QList<qint64>{});
    QCOMPARE(search(*t.reader, QStringLiteral("opened")), QList<qint64>{id}); // the log is kept across rounds

    // Deleting the newest job frees its id for the next one; the index must not mix the two.
    QVERIFY(t.store->apply({DeleteJob{id, kT0 + 40}}).results.front().applied);
    QCOMPARE(search(*t.reader, QStringLiteral("renamed")), QList<qint64>{});
    QCOMPARE(search(*t.reader, QStringLiteral("opened")), QList<qint64>{});
    const qint64 next = finishJob(t, spec(QStringLiteral("noop"), QStringLiteral("{\"note\":\"fresh\"}")), kT0 + 50,
                                  JobState::Succeeded);
    QCOMPARE(search(*t.reader, QStringLiteral("fresh")), QList<qint64>{next});
    QCOMPARE(search(*t.reader, QStringLiteral("opened")), QList<qint64>{});
    if (!onPostgres()) { // PostgreSQL's identities never give an id twice; SQLite's index rows are its own
        QCOMPARE(next, id);
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM job_search WHERE job_search MATCH 'permission'")), 0);
    }
}

void TestHistory::countsAreExactFromKeptCountsAndBoundedOtherwise()
{
    TempStore t;
    WriteBatch batch;
    for (int i = 0; i < 300; ++i)
        batch.push_back(EnqueueJob{spec(QStringLiteral("noop"), QStringLiteral("{\"batch\":\"alpha\"}")), kT0});
    QVERIFY(t.store->apply(batch).ok);
    WriteBatch cancels;
    for (qint64 id = 1; id <= 300; ++id)
        cancels.push_back(RequestCancel{id, QStringLiteral("test"), kT0 + id});
    QVERIFY(t.store->apply(cancels).ok);

    HistoryQuery all;
    QCOMPARE(t.reader->historyCount(all).count, 300);
    QVERIFY(t.reader->historyCount(all).exact);
    HistoryQuery searched;
    searched.search = QStringLiteral("alpha");
    const BoundedCount exact = t.reader->historyCount(searched);
    QVERIFY(exact.exact);
    QCOMPARE(exact.count, 300);
    const BoundedCount capped = t.reader->historyCount(searched, 100);
    QVERIFY(!capped.exact); // "100+"
    QCOMPARE(capped.count, 100);
    HistoryQuery ranged;
    ranged.finishedFromMs = kT0 + 101;
    ranged.finishedToMs = kT0 + 201;
    QCOMPARE(t.reader->historyCount(ranged).count, 100);
    QVERIFY(t.reader->historyCount(ranged).exact);
    const BoundedCount budget = t.reader->historyCount(searched, 10'000, 1);
    QVERIFY(!budget.exact); // ran out of reading before it could tell
}

void TestHistory::aFilterMatchingLittleReturnsShortPagesThatContinue()
{
    TempStore t;
    WriteBatch batch;
    for (int i = 0; i < 3000; ++i)
        batch.push_back(EnqueueJob{spec(i == 17 ? QStringLiteral("rare") : QStringLiteral("noop")), kT0});
    QVERIFY(t.store->apply(batch).ok);
    WriteBatch cancels;
    for (qint64 id = 1; id <= 3000; ++id)
        cancels.push_back(RequestCancel{id, QStringLiteral("test"), kT0 + id});
    QVERIFY(t.store->apply(cancels).ok);

    HistoryQuery rare;
    rare.kind = QStringLiteral("rare");
    // A small budget: the first read stops early, empty but not at the end, and the next ones go on from there.
    const HistoryResult first = t.reader->history(rare, {}, 50, 300);
    QVERIFY(first.jobs.empty());
    QVERIFY(!first.end);
    int pages = 0;
    const std::vector<JobRecord> found = readAll(*t.reader, rare, 50, &pages, 300);
    QCOMPARE(idsOf(found), QList<qint64>{18});
    QVERIFY(pages > 3);
}

void TestHistory::migratesAnOlderDatabase()
{
    JOBDECK_SQLITE_ONLY("an older SQLite file is migrated; PostgreSQL's schema started at this version");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.db"));
    {
        SqliteConnection old(path, SqliteConnection::Mode::ReadWrite);
        QVERIFY(old.isOpen());
        SqliteSchema::migrate(old, 2); // as the previous release left it
        old.exec(QStringLiteral("INSERT INTO jobs (id, kind, queue, state, payload, error, run_at, created_at, "
                                "updated_at, finished_at, log_count) VALUES "
                                "(1, 'cpu', 'default', 'succeeded', '{\"n\":7}', NULL, 1, 1, 1, 5, 2), "
                                "(2, 'thumbnail', 'images', 'dead', '{\"path\":\"/srv/a.png\"}', 'not an image', 1, 1, 1, 6, 0), "
                                "(3, 'noop', 'default', 'queued', '{}', NULL, 1, 1, 1, NULL, 0)"));
        old.exec(QStringLiteral("INSERT INTO job_log (job_id, attempt, at, level, text) VALUES "
                                "(1, 1, 2, 'INFO', 'counting primes'), (1, 1, 3, 'INFO', 'halfway there')"));
    }
    auto store = SqliteStore::open(path);
    auto reader = store->openReader();
    QCOMPARE(keptCounts(*reader), countedJobs(path));
    QCOMPARE(reader->stats().byState.value(QStringLiteral("dead")), 1);
    QCOMPARE(search(*reader, QStringLiteral("halfway")), QList<qint64>{1});
    QCOMPARE(search(*reader, QStringLiteral("image")), QList<qint64>{2});
    HistoryQuery all;
    QCOMPARE(idsOf(readAll(*reader, all, 10)), (QList<qint64>{2, 1}));
    // Lines written after the migration are numbered on from the old ones and found too.
    QVERIFY(store->apply({AppendLog{1, LogLine{0, 10, LogLevel::Info, 2, QStringLiteral("resumed happily")}}}).ok);
    QCOMPARE(scalar(path, QStringLiteral("SELECT max(seq) FROM job_log WHERE job_id = 1")), 3);
    QCOMPARE(search(*reader, QStringLiteral("resumed")), QList<qint64>{1});
    QCOMPARE(reader->logTail(1, 10).size(), size_t(3));
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
