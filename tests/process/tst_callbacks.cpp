// Job callbacks through a real headless runner and a real receiver on a loopback port: retries after a 5xx, a
// final 4xx, the allow list at enqueue, a delivery that outlives its runner, and URLs whose passwords are
// never shown.

#include "CallbackReceiver.h"
#include "JobdeckProcess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

class CallbacksTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
    QProcess m_runner;
    QString m_runnerOutput;

    // Retries 10ms apart (doubling): a test waits for outcomes, never for the clock.
    void startRunner(const QStringList &extra = {})
    {
        JobdeckProcess(m_db).startRunner(
            m_runner, QStringList{QStringLiteral("--callback-backoff"), QStringLiteral("10ms")} + extra);
    }

    void stopRunner()
    {
        if (m_runner.state() == QProcess::NotRunning)
            return;
        m_runner.terminate();
        if (!m_runner.waitForFinished(30'000))
            m_runner.kill();
        m_runner.waitForFinished();
        m_runnerOutput +=
            QString::fromUtf8(m_runner.readAllStandardOutput() + m_runner.readAllStandardError());
    }

    static QJsonArray deliveries(const JobdeckProcess &cli, qint64 id)
    {
        return cli.show(id).value(QLatin1String("callback_deliveries")).toArray();
    }

    static QString deliveryState(const JobdeckProcess &cli, qint64 id)
    {
        return deliveries(cli, id).first().toObject().value(QLatin1String("state")).toString();
    }

    static QJsonArray tries(const JobdeckProcess &cli, qint64 id)
    {
        return deliveries(cli, id).first().toObject().value(QLatin1String("attempts")).toArray();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("callbacks-%1.db").arg(++m_count));
        m_runnerOutput.clear();
    }

    void cleanup() { stopRunner(); }

    void serverErrorIsRetriedUntilTheReceiverAccepts()
    {
        CallbackReceiver receiver({500, 200});
        const JobdeckProcess cli(m_db);
        const qint64 id = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--callback"), receiver.url()});
        QVERIFY(id > 0);
        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 2, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(cli, id), QStringLiteral("delivered"), 30'000);

        // The job's final document, twice, under one delivery id.
        for (const CallbackReceiver::Request &r : receiver.requests()) {
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/hook"));
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
            QCOMPARE(r.headers.value("jobdeck-job-id"), QByteArray::number(id));
            QCOMPARE(r.json().value(QLatin1String("id")).toInteger(), id);
            QCOMPARE(r.json().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
            QCOMPARE(r.json().value(QLatin1String("callback_url")).toString(), receiver.url());
        }
        const QByteArray key = receiver.requests().first().headers.value("idempotency-key");
        QVERIFY(!key.isEmpty());
        QCOMPARE(receiver.requests().last().headers.value("idempotency-key"), key);
        QCOMPARE(receiver.requests().last().headers.value("jobdeck-delivery-id"),
                 receiver.requests().first().headers.value("jobdeck-delivery-id"));

        // Both attempts recorded; the first planned the second, the second was the last.
        const QJsonArray attempts = tries(cli, id);
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts[0].toObject().value(QLatin1String("http_status")).toInt(), 500);
        QVERIFY(attempts[0].toObject().value(QLatin1String("next_try_at")).isString());
        QVERIFY(!attempts[0].toObject().value(QLatin1String("error")).toString().isEmpty());
        QCOMPARE(attempts[1].toObject().value(QLatin1String("http_status")).toInt(), 200);
        QVERIFY(attempts[1].toObject().value(QLatin1String("next_try_at")).isNull());
        QVERIFY(attempts[1].toObject().value(QLatin1String("error")).isNull());

        const CliResult text = cli.run({QStringLiteral("show"), QString::number(id)});
        QVERIFY2(text.out.contains(QStringLiteral("Callback:")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QStringLiteral("delivered")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QStringLiteral("HTTP 500")), qPrintable(text.out));
    }

    void aRetriedJobCallsBackOnceWhenItEnds()
    {
        CallbackReceiver receiver;
        const JobdeckProcess cli(m_db);
        const qint64 id = cli.enqueue({QStringLiteral("fail"), QStringLiteral("--max-attempts"),
                                       QStringLiteral("2"), QStringLiteral("--backoff"),
                                       QStringLiteral("10ms"), QStringLiteral("--callback"), receiver.url()});
        QVERIFY(id > 0);
        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(deliveries(cli, id).size(), 1, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(cli, id), QStringLiteral("delivered"), 30'000);
        QCOMPARE(receiver.requests().size(), 1);
        const QJsonObject document = receiver.requests().first().json();
        QCOMPARE(document.value(QLatin1String("state")).toString(), QStringLiteral("dead"));
        QCOMPARE(document.value(QLatin1String("attempts")).toArray().size(), 2);
    }

    void clientErrorEndsTheDeliveryWithoutRetry()
    {
        CallbackReceiver receiver({404});
        const JobdeckProcess cli(m_db);
        const qint64 id = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--callback"), receiver.url()});
        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(cli, id), QStringLiteral("failed"), 30'000);
        const QJsonArray attempts = tries(cli, id);
        QCOMPARE(attempts.size(), 1);
        QCOMPARE(attempts[0].toObject().value(QLatin1String("http_status")).toInt(), 404);
        QVERIFY(attempts[0].toObject().value(QLatin1String("next_try_at")).isNull());
        QVERIFY(deliveries(cli, id).first().toObject().value(QLatin1String("next_try_at")).isNull());
        QCOMPARE(receiver.requests().size(), 1);
    }

    void aHostThatIsNotLoopbackIsRefusedUnlessAllowed()
    {
        const JobdeckProcess cli(m_db);
        const CliResult refused =
            cli.run({QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--callback"),
                     QStringLiteral("https://hooks.example.com/done")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("\"hooks.example.com\" is not allowed")),
                 qPrintable(refused.err));
        for (const QString &bad :
             {QStringLiteral("ftp://127.0.0.1/x"), QStringLiteral("http://"), QStringLiteral("not a url")}) {
            const CliResult r = cli.run(
                {QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--callback"), bad});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QStringLiteral("callback URL")), qPrintable(r.err));
        }
        const CliResult fileRefused =
            cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")},
                    "{\"kind\": \"noop\", \"callback_url\": \"http://hooks.example.com/x\"}");
        QCOMPARE(fileRefused.exitCode, 2);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs")), 0);

        // A runner's --callback-allow joins the database's list, which every enqueue reads.
        startRunner({QStringLiteral("--callback-allow"), QStringLiteral("Hooks.Example.com")});
        QTRY_COMPARE_WITH_TIMEOUT(
            databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM settings WHERE "
                                                "key = 'callback_allow' AND value = 'hooks.example.com'")),
            1, 30'000);
        const qint64 id =
            cli.enqueue({QStringLiteral("noop"), QStringLiteral("--in"), QStringLiteral("1h"),
                         QStringLiteral("--callback"), QStringLiteral("https://hooks.example.com/done")});
        QVERIFY(id > 0);
        QCOMPARE(cli.show(id).value(QLatin1String("callback_url")).toString(),
                 QStringLiteral("https://hooks.example.com/done"));
        const CliResult fileAllowed =
            cli.run({QStringLiteral("enqueue"), QStringLiteral("--file"), QStringLiteral("-")},
                    "{\"kind\": \"noop\", \"in\": \"1h\", \"callback_url\": \"http://hooks.example.com/x\"}");
        QCOMPARE(fileAllowed.exitCode, 0);
    }

    void aHostTakenOffTheListFailsTheDeliveryWithTheReason()
    {
        const JobdeckProcess cli(m_db);
        const QString url = QStringLiteral("https://hooks.example.com/done");
        startRunner({QStringLiteral("--callback-allow"), QStringLiteral("hooks.example.com")});
        QTRY_COMPARE_WITH_TIMEOUT(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM settings WHERE key = 'callback_allow'")), 1, 30'000);
        stopRunner();
        const qint64 id = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--callback"), url});
        QVERIFY(id > 0);
        // As the window's Settings would: the list no longer names the host.
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("settings-writer"));
            d.setDatabaseName(m_db);
            QVERIFY(d.open());
            QSqlQuery q(d);
            QVERIFY(q.exec(QStringLiteral("UPDATE settings SET value = 'ci.example.org' WHERE key = 'callback_allow'")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("settings-writer"));

        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(cli, id), QStringLiteral("failed"), 30'000);
        const QJsonArray attempts = tries(cli, id);
        QCOMPARE(attempts.size(), 1);
        QVERIFY(attempts[0].toObject().value(QLatin1String("http_status")).isNull());
        QVERIFY2(attempts[0].toObject().value(QLatin1String("error")).toString().contains(QLatin1String("not allowed")),
                 QJsonDocument(attempts).toJson().constData());
    }

    void aPendingDeliveryOutlivesItsRunner()
    {
        CallbackReceiver receiver({0, 200}); // the first is held unanswered
        const JobdeckProcess cli(m_db);
        const qint64 id = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--callback"), receiver.url()});
        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 1, 30'000);
        stopRunner();
        QCOMPARE(deliveryState(cli, id), QStringLiteral("pending"));
        QVERIFY2(tries(cli, id)
                     .first()
                     .toObject()
                     .value(QLatin1String("error"))
                     .toString()
                     .contains(QLatin1String("stopped")),
                 QJsonDocument(tries(cli, id)).toJson().constData());

        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 2, 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(cli, id), QStringLiteral("delivered"), 30'000);
        QCOMPARE(receiver.requests().last().headers.value("idempotency-key"),
                 receiver.requests().first().headers.value("idempotency-key"));
        QCOMPARE(tries(cli, id).size(), 2);
    }

    void aPasswordInTheUrlIsNeverShown()
    {
        CallbackReceiver receiver;
        const JobdeckProcess cli(m_db);
        const QString url = QStringLiteral("http://alice:s3cret@127.0.0.1:%1/hook").arg(receiver.port());
        const qint64 id = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--callback"), url});
        QVERIFY(id > 0);
        startRunner();
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(cli, id), QStringLiteral("delivered"), 30'000);
        stopRunner();

        // The receiver gets the credentials as Basic authorization, not in what it is sent.
        const CallbackReceiver::Request &r = receiver.requests().first();
        QCOMPARE(r.headers.value("authorization"), "Basic " + QByteArray("alice:s3cret").toBase64());
        QVERIFY(!r.body.contains("s3cret"));
        const QString masked = QStringLiteral("http://***@127.0.0.1:%1/hook").arg(receiver.port());
        QCOMPARE(r.json().value(QLatin1String("callback_url")).toString(), masked);

        const CliResult json =
            cli.run({QStringLiteral("show"), QString::number(id), QStringLiteral("--json")});
        const CliResult text = cli.run({QStringLiteral("show"), QString::number(id)});
        QCOMPARE(json.json().value(QLatin1String("callback_url")).toString(), masked);
        QVERIFY(text.out.contains(masked));
        for (const QString &output : {json.out, text.out, m_runnerOutput})
            QVERIFY2(!output.contains(QLatin1String("s3cret")), qPrintable(output));
        // Nor in an error about it.
        const CliResult refused =
            cli.run({QStringLiteral("enqueue"), QStringLiteral("noop"), QStringLiteral("--callback"),
                     QStringLiteral("ftp://alice:s3cret@127.0.0.1/x")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(!refused.err.contains(QLatin1String("s3cret")), qPrintable(refused.err));
    }
};

QTEST_GUILESS_MAIN(CallbacksTest)
#include "tst_callbacks.moc"
