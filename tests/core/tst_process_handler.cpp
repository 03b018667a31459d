#include "CoreTestSupport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>
#include <csignal>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Each script prints its argument, its environment and an error line, reports progress, waits until the test
// has seen that progress (GO_FILE appears), saves a checkpoint and exits with EXIT_CODE.
const QByteArray kShellJob = R"(printf 'arg:[%s]\n' "$1"
echo "id $JOBDECK_JOB_ID attempt $JOBDECK_ATTEMPT"
echo "payload $JOBDECK_PAYLOAD"
echo oops >&2
echo '##jobdeck[progress] 0.5 half way'
i=0; while [ ! -e "$GO_FILE" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
echo '##jobdeck[checkpoint] {"step": 2}'
exit "$EXIT_CODE"
)";

const QByteArray kPythonJob = R"(import os, sys, time
print('arg:[%s]' % sys.argv[1])
print('id %s attempt %s' % (os.environ['JOBDECK_JOB_ID'], os.environ['JOBDECK_ATTEMPT']))
print('payload ' + os.environ['JOBDECK_PAYLOAD'])
print('oops', file=sys.stderr)
print('##jobdeck[progress] 0.5 half way')
for _ in range(300):
    if os.path.exists(os.environ['GO_FILE']):
        break
    time.sleep(0.1)
print('##jobdeck[checkpoint] {"step": 2}')
sys.exit(int(os.environ['EXIT_CODE']))
)";

const QByteArray kNodeJob = R"(const fs = require('fs');
console.log('arg:[' + process.argv[2] + ']');
console.log('id ' + process.env.JOBDECK_JOB_ID + ' attempt ' + process.env.JOBDECK_ATTEMPT);
console.log('payload ' + process.env.JOBDECK_PAYLOAD);
console.error('oops');
console.log('##jobdeck[progress] 0.5 half way');
let polls = 0;
const wait = () => {
  if (fs.existsSync(process.env.GO_FILE) || polls++ > 300) {
    console.log('##jobdeck[checkpoint] {"step": 2}');
    process.exitCode = Number(process.env.EXIT_CODE);
  } else {
    setTimeout(wait, 100);
  }
};
wait();
)";

bool processGone(pid_t pid)
{
    return ::kill(pid, 0) != 0;
}

} // namespace

// The process handler: real scripts run as jobs through the engine.
class ProcessHandlerTest : public QObject {
    Q_OBJECT

private:
    QString script(const QString &name, const QByteArray &body)
    {
        const QString path = m_scripts.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(body);
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        return path;
    }

    JobSpec processJob(const QString &program, const QStringList &args = {}, int maxAttempts = 1,
                       const QJsonObject &extra = {})
    {
        QJsonObject payload{{QStringLiteral("program"), program},
                            {QStringLiteral("args"), QJsonArray::fromStringList(args)},
                            {QStringLiteral("grace_ms"), 300}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            payload.insert(it.key(), it.value());
        JobSpec s = makeSpec(QStringLiteral("process"), payload);
        s.maxAttempts = maxAttempts;
        return s;
    }

    static QStringList logTexts(TempStore &t, qint64 id, LogLevel level, int count = 50)
    {
        QStringList out;
        for (const LogLine &l : t.reader->logTail(id, count)) {
            if (l.level == level)
                out << l.text;
        }
        return out;
    }

    // Waits for a file a script writes its pid (or pids, one a line) to.
    static QList<pid_t> pidsIn(const QString &path, int expected)
    {
        QList<pid_t> pids;
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path) && [&] {
                QFile f(path);
                f.open(QIODevice::ReadOnly);
                pids.clear();
                for (const QByteArray &line : f.readAll().split('\n')) {
                    if (line.trimmed().toLongLong() > 0)
                        pids << pid_t(line.trimmed().toLongLong());
                }
                return pids.size() >= expected;
            }(), 30'000);
        }();
        return pids;
    }

    QTemporaryDir m_scripts;

private Q_SLOTS:
    void scriptsRunByExtensionWithOutputInTheLog_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("sh") << QStringLiteral("job.sh") << kShellJob << 0;
        QTest::newRow("py") << QStringLiteral("job.py") << kPythonJob << 0;
        QTest::newRow("js") << QStringLiteral("job.js") << kNodeJob << 0;
        QTest::newRow("sh exit 3") << QStringLiteral("job.sh") << kShellJob << 3;
        QTest::newRow("py exit 3") << QStringLiteral("job.py") << kPythonJob << 3;
        QTest::newRow("js exit 3") << QStringLiteral("job.js") << kNodeJob << 3;
    }

    void scriptsRunByExtensionWithOutputInTheLog()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, body);
        QFETCH(int, exitCode);
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(2));
        QSignalSpy progress(&engine, &Engine::progressChanged);
        engine.start();
        const QString tricky = QStringLiteral("two words \"quoted\" and 'single' $HOME ;|&");
        const QString goFile = m_scripts.filePath(QStringLiteral("go-%1-%2").arg(name).arg(exitCode));
        const QString path = script(name, body);
        const JobSpec spec = processJob(path, {tricky}, 1,
                                        {{QStringLiteral("env"), QJsonObject{{QStringLiteral("GO_FILE"), goFile},
                                                                             {QStringLiteral("EXIT_CODE"), exitCode}}}});
        const qint64 id = enqueueVia(engine, spec);

        // The progress line reaches the engine while the script still runs.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.cbegin(), progress.cend(), [&](const QList<QVariant> &args) {
            return args[0].toLongLong() == id && qFuzzyCompare(args[1].toDouble(), 0.5)
                && args[2].toString() == QLatin1String("half way");
        }), 30'000);
        QFile(goFile).open(QIODevice::WriteOnly);

        const auto job = [&] {
            finalState(t, id);
            return *t.reader->job(id);
        }();
        const QStringList info = logTexts(t, id, LogLevel::Info);
        QVERIFY2(info.contains(QStringLiteral("arg:[%1]").arg(tricky)), qPrintable(info.join(u'\n')));
        QVERIFY(info.contains(QStringLiteral("id %1 attempt 1").arg(id)));
        const auto payloadLine = std::find_if(info.cbegin(), info.cend(),
                                              [](const QString &l) { return l.startsWith(QLatin1String("payload ")); });
        QVERIFY(payloadLine != info.cend());
        const QJsonObject payload = QJsonDocument::fromJson(payloadLine->mid(8).toUtf8()).object();
        QCOMPARE(payload.value(QLatin1String("program")).toString(), path);
        QCOMPARE(logTexts(t, id, LogLevel::Error), QStringList{QStringLiteral("oops")});
        // Protocol lines are commands, not log lines.
        for (const QString &l : info)
            QVERIFY2(!l.startsWith(QLatin1String("##jobdeck")), qPrintable(l));
        QCOMPARE(QJsonDocument::fromJson(job.checkpoint).object().value(QLatin1String("step")).toInt(), 2);
        if (exitCode == 0) {
            QCOMPARE(stateName(job.state), QStringLiteral("succeeded"));
            QCOMPARE(QJsonDocument::fromJson(job.result).object().value(QLatin1String("exit_code")).toInt(), 0);
        } else {
            QCOMPARE(stateName(job.state), QStringLiteral("dead"));
            QCOMPARE(job.error, QStringLiteral("exit code 3: oops"));
        }
    }

    void exitCodeFailsTheAttemptWithTheLastErrorLines()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("bad.sh"), "echo 'disk full' >&2\nexit 3\n"), {}, 2));
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        const auto job = t.reader->job(id);
        QVERIFY2(job->error.contains(QLatin1String("exit code 3")) && job->error.contains(QLatin1String("disk full")),
                 qPrintable(job->error));
        QCOMPARE(int(t.reader->attempts(id).size()), 2); // a failing exit code is retried
    }

    void programKilledBySignalFailsTheAttempt()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("crash.sh"), "echo 'about to crash' >&2\nkill -SEGV $$\n")));
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        const QString error = t.reader->job(id)->error;
        QVERIFY2(error.contains(QLatin1String("crash.sh was killed by a signal")) && error.contains(QLatin1String("about to crash")),
                 qPrintable(error));
        QCOMPARE(outcomeName(t.reader->attempts(id).front().outcome), QStringLiteral("failed"));
    }

    void workingDirectoryEnvironmentAndInputReachTheProgram()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        QTemporaryDir cwd;
        // A runner started from a job has a JOBDECK_CHECKPOINT of its own; a job without a checkpoint gets none.
        qputenv("JOBDECK_CHECKPOINT", "{\"from\": \"the runner's own environment\"}");
        const auto unset = qScopeGuard([] { qunsetenv("JOBDECK_CHECKPOINT"); });
        const QJsonObject extra{{QStringLiteral("cwd"), cwd.path()},
                                {QStringLiteral("env"), QJsonObject{{QStringLiteral("GREETING"), QStringLiteral("hello world")},
                                                                    {QStringLiteral("COUNT"), 3}}},
                                {QStringLiteral("stdin"), QStringLiteral("line one\nline two\n")}};
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("env.sh"),
                                                               "pwd\necho \"$GREETING $COUNT\"\ncat\n"
                                                               "echo \"checkpoint: ${JOBDECK_CHECKPOINT-none}\"\n"), {}, 1, extra));
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        const QStringList info = logTexts(t, id, LogLevel::Info);
        QCOMPARE(info, (QStringList{QFileInfo(cwd.path()).canonicalFilePath(), QStringLiteral("hello world 3"),
                                    QStringLiteral("line one"), QStringLiteral("line two"), QStringLiteral("checkpoint: none")}));
    }

    void outputIsInTheLogWhileTheProgramRuns()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const QString go = m_scripts.filePath(QStringLiteral("go-live"));
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("live.py"),
            QStringLiteral("import os, time\nprint('started')\nwhile not os.path.exists('%1'):\n    time.sleep(0.05)\nprint('done')\n")
                .arg(go).toUtf8())));
        QTRY_VERIFY_WITH_TIMEOUT(logTexts(t, id, LogLevel::Info).contains(QStringLiteral("started")), 30'000);
        QCOMPARE(t.stateOf(id), QStringLiteral("running"));
        QVERIFY(t.reader->logTail(id, 5).front().timeMs > 0);
        QFile(go).open(QIODevice::WriteOnly);
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        QCOMPARE(logTexts(t, id, LogLevel::Info), (QStringList{QStringLiteral("started"), QStringLiteral("done")}));
    }

    void longLinesAndTooManyLinesAreCutVisibly()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        EngineOptions options = engineOptions(1);
        options.logCap = 100;
        Engine engine(*t.store, registry, options);
        engine.start();
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("chatty.py"),
            "print('x' * 5000)\nfor i in range(150):\n    print('line %d' % i)\n")));
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        const auto log = t.reader->logTail(id, 1000);
        QCOMPARE(int(log.size()), 101); // the cap, and the line that says so
        QVERIFY(log.front().text.startsWith(QString(4000, u'x') + QStringLiteral(" … [line cut at 4000 characters]")));
        QCOMPARE(log.back().level, LogLevel::Error);
        QVERIFY2(log.back().text.contains(QLatin1String("log cap of 100 lines")), qPrintable(log.back().text));
    }

    void floodWithoutNewlinesIsOneCutLinePerStream()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        // 20 MB on each stream without a newline; on stdout the next line after the flood is whole again.
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("flood.sh"),
            "head -c 20000000 /dev/zero | tr '\\0' x\necho\necho after\n"
            "head -c 20000000 /dev/zero | tr '\\0' y >&2\nexit 3\n")));
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        const QString cut = QStringLiteral(" … [line cut at 4000 characters]");
        QCOMPARE(logTexts(t, id, LogLevel::Info, 1000),
                 (QStringList{QString(4000, u'x') + cut, QStringLiteral("after")}));
        QCOMPARE(logTexts(t, id, LogLevel::Error, 1000), QStringList{QString(4000, u'y') + cut});
        // The failure quotes the stderr line no longer than a log line.
        QCOMPARE(t.reader->job(id)->error, QStringLiteral("exit code 3: ") + QString(4000, u'y'));
    }

    void missingProgramOrInterpreterIsNotRetried()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const qint64 id = enqueueVia(engine, processJob(m_scripts.filePath(QStringLiteral("nope")), {}, 5));
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        QCOMPARE(int(t.reader->attempts(id).size()), 1); // not retried
        QVERIFY(t.reader->job(id)->error.contains(QLatin1String("not found")));

        // python3 is looked up in the runner's PATH; without it the job cannot ever run.
        const QByteArray path = qgetenv("PATH");
        QTemporaryDir empty;
        qputenv("PATH", empty.path().toUtf8());
        const qint64 py = enqueueVia(engine, processJob(script(QStringLiteral("needs.py"), "print('hi')\n"), {}, 5));
        const QString state = finalState(t, py);
        qputenv("PATH", path);
        QCOMPARE(state, QStringLiteral("dead"));
        QCOMPARE(int(t.reader->attempts(py).size()), 1);
        QVERIFY2(t.reader->job(py)->error.contains(QLatin1String("python3 is needed to run")), qPrintable(t.reader->job(py)->error));
    }

    void timeoutKillsTheScriptAndItsChildren()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const QString pidFile = m_scripts.filePath(QStringLiteral("timeout.pids"));
        // The child ignores SIGTERM, so only the SIGKILL after the grace period can stop it.
        const QString path = script(QStringLiteral("hang.sh"),
                                    QStringLiteral("echo $$ > '%1'\nsh -c 'trap \"\" TERM; sleep 300' &\necho $! >> '%1'\nwait\n")
                                        .arg(pidFile).toUtf8());
        JobSpec spec = processJob(path);
        spec.timeoutMs = 500;
        const qint64 id = enqueueVia(engine, spec);
        const QList<pid_t> pids = pidsIn(pidFile, 2);
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        QCOMPARE(outcomeName(t.reader->attempts(id).front().outcome), QStringLiteral("timed_out"));
        for (pid_t pid : pids)
            QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    }

    void cancelKillsTheScriptAndItsChildren()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const QString pidFile = m_scripts.filePath(QStringLiteral("cancel.pids"));
        const QString path = script(QStringLiteral("wait.sh"),
                                    QStringLiteral("echo $$ > '%1'\nsleep 300 &\necho $! >> '%1'\nwait\n").arg(pidFile).toUtf8());
        const qint64 id = enqueueVia(engine, processJob(path, {}, 3));
        const QList<pid_t> pids = pidsIn(pidFile, 2);
        engine.cancel(id);
        QCOMPARE(finalState(t, id), QStringLiteral("cancelled"));
        for (pid_t pid : pids)
            QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    }

    void programGetsItsWholeGracePeriodToStop()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        EngineOptions options = engineOptions(1);
        options.hangGraceMs = 200; // shorter than the program needs to clean up
        Engine engine(*t.store, registry, options);
        engine.start();
        const QString pidFile = m_scripts.filePath(QStringLiteral("grace.pid"));
        const QString path = script(QStringLiteral("graceful.sh"),
            QStringLiteral("trap 'sleep 1; echo cleaned up; exit 0' TERM\necho $$ > '%1'\nwhile true; do sleep 0.1; done\n")
                .arg(pidFile).toUtf8());
        const qint64 id = enqueueVia(engine, processJob(path, {}, 1, {{QStringLiteral("grace_ms"), 10'000}}));
        pidsIn(pidFile, 1);
        engine.cancel(id);
        QCOMPARE(finalState(t, id), QStringLiteral("cancelled"));
        QTRY_VERIFY_WITH_TIMEOUT(logTexts(t, id, LogLevel::Info).contains(QStringLiteral("cleaned up")), 10'000);
        // The attempt ended when the program did, not when the runner's own grace ran out.
        const auto log = t.reader->logTail(id, 5);
        QVERIFY(t.reader->attempts(id).front().finishedAtMs >= log.back().timeMs);
        QCOMPARE(engine.abandonedWorkers(), 0);
    }

    void malformedProtocolLinesAreNotObeyed()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        QSignalSpy progress(&engine, &Engine::progressChanged);
        engine.start();
        // A progress line without a number is an ordinary line; a checkpoint that is not JSON is reported and the
        // last good one kept; on stderr the markers mean nothing; a fraction outside 0..1 is held to it.
        const QString go = m_scripts.filePath(QStringLiteral("go-protocol"));
        const QString path = script(QStringLiteral("protocol.sh"),
                                    QStringLiteral("echo '##jobdeck[checkpoint] {\"page\": 3}'\n"
                                                   "echo '##jobdeck[progress] lots done'\n"
                                                   "echo '##jobdeck[checkpoint] {\"page\": 4'\n"
                                                   "echo '##jobdeck[progress] 0.5 from stderr' >&2\n"
                                                   "echo '##jobdeck[progress] 7 all of it'\n"
                                                   "i=0; while [ ! -e '%1' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n")
                                        .arg(go)
                                        .toUtf8());
        const qint64 id = enqueueVia(engine, processJob(path));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.cbegin(), progress.cend(), [&](const QList<QVariant> &args) {
            return args[0].toLongLong() == id && args[1].toDouble() == 1.0 && args[2].toString() == QLatin1String("all of it");
        }), 30'000);
        for (const QList<QVariant> &args : std::as_const(progress))
            QVERIFY2(args[2].toString() == QLatin1String("all of it"), qPrintable(args[2].toString()));
        QFile(go).open(QIODevice::WriteOnly);
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        const JobRecord job = *t.reader->job(id);
        QCOMPARE(QJsonDocument::fromJson(job.checkpoint).object(), (QJsonObject{{QStringLiteral("page"), 3}}));
        QCOMPARE(logTexts(t, id, LogLevel::Info), QStringList{QStringLiteral("##jobdeck[progress] lots done")});
        QStringList errors = logTexts(t, id, LogLevel::Error);
        errors.sort(); // the two streams are read side by side
        QCOMPARE(errors, (QStringList{QStringLiteral("##jobdeck[progress] 0.5 from stderr"),
                                      QStringLiteral("ignored a checkpoint line that is not JSON: {\"page\": 4")}));
    }

    void aResultLineIsTheJobsResult()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        // The last good result line wins; one that is not JSON is reported and changes nothing; none: the exit code.
        const QString path = script(QStringLiteral("result.sh"),
                                    "echo '##jobdeck[result] {\"rows\": 1}'\n"
                                    "echo '##jobdeck[result] {\"rows\": 41, \"file\": \"/srv/out.csv\"}'\n"
                                    "echo '##jobdeck[result] {\"rows\": '\n"
                                    "echo done\n");
        const qint64 id = enqueueVia(engine, processJob(path));
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        QCOMPARE(QJsonDocument::fromJson(t.reader->job(id)->result).object(),
                 (QJsonObject{{QStringLiteral("rows"), 41}, {QStringLiteral("file"), QStringLiteral("/srv/out.csv")}}));
        QCOMPARE(logTexts(t, id, LogLevel::Info), QStringList{QStringLiteral("done")});
        QCOMPARE(logTexts(t, id, LogLevel::Error), QStringList{QStringLiteral("ignored a result line that is not JSON: {\"rows\":")});
        const qint64 plain = enqueueVia(engine, processJob(script(QStringLiteral("plain.sh"), "echo plain\n")));
        QCOMPARE(finalState(t, plain), QStringLiteral("succeeded"));
        QCOMPARE(QJsonDocument::fromJson(t.reader->job(plain)->result).object(), (QJsonObject{{QStringLiteral("exit_code"), 0}}));
    }

    void scriptResumesFromItsCheckpoint()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        // Fails once after saving a checkpoint; the retry sees it in JOBDECK_CHECKPOINT.
        const QString path = script(QStringLiteral("resume.sh"),
                                    "if [ -n \"$JOBDECK_CHECKPOINT\" ]; then echo \"resumed from $JOBDECK_CHECKPOINT\"; exit 0; fi\n"
                                    "echo '##jobdeck[checkpoint] {\"done\":41}'\nexit 1\n");
        const qint64 id = enqueueVia(engine, processJob(path, {}, 3));
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        const auto attempts = t.reader->attempts(id);
        QCOMPARE(int(attempts.size()), 2);
        QVERIFY(attempts[1].fromCheckpoint);
        QVERIFY(logTexts(t, id, LogLevel::Info).contains(QStringLiteral("resumed from {\"done\":41}")));
    }
};

QTEST_GUILESS_MAIN(ProcessHandlerTest)
#include "tst_process_handler.moc"
