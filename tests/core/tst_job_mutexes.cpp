// Mutexes: jobs sharing a name never hold it at once, whichever runner claims them; a job holding none of the busy
// names is never held up by them; several names, priorities, queue limits and pauses; the names in the job's
// record and JSON; and bad names refused before anything is written.

#include "CoreTestSupport.h"

#include "model/JobJson.h"
#include "model/JobSpecFields.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

JobSpec holding(const QStringList &names, int priority = 0, const QString &queue = QStringLiteral("default"))
{
    JobSpec s = makeSpec(QStringLiteral("noop"));
    s.mutexes = names;
    s.mutexes.sort();
    s.priority = priority;
    s.queue = queue;
    return s;
}


QList<qint64> idsOf(const BatchResult &r)
{
    QList<qint64> ids;
    for (const ClaimedJob &j : r.results.front().claimed)
        ids << j.id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

struct Runners {
    TempStore &t;
    explicit Runners(TempStore &store) : t(store)
    {
        for (const QString &id : {QStringLiteral("runner-a"), QStringLiteral("runner-b")})
            QVERIFY(t.store->apply({RegisterRunner{id, QStringLiteral("elsewhere.invalid"), 0, 4, 1000, 0}}).ok);
    }
    QList<qint64> claim(const QString &runner, int limit = 10)
    {
        const BatchResult r = t.store->apply({claimFor(runner, 2000, limit)});
        return r.ok ? idsOf(r) : QList<qint64>{-1};
    }
    void finish(qint64 id)
    {
        Transition done;
        done.jobId = id;
        done.from = {JobState::Running};
        done.to = JobState::Succeeded;
        done.reason = QStringLiteral("done");
        done.atMs = 3000;
        QVERIFY(t.store->apply({done}).results.front().applied);
    }
};

} // namespace

class JobMutexesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneHolderPerNameAcrossRunners()
    {
        TempStore t;
        Runners r(t);
        const qint64 a1 = t.enqueue(holding({QStringLiteral("printer")}), 1000);
        const qint64 a2 = t.enqueue(holding({QStringLiteral("printer")}), 1000);
        const qint64 b1 = t.enqueue(holding({QStringLiteral("scanner")}), 1000);
        const qint64 free = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        // One claim takes one job per name, and every job without a busy name.
        QCOMPARE(r.claim(QStringLiteral("runner-a")), (QList<qint64>{a1, b1, free}));
        // Another runner finds the names held.
        const qint64 later = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        QCOMPARE(r.claim(QStringLiteral("runner-b")), (QList<qint64>{later}));
        QCOMPARE(t.stateOf(a2), QStringLiteral("queued"));
        // Released when its holder ends, whoever claims next.
        r.finish(a1);
        QCOMPARE(r.claim(QStringLiteral("runner-b")), (QList<qint64>{a2}));
        QCOMPARE(r.claim(QStringLiteral("runner-a")), QList<qint64>{});
    }

    void aJobWithSeveralNamesWaitsForEach()
    {
        TempStore t;
        Runners r(t);
        const qint64 db = t.enqueue(holding({QStringLiteral("db")}), 1000);
        const qint64 both = t.enqueue(holding({QStringLiteral("db"), QStringLiteral("cache")}), 1000);
        const qint64 cache = t.enqueue(holding({QStringLiteral("cache")}), 1000);
        // "both" waits behind db; cache, behind nothing that runs, starts — though it came after "both".
        QCOMPARE(r.claim(QStringLiteral("runner-a")), (QList<qint64>{db, cache}));
        r.finish(db);
        QCOMPARE(r.claim(QStringLiteral("runner-a")), QList<qint64>{}); // cache still holds "cache"
        r.finish(cache);
        QCOMPARE(r.claim(QStringLiteral("runner-b")), (QList<qint64>{both}));
        const qint64 another = t.enqueue(holding({QStringLiteral("cache")}), 1000);
        QCOMPARE(r.claim(QStringLiteral("runner-a")), QList<qint64>{});
        r.finish(both);
        QCOMPARE(r.claim(QStringLiteral("runner-a")), (QList<qint64>{another}));
    }

    void priorityLimitsAndPausesStillHold()
    {
        TempStore t;
        Runners r(t);
        const qint64 low = t.enqueue(holding({QStringLiteral("printer")}, 0), 1000);
        const qint64 high = t.enqueue(holding({QStringLiteral("printer")}, 5), 1000);
        const qint64 plain = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        // The higher priority takes the name; with room for one job, it goes before a plain job of lower priority.
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 1), (QList<qint64>{high}));
        QCOMPARE(r.claim(QStringLiteral("runner-a"), 1), (QList<qint64>{plain}));
        r.finish(high);
        // A paused queue holds its jobs; a queue at its limit too.
        QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("default"), std::nullopt, true, std::nullopt}}).ok);
        QCOMPARE(r.claim(QStringLiteral("runner-a")), QList<qint64>{});
        QVERIFY(t.store->apply({ConfigureQueue{QStringLiteral("default"), std::nullopt, false, std::nullopt}}).ok);
        const qint64 limited1 = t.enqueue(holding({QStringLiteral("x")}, 0, QStringLiteral("slow")), 1000);
        const qint64 limited2 = t.enqueue(holding({QStringLiteral("y")}, 0, QStringLiteral("slow")), 1000);
        ClaimJobs c = claimFor(QStringLiteral("runner-b"), 2000);
        c.queueLimits.insert(QStringLiteral("slow"), 1);
        const BatchResult claimed = t.store->apply({c});
        QCOMPARE(idsOf(claimed), (QList<qint64>{low, limited1}));
        QCOMPARE(t.stateOf(limited2), QStringLiteral("queued"));
    }

    void theNamesAreKeptAndShown()
    {
        TempStore t;
        const qint64 id = t.enqueue(holding({QStringLiteral("printer"), QStringLiteral("billing db")}), 1000);
        const auto job = t.reader->job(id);
        QCOMPARE(job->mutexes, (QStringList{QStringLiteral("billing db"), QStringLiteral("printer")}));
        QCOMPARE(JobJson::job(*job, {}).value(QLatin1String("mutexes")).toArray(),
                 (QJsonArray{QStringLiteral("billing db"), QStringLiteral("printer")}));
        const qint64 plain = t.enqueue(makeSpec(QStringLiteral("noop")), 1000);
        QVERIFY(t.reader->job(plain)->mutexes.isEmpty());
        // Deleting a job lets its names go with it.
        QVERIFY(t.store->apply({DeleteJob{id}}).results.front().applied);
        QCOMPARE(scalar(t.path, QStringLiteral("SELECT count(*) FROM job_mutexes")), 0);
    }

    void badNamesAreRefused()
    {
        const HandlerRegistry handlers = builtIns();
        const auto build = [&](const QJsonObject &o) {
            SpecFields f;
            QString error = readSpecFields(o, f);
            JobSpec spec;
            if (error.isEmpty())
                error = buildSpec(f, handlers, 1000, spec);
            return std::make_pair(error, spec);
        };
        const auto ok = build({{QStringLiteral("kind"), QStringLiteral("noop")},
                               {QStringLiteral("mutex"), QJsonArray{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("b")}}});
        QVERIFY2(ok.first.isEmpty(), qPrintable(ok.first));
        QCOMPARE(ok.second.mutexes, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(build({{QStringLiteral("kind"), QStringLiteral("noop")}, {QStringLiteral("mutex"), QStringLiteral("one")}}).second.mutexes,
                 QStringList{QStringLiteral("one")});
        QVERIFY(build({{QStringLiteral("kind"), QStringLiteral("noop")}, {QStringLiteral("mutex"), 3}}).first.contains(QLatin1String("mutex")));
        QVERIFY(build({{QStringLiteral("kind"), QStringLiteral("noop")}, {QStringLiteral("mutex"), QStringLiteral(" ")}}).first.contains(QLatin1String("name")));
        QVERIFY(build({{QStringLiteral("kind"), QStringLiteral("noop")}, {QStringLiteral("mutex"), QStringLiteral("a,b")}}).first.contains(QLatin1String("commas")));
        QJsonArray many;
        for (int i = 0; i < 17; ++i)
            many.append(QStringLiteral("m%1").arg(i));
        QVERIFY(build({{QStringLiteral("kind"), QStringLiteral("noop")}, {QStringLiteral("mutex"), many}}).first.contains(QLatin1String("at most 16")));
    }
};

QTEST_GUILESS_MAIN(JobMutexesTest)
#include "tst_job_mutexes.moc"
