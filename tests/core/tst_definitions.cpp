// The jobs folder: reading job definitions and settings.job, errors confined to their own job, the watcher,
// the JobSpec a definition makes, running definitions through the engine, and singleton jobs.

#include "CoreTestSupport.h"
#include "JobsFolderTestSupport.h"

#include "ScheduleTestSupport.h"
#include "definitions/JobDefinitionReader.h"
#include "definitions/JobsFolder.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

const QByteArray kEcho = "echo \"$JOBDECK_JOB_NAME ($JOBDECK_JOB_TYPE) in $(pwd): $JOBDECK_PAYLOAD\"\n";

QStringList infoLines(TempStore &t, qint64 id)
{
    QStringList out;
    for (const LogLine &l : t.reader->logTail(id, 50))
        out << l.text;
    return out;
}

} // namespace

class DefinitionsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsJobsWithTheirEntryScriptsAndSettings()
    {
        TempJobsFolder folder;
        folder.write(QStringLiteral("triggered"), QStringLiteral("report"), QStringLiteral("run.py"), "print('hi')\n");
        folder.write(QStringLiteral("triggered"), QStringLiteral("report"), QStringLiteral("settings.job"),
                     R"({"schedule": "0 3 * * MON-FRI", "is_singleton": true, "stopping_wait_time": 60, "timeout": "10m",
                         "max_attempts": 2, "queue": "reports", "priority": -3})");
        folder.write(QStringLiteral("triggered"), QStringLiteral("resize"), QStringLiteral("run.js"), "console.log(1)\n");
        folder.write(QStringLiteral("triggered"), QStringLiteral("native"), QStringLiteral("run"), "#!/bin/sh\necho native\n", true);
        folder.write(QStringLiteral("continuous"), QStringLiteral("ticker"), QStringLiteral("run.sh"), "sleep 1\n");
        folder.write(QStringLiteral("continuous"), QStringLiteral("ticker"), QStringLiteral("settings.job"), R"({"stopping_wait_time": "90s"})");
        QDir().mkpath(folder.path() + QStringLiteral("/triggered/.hidden-editor-folder"));

        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        QCOMPARE(definitions.folderError(), QString());
        QStringList names;
        for (const JobDefinition &d : definitions.definitions()) {
            names << d.name;
            QVERIFY2(d.isValid(), qPrintable(d.name + QStringLiteral(": ") + d.error));
        }
        QCOMPARE(names, (QStringList{QStringLiteral("native"), QStringLiteral("report"), QStringLiteral("resize"), QStringLiteral("ticker")}));

        const JobDefinition report = *definitions.find(QStringLiteral("report"));
        QCOMPARE(report.type, JobDefinition::Type::Triggered);
        QCOMPARE(report.entryScript, folder.path() + QStringLiteral("/triggered/report/run.py"));
        QCOMPARE(report.folder, folder.path() + QStringLiteral("/triggered/report"));
        QCOMPARE(report.schedule, QStringLiteral("0 3 * * MON-FRI"));
        QVERIFY(report.isSingleton);
        QCOMPARE(report.stoppingWaitMs, 60'000);
        QCOMPARE(report.timeoutMs, 600'000);
        QCOMPARE(report.maxAttempts, 2);
        QCOMPARE(report.queue, QStringLiteral("reports"));
        QCOMPARE(report.priority, -3);

        const JobDefinition resize = *definitions.find(QStringLiteral("resize")); // defaults
        QCOMPARE(QFileInfo(resize.entryScript).fileName(), QStringLiteral("run.js"));
        QCOMPARE(resize.schedule, QString());
        QVERIFY(!resize.isSingleton);
        QCOMPARE(resize.stoppingWaitMs, 5000);
        QCOMPARE(resize.timeoutMs, 0);
        QCOMPARE(resize.maxAttempts, 5);
        QCOMPARE(resize.queue, QStringLiteral("default"));

        const JobDefinition ticker = *definitions.find(QStringLiteral("ticker"));
        QVERIFY(ticker.isContinuous());
        QCOMPARE(ticker.stoppingWaitMs, 90'000);
        QCOMPARE(ticker.queue, QStringLiteral("continuous"));
    }

    void malformedSettingsAreTheErrorOfTheirJobOnly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("not JSON") << QStringLiteral("settings.job") << QByteArray(R"({"is_singleton": true)")
                                  << QStringLiteral("settings.job: not valid JSON: ");
        QTest::newRow("not an object") << QStringLiteral("settings.job") << QByteArray("[1, 2]")
                                       << QStringLiteral("settings.job: must be a JSON object");
        QTest::newRow("unknown key") << QStringLiteral("settings.job") << QByteArray(R"({"is_singelton": true})")
                                     << QStringLiteral("settings.job: unknown setting \"is_singelton\" (known: schedule, is_singleton,");
        QTest::newRow("singleton not a bool") << QStringLiteral("settings.job") << QByteArray(R"({"is_singleton": "yes"})")
                                              << QStringLiteral("settings.job: \"is_singleton\" must be true or false");
        QTest::newRow("bad stopping wait") << QStringLiteral("settings.job") << QByteArray(R"({"stopping_wait_time": "soon"})")
                                           << QStringLiteral("settings.job: \"stopping_wait_time\" must be a number of seconds");
        QTest::newRow("negative timeout") << QStringLiteral("settings.job") << QByteArray(R"({"timeout": -5})")
                                          << QStringLiteral("settings.job: \"timeout\" must be a number of seconds");
        QTest::newRow("zero attempts") << QStringLiteral("settings.job") << QByteArray(R"({"max_attempts": 0})")
                                       << QStringLiteral("settings.job: \"max_attempts\" must be a whole number of at least 1");
        QTest::newRow("fractional priority") << QStringLiteral("settings.job") << QByteArray(R"({"priority": 1.5})")
                                             << QStringLiteral("settings.job: \"priority\" must be a whole number");
        QTest::newRow("empty queue") << QStringLiteral("settings.job") << QByteArray(R"({"queue": ""})")
                                     << QStringLiteral("settings.job: \"queue\" must be a queue name");
        QTest::newRow("bad cron") << QStringLiteral("settings.job") << QByteArray(R"({"schedule": "61 * * * *"})")
                                  << QStringLiteral("settings.job: \"schedule\": minute field");
        QTest::newRow("schedule not text") << QStringLiteral("settings.job") << QByteArray(R"({"schedule": 5})")
                                           << QStringLiteral("settings.job: \"schedule\" must be a cron expression");
        QTest::newRow("steps not a list") << QStringLiteral("settings.job") << QByteArray(R"({"steps": {"kind": "noop"}})")
                                          << QStringLiteral("settings.job: \"steps\" must list the pipeline's steps");
        QTest::newRow("step without a kind") << QStringLiteral("settings.job") << QByteArray(R"({"steps": [{"kind": "noop"}, {"payload": {}}]})")
                                             << QStringLiteral("settings.job: \"steps\": step 2 must be a JSON object with a \"kind\"");
        QTest::newRow("steps with a schedule") << QStringLiteral("settings.job") << QByteArray(R"({"steps": [{"kind": "noop"}], "schedule": "0 3 * * *"})")
                                               << QStringLiteral("settings.job: \"schedule\" is for a job with an entry script");
        QTest::newRow("steps beside a script") << QStringLiteral("settings.job") << QByteArray(R"({"steps": [{"kind": "noop"}]})")
                                               << QStringLiteral("a pipeline's steps are its work: remove run.sh or \"steps\"");
        QTest::newRow("no entry script") << QStringLiteral("notes.txt") << QByteArray("hello")
                                         << QStringLiteral("no entry script: add run.sh, run.py, run.js or an executable file named run");
        QTest::newRow("two entry scripts") << QStringLiteral("run.py") << QByteArray("print(1)")
                                           << QStringLiteral("more than one entry script (run.sh, run.py): keep one");
    }

    void malformedSettingsAreTheErrorOfTheirJobOnly()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("good"), kEcho, R"({"queue": "fine"})");
        folder.continuous(QStringLiteral("ticker"), "sleep 1\n");
        if (file != QLatin1String("notes.txt"))
            folder.write(QStringLiteral("triggered"), QStringLiteral("bad"), QStringLiteral("run.sh"), kEcho);
        folder.write(QStringLiteral("triggered"), QStringLiteral("bad"), file, content);

        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        const JobDefinition bad = *definitions.find(QStringLiteral("bad"));
        QVERIFY2(bad.error.startsWith(error), qPrintable(bad.error));
        QString why;
        QVERIFY(!definitions.jobFor(QStringLiteral("bad"), {}, &why));
        QCOMPARE(why, QStringLiteral("job definition \"bad\" cannot run: ") + bad.error);
        // The others are read as usual.
        QVERIFY(definitions.find(QStringLiteral("good"))->isValid());
        QCOMPARE(definitions.find(QStringLiteral("good"))->queue, QStringLiteral("fine"));
        QVERIFY(definitions.find(QStringLiteral("ticker"))->isValid());
        QVERIFY(definitions.jobFor(QStringLiteral("good"), {}, &why));
    }

    void aDefinitionWithStepsIsAPipeline()
    {
        TempJobsFolder folder;
        folder.write(QStringLiteral("triggered"), QStringLiteral("publish"), QStringLiteral("settings.job"),
                     R"({"steps": [{"kind": "noop"}, {"kind": "sleep", "payload": {"ms": 5}, "compensate": {"kind": "noop"}}]})");
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        const JobDefinition publish = *definitions.find(QStringLiteral("publish"));
        QVERIFY2(publish.isValid(), qPrintable(publish.error)); // no entry script: its steps are its work
        QVERIFY(publish.isPipeline());
        QCOMPARE(publish.steps.size(), 2);
        QCOMPARE(publish.toJson().value(QLatin1String("steps")).toArray().size(), 2);
        // Wherever one job of it would be made (a schedule, a drop, the New job dialog), it says how to start it.
        QString why;
        QVERIFY(!definitions.jobFor(QStringLiteral("publish"), {}, &why));
        QCOMPARE(why, QStringLiteral("\"publish\" is a pipeline of 2 steps: start it with jobdeck run publish"));
    }

    void namesMustBeFreeAndRunMustBeExecutable()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("checksum"), kEcho);  // a built-in kind
        folder.triggered(QStringLiteral("twice"), kEcho);
        folder.continuous(QStringLiteral("twice"), kEcho);
        folder.write(QStringLiteral("triggered"), QStringLiteral("plain"), QStringLiteral("run"), "#!/bin/sh\n");
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        QVERIFY(definitions.find(QStringLiteral("checksum"))->error.contains(QLatin1String("taken by a built-in job kind")));
        for (const JobDefinition &d : definitions.definitions()) {
            if (d.name == QLatin1String("twice"))
                QVERIFY(d.error.contains(QLatin1String("a triggered and a continuous job are both named")));
        }
        QVERIFY2(definitions.find(QStringLiteral("plain"))->error.startsWith(QLatin1String("run is not executable")),
                 qPrintable(definitions.find(QStringLiteral("plain"))->error));
    }

    void missingFolderIsReported()
    {
        JobDefinitions definitions;
        definitions.setFolder(QStringLiteral("/nonexistent/jobs"));
        QCOMPARE(definitions.folderError(), QStringLiteral("the jobs folder /nonexistent/jobs does not exist"));
        QVERIFY(definitions.definitions().empty());
        QString why;
        QVERIFY(!definitions.jobFor(QStringLiteral("x"), {}, &why));
        QVERIFY(why.startsWith(QLatin1String("no job definition \"x\" in /nonexistent/jobs")));
    }

    void definitionBecomesAJobSpec()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("report"), kEcho,
                         R"({"is_singleton": true, "timeout": 30, "max_attempts": 3, "queue": "reports", "priority": 7})");
        folder.continuous(QStringLiteral("ticker"), kEcho);
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());

        QString why;
        const auto spec = definitions.jobFor(QStringLiteral("report"), {{QStringLiteral("day"), QStringLiteral("monday")}}, &why);
        QVERIFY2(spec, qPrintable(why));
        QCOMPARE(spec->kind, QStringLiteral("report"));
        QCOMPARE(spec->queue, QStringLiteral("reports"));
        QCOMPARE(spec->priority, 7);
        QCOMPARE(spec->maxAttempts, 3);
        QCOMPARE(spec->timeoutMs, 30'000);
        QVERIFY(spec->singleton);
        QVERIFY(!spec->continuous);
        QCOMPARE(spec->payload, QByteArray(R"({"day":"monday"})"));

        QVERIFY(!definitions.jobFor(QStringLiteral("ticker"), {}, &why));
        QCOMPARE(why, QStringLiteral("\"ticker\" is a continuous job: it runs by itself while a runner runs"));
        const JobSpec keepRunning = definitions.find(QStringLiteral("ticker"))->jobSpec();
        QVERIFY(keepRunning.continuous);
        QCOMPARE(keepRunning.idempotencyKey, QStringLiteral("continuous:ticker"));
        QCOMPARE(keepRunning.queue, QStringLiteral("continuous"));

        QVERIFY(!definitions.jobFor(QStringLiteral("nope"), {}, &why));
        QCOMPARE(why, QStringLiteral("no job definition \"nope\" in %1 (triggered jobs: report)").arg(folder.path()));
    }

    void watcherFollowsAddedChangedAndRemovedJobs()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("first"), kEcho);
        JobDefinitions definitions(builtInKinds(), JobDefinitions::Watching::On);
        QSignalSpy changed(&definitions, &JobDefinitions::changed);
        definitions.setFolder(folder.path());
        QCOMPARE(changed.size(), 1);

        // Added, in a type folder that did not exist yet.
        folder.continuous(QStringLiteral("ticker"), kEcho);
        QTRY_VERIFY_WITH_TIMEOUT(definitions.contains(QStringLiteral("ticker")), 10'000);
        // Changed: its settings.job appears, then breaks; the other job is not affected.
        folder.write(QStringLiteral("triggered"), QStringLiteral("first"), QStringLiteral("settings.job"), R"({"priority": 4})");
        QTRY_COMPARE_WITH_TIMEOUT(definitions.find(QStringLiteral("first"))->priority, 4, 10'000);
        const QByteArray revision = definitions.find(QStringLiteral("ticker"))->revision;
        folder.write(QStringLiteral("triggered"), QStringLiteral("first"), QStringLiteral("settings.job"), R"({"priority": )");
        QTRY_VERIFY_WITH_TIMEOUT(!definitions.find(QStringLiteral("first"))->isValid(), 10'000);
        QVERIFY(definitions.find(QStringLiteral("ticker"))->isValid());
        QCOMPARE(definitions.find(QStringLiteral("ticker"))->revision, revision);
        // The script itself changed.
        folder.continuous(QStringLiteral("ticker"), "echo version 2\n");
        QTRY_VERIFY_WITH_TIMEOUT(definitions.find(QStringLiteral("ticker"))->revision != revision, 10'000);
        // Removed.
        QVERIFY(folder.remove(QStringLiteral("triggered"), QStringLiteral("first")));
        QTRY_VERIFY_WITH_TIMEOUT(!definitions.contains(QStringLiteral("first")), 10'000);
        QVERIFY(changed.size() >= 5);
    }

    void definitionJobsRunTheirScriptAndABrokenOneFailsAlone()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("hello"), kEcho);
        folder.triggered(QStringLiteral("broken"), kEcho, R"({"max_attempts": 3)");
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        const HandlerRegistry registry = registryWith(definitions);
        TempStore t;
        Engine engine(*t.store, registry, engineOptions(2));
        engine.start();

        QString why;
        const qint64 hello = enqueueVia(engine, *definitions.jobFor(QStringLiteral("hello"), {{QStringLiteral("n"), 1}}, &why));
        // A job of the broken definition, enqueued before it broke (say by a schedule).
        JobSpec old = makeSpec(QStringLiteral("broken"));
        old.maxAttempts = 3;
        const qint64 broken = enqueueVia(engine, old);
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(hello), QStringLiteral("succeeded"), 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(broken), QStringLiteral("dead"), 30'000);
        QCOMPARE(infoLines(t, hello),
                 QStringList{QStringLiteral("hello (triggered) in %1/triggered/hello: {\"n\":1}").arg(folder.path())});
        QCOMPARE(t.reader->job(hello)->kind, QStringLiteral("hello"));
        QVERIFY(t.reader->job(broken)->error.startsWith(QLatin1String("job definition \"broken\" cannot run: settings.job: not valid JSON")));
        QCOMPARE(int(t.reader->attempts(broken).size()), 1); // not retried: it cannot get better by itself

        // A kind that is neither a handler nor a definition.
        const qint64 unknown = enqueueVia(engine, makeSpec(QStringLiteral("vanished")));
        QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(unknown), QStringLiteral("dead"), 30'000);
        QCOMPARE(t.reader->job(unknown)->error, QStringLiteral("no handler or job definition for kind \"vanished\""));
    }

    void scheduleOfADefinitionEnqueuesItsJob()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("nightly"), "echo \"report for $JOBDECK_JOB_NAME\"\n", R"({"queue": "reports"})");
        TempStore t;
        t.store->apply({JobsFolder::remember(folder.path())});
        const qint64 now = SystemClock::instance().nowMs();
        ScheduleSpec spec = intervalSpec(QStringLiteral("nightly report"), 1000, now);
        spec.job.kind.clear();
        spec.definition = QStringLiteral("nightly");
        QVERIFY(saveSchedule(*t.store, spec, now) > 0);

        JobDefinitions definitions(builtInKinds());
        const HandlerRegistry registry = registryWith(definitions);
        Engine engine(*t.store, registry, engineOptions(1));
        JobsFolder jobsFolder(engine, definitions);
        engine.start();
        JobFilter filter;
        filter.kind = QStringLiteral("nightly");
        filter.states = {JobState::Succeeded};
        QTRY_VERIFY_WITH_TIMEOUT(!t.reader->jobs(filter).empty(), 30'000);
        const JobRecord job = t.reader->jobs(filter).back();
        QCOMPARE(job.queue, QStringLiteral("reports"));
        QCOMPARE(infoLines(t, job.id), QStringList{QStringLiteral("report for nightly")});
        engine.stopAndWait();
    }

    void singletonJobsNeverRunTwoAtOnceEvenOnTwoRunners()
    {
        TempJobsFolder folder;
        folder.triggered(QStringLiteral("solo"), "sleep 0.3\n", R"({"is_singleton": true})");
        folder.triggered(QStringLiteral("many"), "sleep 0.3\n");
        JobDefinitions definitions(builtInKinds());
        definitions.setFolder(folder.path());
        const HandlerRegistry registry = registryWith(definitions);
        TempStore t;
        EngineOptions one = engineOptions(3);
        one.runnerId = QStringLiteral("runner-one");
        EngineOptions two = engineOptions(3);
        two.runnerId = QStringLiteral("runner-two");
        // Two runners, as two processes would be: each with its own connection to the database.
        auto otherStore = SqliteStore::open(t.path);
        Engine first(*t.store, registry, one);
        Engine second(*otherStore, registry, two);
        first.start();
        second.start();
        QString why;
        WriteBatch batch;
        for (int i = 0; i < 4; ++i) {
            batch.push_back(EnqueueJob{*definitions.jobFor(QStringLiteral("solo"), {}, &why), first.clock().nowMs()});
            batch.push_back(EnqueueJob{*definitions.jobFor(QStringLiteral("many"), {}, &why), first.clock().nowMs()});
        }
        QVERIFY(submitAndWait(first, batch).ok);
        QTRY_COMPARE_WITH_TIMEOUT(scalar(t.path, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'succeeded'")), 8, 60'000);

        // Attempts of each kind, as time intervals: the singleton's never overlap; the others do.
        const auto mostAtOnce = [&](const QString &kind) {
            std::vector<std::pair<qint64, int>> edges;
            JobFilter filter;
            filter.kind = kind;
            for (const JobRecord &j : t.reader->jobs(filter)) {
                for (const AttemptRecord &a : t.reader->attempts(j.id)) {
                    edges.emplace_back(a.startedAtMs, +1);
                    edges.emplace_back(a.finishedAtMs, -1);
                }
            }
            std::sort(edges.begin(), edges.end()); // an end and a start at the same moment: the end first
            int running = 0, most = 0;
            for (const auto &e : edges)
                most = std::max(most, running += e.second);
            return most;
        };
        QCOMPARE(mostAtOnce(QStringLiteral("solo")), 1);
        QVERIFY(mostAtOnce(QStringLiteral("many")) > 1);
        QVERIFY(t.reader->job(1)->singleton);
    }
};

QTEST_GUILESS_MAIN(DefinitionsTest)
#include "tst_definitions.moc"
