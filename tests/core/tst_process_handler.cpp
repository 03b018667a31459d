#include "CoreTestSupport.h"

#include <QJsonArray>
#include <QtTest>
#include <csignal>

using namespace jobdeck;
using namespace jobdeck::test;

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

    JobSpec processJob(const QString &program, const QStringList &args = {}, int maxAttempts = 1)
    {
        JobSpec s = makeSpec(QStringLiteral("process"),
                             QJsonObject{{QStringLiteral("program"), program},
                                         {QStringLiteral("args"), QJsonArray::fromStringList(args)},
                                         {QStringLiteral("grace_ms"), 300}});
        s.maxAttempts = maxAttempts;
        return s;
    }

    QString finalState(TempStore &t, qint64 id)
    {
        QString state;
        [&] { QTRY_VERIFY_WITH_TIMEOUT(isFinal(stateFromName(state = t.stateOf(id)).value_or(JobState::Queued)), 30'000); }();
        return state;
    }

    QTemporaryDir m_scripts;

private Q_SLOTS:
    void scriptsRunByExtensionWithOutputInTheLog_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("sh") << QStringLiteral("job.sh")
                            << QByteArray("printf 'arg:[%s]\\n' \"$1\"\necho \"id $JOBDECK_JOB_ID attempt $JOBDECK_ATTEMPT\"\n"
                                          "echo oops >&2\necho '##jobdeck[progress] 0.5 half way'\n"
                                          "echo '##jobdeck[checkpoint] {\"step\": 2}'\n");
        QTest::newRow("py") << QStringLiteral("job.py")
                            << QByteArray("import os, sys\nprint('arg:[%s]' % sys.argv[1])\n"
                                          "print('id %s attempt %s' % (os.environ['JOBDECK_JOB_ID'], os.environ['JOBDECK_ATTEMPT']))\n"
                                          "print('oops', file=sys.stderr)\nprint('##jobdeck[progress] 0.5 half way')\n"
                                          "print('##jobdeck[checkpoint] {\"step\": 2}')\n");
        QTest::newRow("js") << QStringLiteral("job.js")
                            << QByteArray("console.log('arg:[' + process.argv[2] + ']');\n"
                                          "console.log('id ' + process.env.JOBDECK_JOB_ID + ' attempt ' + process.env.JOBDECK_ATTEMPT);\n"
                                          "console.error('oops');\nconsole.log('##jobdeck[progress] 0.5 half way');\n"
                                          "console.log('##jobdeck[checkpoint] {\"step\": 2}');\n");
    }

    void scriptsRunByExtensionWithOutputInTheLog()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, body);
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(2));
        engine.start();
        const QString tricky = QStringLiteral("two words \"quoted\" and 'single' $HOME ;|&");
        const qint64 id = enqueueVia(engine, processJob(script(name, body), {tricky}));
        QCOMPARE(finalState(t, id), QStringLiteral("succeeded"));
        const auto log = t.reader->logTail(id, 50);
        QStringList info, errors;
        for (const LogLine &l : log)
            (l.level == LogLevel::Error ? errors : info) << l.text;
        QVERIFY2(info.contains(QStringLiteral("arg:[%1]").arg(tricky)), qPrintable(info.join(u'\n')));
        QVERIFY(info.contains(QStringLiteral("id %1 attempt 1").arg(id)));
        QCOMPARE(errors, QStringList{QStringLiteral("oops")});
        // Protocol lines are commands, not log lines.
        for (const QString &l : info)
            QVERIFY2(!l.startsWith(QLatin1String("##jobdeck")), qPrintable(l));
        const auto job = t.reader->job(id);
        QCOMPARE(QJsonDocument::fromJson(job->checkpoint).object().value(QLatin1String("step")).toInt(), 2);
    }

    void exitCodeFailsTheAttemptWithTheLastErrorLines()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const qint64 id = enqueueVia(engine, processJob(script(QStringLiteral("bad.sh"), "echo 'disk full' >&2\nexit 3\n")));
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        const auto job = t.reader->job(id);
        QVERIFY2(job->error.contains(QLatin1String("exit code 3")) && job->error.contains(QLatin1String("disk full")),
                 qPrintable(job->error));
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
    }

    void timeoutKillsTheScriptAndItsChildren()
    {
        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const QString pidFile = m_scripts.filePath(QStringLiteral("child.pid"));
        // The child ignores SIGTERM, so only the SIGKILL after the grace period can stop it.
        const QString path = script(QStringLiteral("hang.sh"),
                                    QStringLiteral("sh -c 'trap \"\" TERM; sleep 300' &\necho $! > '%1'\nwait\n")
                                        .arg(pidFile).toUtf8());
        JobSpec spec = processJob(path);
        spec.timeoutMs = 500;
        const qint64 id = enqueueVia(engine, spec);
        QCOMPARE(finalState(t, id), QStringLiteral("dead"));
        QCOMPARE(outcomeName(t.reader->attempts(id).front().outcome), QStringLiteral("timed_out"));
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const pid_t child = pid_t(f.readAll().trimmed().toLongLong());
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(child, 0) != 0, 5000); // gone
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
        bool resumed = false;
        for (const LogLine &l : t.reader->logTail(id, 20))
            resumed |= l.text == QLatin1String("resumed from {\"done\":41}");
        QVERIFY(resumed);
    }
};

QTEST_GUILESS_MAIN(ProcessHandlerTest)
#include "tst_process_handler.moc"
