#include "JobdeckProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QDir>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

namespace {

struct Response {
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

} // namespace

// The HTTP API of a real headless runner, through real clients: Qt's network access, raw sockets, curl, Python.
class HttpApiTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("api-%1.db").arg(++m_count));
    }

    void cleanup()
    {
        if (m_runner.state() != QProcess::NotRunning) {
            m_runner.terminate();
            if (!m_runner.waitForFinished(30'000))
                m_runner.kill();
            m_runner.waitForFinished();
        }
    }

    void healthIsOpenAndEverythingElseNeedsTheToken()
    {
        startRunner();
        const Response health = request("GET", "/health", {}, false);
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QLatin1String("status")).toString(), QStringLiteral("healthy"));

        const Response anonymous = request("GET", "/api/jobs", {}, false);
        QCOMPARE(anonymous.status, 401);
        QVERIFY(anonymous.json().value(QLatin1String("error")).toString().contains(QLatin1String("Bearer")));
        QVERIFY(anonymous.headers.value("www-authenticate").startsWith("Bearer"));
        const Response wrong = request("GET", "/api/jobs", {}, false, {{"Authorization", "Bearer " + QByteArray(m_token.size(), 'x')}});
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.json().value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
        QCOMPARE(request("GET", "/api/jobs").status, 200);

        // The token file is the owner's alone, and the runner's output names the file, never the token.
        const QFile::Permissions permissions = QFile::permissions(m_db + QStringLiteral(".api-token"));
        QCOMPARE(permissions & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther), QFile::Permissions());
        QVERIFY(!m_output.contains(QString::fromLatin1(m_token)));
        // `jobdeck api token` prints it for scripts.
        const CliResult printed = JobdeckProcess(m_db).run({QStringLiteral("api"), QStringLiteral("token")});
        QCOMPARE(printed.exitCode, 0);
        QCOMPARE(printed.out.trimmed().toLatin1(), m_token);
    }

    void enqueuesReadsWaitsAndPages()
    {
        startRunner();
        const Response created = request("POST", "/api/jobs", R"({"kind": "sleep", "payload": {"ms": 50}, "queue": "api"})");
        QCOMPARE(created.status, 201);
        const qint64 id = created.json().value(QLatin1String("id")).toInteger();
        QVERIFY(id > 0);
        QCOMPARE(created.json().value(QLatin1String("queue")).toString(), QStringLiteral("api"));

        const Response ended = request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=60s").arg(id));
        QCOMPARE(ended.status, 200);
        QCOMPARE(ended.json().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(ended.json().value(QLatin1String("attempts")).toArray().size(), 1);
        // The same document as `show --json`.
        const QJsonObject shown = JobdeckProcess(m_db).show(id);
        QCOMPARE(request("GET", QStringLiteral("/api/jobs/%1").arg(id)).json().value(QLatin1String("state")),
                 shown.value(QLatin1String("state")));

        // A wait that runs out answers 202 with the job as it is.
        const Response later = request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h"})");
        QCOMPARE(later.status, 201);
        const qint64 laterId = later.json().value(QLatin1String("id")).toInteger();
        const Response timedOut = request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=100ms").arg(laterId));
        QCOMPARE(timedOut.status, 202);
        QCOMPARE(timedOut.json().value(QLatin1String("state")).toString(), QStringLiteral("scheduled"));

        // Pages, newest first, with a cursor; filters.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h", "queue": "paged"})").status, 201);
        QSet<qint64> seen;
        QString cursor;
        int pages = 0;
        do {
            const Response page = request("GET", QStringLiteral("/api/jobs?queue=paged&limit=2") + (cursor.isEmpty() ? QString() : QStringLiteral("&after=") + cursor));
            QCOMPARE(page.status, 200);
            for (const QJsonValue job : page.json().value(QLatin1String("jobs")).toArray()) {
                QCOMPARE(job.toObject().value(QLatin1String("queue")).toString(), QStringLiteral("paged"));
                QVERIFY(!seen.contains(job.toObject().value(QLatin1String("id")).toInteger()));
                seen.insert(job.toObject().value(QLatin1String("id")).toInteger());
            }
            cursor = page.json().value(QLatin1String("next")).toString();
            ++pages;
        } while (!cursor.isEmpty() && pages < 10);
        QCOMPARE(seen.size(), 5);
        QCOMPARE(pages, 3);
        const Response scheduled = request("GET", "/api/jobs?state=scheduled&limit=100");
        QCOMPARE(scheduled.json().value(QLatin1String("jobs")).toArray().size(), 6);
    }

    void aNewJobIsAnsweredAsItIsStored()
    {
        // The 201 comes from the enqueue's own transaction, not from a read after it: the same document as a read.
        startRunner();
        const Response parent = request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h", "order_key": "acct-9"})");
        QCOMPARE(parent.status, 201);
        const qint64 parentId = parent.json().value(QLatin1String("id")).toInteger();
        QCOMPARE(parent.json(), request("GET", QStringLiteral("/api/jobs/%1").arg(parentId)).json());
        const QJsonObject childJob{
            {QStringLiteral("kind"), QStringLiteral("sleep")},
            {QStringLiteral("payload"), QJsonObject{{QStringLiteral("ms"), 5}, {QStringLiteral("note"), QStringLiteral("ünïcode")}}},
            {QStringLiteral("queue"), QStringLiteral("stored")},
            {QStringLiteral("priority"), 7},
            {QStringLiteral("max_attempts"), 9},
            {QStringLiteral("timeout"), QStringLiteral("2m")},
            {QStringLiteral("backoff"), QStringLiteral("3s")},
            {QStringLiteral("mutex"), QJsonArray{QStringLiteral("printer"), QStringLiteral("disk")}},
            {QStringLiteral("order_key"), QStringLiteral("acct-9")},
            {QStringLiteral("callback_url"), QStringLiteral("http:") + QStringLiteral("//127.0.0.1:9/hook")},
            {QStringLiteral("after"), QJsonArray{parentId}},
            {QStringLiteral("on"), QStringLiteral("any")}};
        const QByteArray child = QJsonDocument(childJob).toJson(QJsonDocument::Compact);
        const Response created = request("POST", "/api/jobs", child);
        QCOMPARE(created.status, 201);
        const qint64 id = created.json().value(QLatin1String("id")).toInteger();
        QCOMPARE(created.json().value(QLatin1String("state")).toString(), QStringLiteral("waiting"));
        QCOMPARE(created.json(), request("GET", QStringLiteral("/api/jobs/%1").arg(id)).json());
    }

    void idempotencyKeyReturnsTheFirstJob()
    {
        startRunner();
        const Response first = request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h"})", true, {{"Idempotency-Key", "order-17"}});
        QCOMPARE(first.status, 201);
        const Response again = request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h"})", true, {{"Idempotency-Key", "order-17"}});
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QLatin1String("id")), first.json().value(QLatin1String("id")));
        const Response byField = request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h", "key": "order-17"})");
        QCOMPARE(byField.status, 200);
        QCOMPARE(byField.json().value(QLatin1String("id")), first.json().value(QLatin1String("id")));
        QCOMPARE(jobCount(), 1);
    }

    void batchIsAllOrNothing()
    {
        startRunner();
        const Response refused = request("POST", "/api/jobs/batch",
                                         R"([{"kind": "noop", "in": "1h"}, {"kind": "no-such-kind"}, {"kind": "noop"}])");
        QCOMPARE(refused.status, 422);
        QVERIFY(refused.json().value(QLatin1String("error")).toString().startsWith(QLatin1String("job 1:")));
        QCOMPARE(jobCount(), 0);
        const Response created = request("POST", "/api/jobs/batch", R"([{"kind": "noop", "in": "1h"}, {"kind": "noop", "in": "1h"}])");
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QLatin1String("ids")).toArray().size(), 2);
        QCOMPARE(jobCount(), 2);
    }

    void badRequestsAreRefusedWithCodesAndWriteNothing_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed json") << QByteArray("POST") << "/api/jobs" << QByteArray(R"({"kind": )") << 400 << "malformed_json";
        QTest::newRow("not an object") << QByteArray("POST") << "/api/jobs" << QByteArray("[1]") << 400 << "not_an_object";
        QTest::newRow("unknown kind") << QByteArray("POST") << "/api/jobs" << QByteArray(R"({"kind": "nope"})") << 422 << "invalid_job";
        QTest::newRow("wrong type") << QByteArray("POST") << "/api/jobs" << QByteArray(R"({"kind": "noop", "priority": true})") << 422 << "invalid_job";
        QTest::newRow("kind not a string") << QByteArray("POST") << "/api/jobs" << QByteArray(R"({"kind": 7})") << 422 << "invalid_job";
        QTest::newRow("callback not http") << QByteArray("POST") << "/api/jobs"
                                           << QByteArray("{\"kind\": \"noop\", \"callback_url\": \"ftp://127.0.0.1/x\"}") << 400
                                           << "bad_callback_url";
        QTest::newRow("callback host not allowed") << QByteArray("POST") << "/api/jobs"
                                                   << QByteArray("{\"kind\": \"noop\", \"callback_url\": \"https://hooks.example.com/x\"}")
                                                   << 400 << "callback_host_not_allowed";
        QTest::newRow("callback in a batch") << QByteArray("POST") << "/api/jobs/batch"
                                             << QByteArray("[{\"kind\": \"noop\"}, {\"kind\": \"noop\", \"callback_url\": \"http://10.0.0.1/x\"}]")
                                             << 400 << "callback_host_not_allowed";
        QTest::newRow("batch not an array") << QByteArray("POST") << "/api/jobs/batch" << QByteArray("{}") << 400 << "not_an_array";
        QTest::newRow("empty batch") << QByteArray("POST") << "/api/jobs/batch" << QByteArray("[]") << 422 << "bad_batch_size";
        QTest::newRow("unknown route") << QByteArray("GET") << "/api/nothing" << QByteArray() << 404 << "not_found";
        QTest::newRow("wrong method") << QByteArray("PUT") << "/api/jobs" << QByteArray("{}") << 405 << "method_not_allowed";
        QTest::newRow("batch is not a job id") << QByteArray("GET") << "/api/jobs/batch" << QByteArray() << 405 << "method_not_allowed";
        QTest::newRow("bad id") << QByteArray("GET") << "/api/jobs/x1" << QByteArray() << 400 << "bad_job_id";
        QTest::newRow("no such job") << QByteArray("GET") << "/api/jobs/999" << QByteArray() << 404 << "no_such_job";
        QTest::newRow("bad state") << QByteArray("GET") << "/api/jobs?state=sleeping" << QByteArray() << 400 << "bad_state";
        QTest::newRow("bad limit") << QByteArray("GET") << "/api/jobs?limit=0" << QByteArray() << 400 << "bad_limit";
        QTest::newRow("bad wait") << QByteArray("GET") << "/api/jobs/1/wait?timeout=forever" << QByteArray() << 400 << "bad_timeout";
        QTest::newRow("too large") << QByteArray("POST") << "/api/jobs"
                                   << (QByteArray(R"({"kind": "noop", "payload": {"x": ")") + QByteArray(2 << 20, 'a') + "\"}}")
                                   << 413 << "body_too_large";
    }

    void badRequestsAreRefusedWithCodesAndWriteNothing()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        startRunner();
        const Response r = request(method, path, body);
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(r.json().value(QLatin1String("code")).toString(), code);
        QVERIFY(!r.json().value(QLatin1String("error")).toString().isEmpty());
        QCOMPARE(jobCount(), 0);
        // The runner is still there and well.
        QCOMPARE(request("GET", "/health", {}, false).status, 200);
    }

    void aCallbackUrlIsKeptAndShownWithoutItsPassword()
    {
        startRunner({QStringLiteral("--callback-allow"), QStringLiteral("hooks.example.com")});
        const Response created = request("POST", "/api/jobs",
                                         "{\"kind\": \"noop\", \"in\": \"1h\", \"callback_url\": \"https://bot:pw123@hooks.example.com/done\"}");
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QLatin1String("callback_url")).toString(), QStringLiteral("https://***@hooks.example.com/done"));
        QVERIFY(created.json().value(QLatin1String("callback_deliveries")).toArray().isEmpty());
        QVERIFY(!created.body.contains("pw123"));
        const Response plain = request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h"})");
        QVERIFY(plain.json().value(QLatin1String("callback_url")).isNull());
    }

    void cancelsRequeuesAndDeletes()
    {
        startRunner();
        const qint64 id = request("POST", "/api/jobs", R"({"kind": "sleep", "payload": {"ms": 600000}})").json().value(QLatin1String("id")).toInteger();
        QTRY_COMPARE_WITH_TIMEOUT(request("GET", QStringLiteral("/api/jobs/%1").arg(id)).json().value(QLatin1String("state")).toString(),
                                  QStringLiteral("running"), 30'000);
        QCOMPARE(request("POST", QStringLiteral("/api/jobs/%1/cancel").arg(id)).status, 200);
        const Response ended = request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=60s").arg(id));
        QCOMPARE(ended.status, 200);
        QCOMPARE(ended.json().value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(request("POST", QStringLiteral("/api/jobs/%1/cancel").arg(id)).status, 409);

        // Requeued with a new payload, it runs again and succeeds.
        const Response requeued = request("POST", QStringLiteral("/api/jobs/%1/requeue").arg(id), R"({"payload": {"ms": 1}})");
        QCOMPARE(requeued.status, 200);
        QCOMPARE(requeued.json().value(QLatin1String("payload")).toObject().value(QLatin1String("ms")).toInt(), 1);
        QCOMPARE(request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=60s").arg(id)).json().value(QLatin1String("state")).toString(),
                 QStringLiteral("succeeded"));

        QCOMPARE(request("DELETE", QStringLiteral("/api/jobs/%1").arg(id)).status, 204);
        QCOMPARE(request("GET", QStringLiteral("/api/jobs/%1").arg(id)).status, 404);
        QCOMPARE(request("DELETE", QStringLiteral("/api/jobs/%1").arg(id)).status, 409);
    }

    void waitHearsOfAJobAnotherProcessRan()
    {
        // The API's runner runs nothing of queue "elsewhere"'s jobs while paused; a second runner does.
        startRunner();
        QCOMPARE(JobdeckProcess(m_db).run({QStringLiteral("pause")}).exitCode, 0);
        const qint64 id = request("POST", "/api/jobs", R"({"kind": "noop"})").json().value(QLatin1String("id")).toInteger();
        QNetworkReply *waiting = send("GET", QStringLiteral("/api/jobs/%1/wait?timeout=120s").arg(id), {}, true, {});
        QCOMPARE(JobdeckProcess(m_db).run({QStringLiteral("resume")}).exitCode, 0);
        const Response ended = finish(waiting);
        QCOMPARE(ended.status, 200);
        QCOMPARE(ended.json().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
    }

    void pausesAndResumesQueuesAndCounts()
    {
        startRunner();
        QCOMPARE(request("POST", "/api/queues/mail/pause").status, 200);
        const Response queued = request("POST", "/api/jobs", R"({"kind": "noop", "queue": "mail"})");
        QCOMPARE(queued.status, 201);
        const qint64 id = queued.json().value(QLatin1String("id")).toInteger();
        QCOMPARE(request("POST", "/api/jobs", R"({"kind": "noop", "in": "1h", "queue": "reports"})").status, 201);

        const QJsonArray queues = request("GET", "/api/queues").json().value(QLatin1String("queues")).toArray();
        QCOMPARE(queues.size(), 2);
        QCOMPARE(queues[0].toObject().value(QLatin1String("name")).toString(), QStringLiteral("mail"));
        QVERIFY(queues[0].toObject().value(QLatin1String("paused")).toBool());
        QCOMPARE(queues[0].toObject().value(QLatin1String("counts")).toObject().value(QLatin1String("queued")).toInt(), 1);
        QCOMPARE(queues[1].toObject().value(QLatin1String("name")).toString(), QStringLiteral("reports"));
        QVERIFY(!queues[1].toObject().value(QLatin1String("paused")).toBool());
        // The same shape as `queue list --json`.
        QCOMPARE(queues, QJsonDocument::fromJson(JobdeckProcess(m_db).run({QStringLiteral("queue"), QStringLiteral("list"),
                                                                           QStringLiteral("--json")}).out.toUtf8()).array());
        // The same counts as `stats --json`, and the same waits but for the time that passed between the two reads.
        QJsonObject stats = request("GET", "/api/stats").json();
        QJsonObject cliStats = JobdeckProcess(m_db).run({QStringLiteral("stats"), QStringLiteral("--json")}).json();
        QCOMPARE(stats.value(QLatin1String("states")).toObject().value(QLatin1String("scheduled")).toInt(), 1);
        const QJsonObject mail = stats.value(QLatin1String("waiting")).toObject().value(QLatin1String("mail")).toObject();
        QCOMPARE(mail.value(QLatin1String("depth")).toInt(), 1);
        QVERIFY(mail.value(QLatin1String("oldest_wait_ms")).toDouble() >= 0);
        QVERIFY(!mail.value(QLatin1String("oldest_due_at")).toString().isEmpty());
        const QJsonObject reportsWait = stats.value(QLatin1String("waiting")).toObject().value(QLatin1String("reports")).toObject();
        QVERIFY(reportsWait.value(QLatin1String("oldest_due_at")).isNull());
        QCOMPARE(reportsWait.value(QLatin1String("oldest_wait_ms")).toInt(), 0);
        for (QJsonObject *o : {&stats, &cliStats}) {
            QJsonObject waits = o->value(QLatin1String("waiting")).toObject();
            for (const QString &queue : waits.keys()) {
                QJsonObject w = waits.value(queue).toObject();
                w.remove(QStringLiteral("oldest_wait_ms"));
                waits.insert(queue, w);
            }
            o->insert(QStringLiteral("waiting"), waits);
        }
        QCOMPARE(stats, cliStats);

        // A rate limit, set here, is what the command line reads; a rate that is not one changes nothing.
        QCOMPARE(request("POST", "/api/queues/reports/rate", R"({"rate": "often"})").status, 400);
        QCOMPARE(request("POST", "/api/queues/reports/rate", R"([1])").status, 400);
        const Response rated = request("POST", "/api/queues/reports/rate", R"({"rate": "100/1m"})");
        QCOMPARE(rated.status, 200);
        QCOMPARE(rated.json().value(QLatin1String("rate")).toString(), QStringLiteral("100/1m"));
        const QString list = JobdeckProcess(m_db).run({QStringLiteral("queue"), QStringLiteral("list")}).out;
        QVERIFY2(list.contains(QLatin1String("100/1m")), qPrintable(list));
        const QJsonObject reports = request("GET", "/api/queues").json().value(QLatin1String("queues")).toArray()[1].toObject();
        QCOMPARE(reports.value(QLatin1String("rate_count")).toInt(), 100);
        QCOMPARE(reports.value(QLatin1String("rate_window_ms")).toInt(), 60'000);
        QCOMPARE(request("POST", "/api/queues/reports/rate", R"({"rate": "off"})").json().value(QLatin1String("rate")).toString(),
                 QStringLiteral("off"));

        QCOMPARE(request("POST", "/api/queues/mail/resume").status, 200);
        QCOMPARE(request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=60s").arg(id)).json().value(QLatin1String("state")).toString(),
                 QStringLiteral("succeeded"));
    }

    void startsPipelinesAndShowsThemAsTheCommandLineDoes()
    {
        startRunner();
        QCOMPARE(request("POST", "/api/pipelines", R"({"steps": [{"kind": "nope"}]})").status, 422);
        QCOMPARE(request("POST", "/api/pipelines", R"([1])").status, 400);
        const Response started = request("POST", "/api/pipelines",
                                         R"({"name": "publish", "steps": [{"kind": "noop", "compensate": {"kind": "noop"}}, {"kind": "cpu", "payload": {"n": 1000}}]})");
        QCOMPARE(started.status, 201);
        const qint64 id = started.json().value(QLatin1String("id")).toInteger();
        QCOMPARE(started.json().value(QLatin1String("jobs")).toArray().size(), 2);
        const QString path = QStringLiteral("/api/pipelines/%1").arg(id);
        QTRY_COMPARE_WITH_TIMEOUT(request("GET", path).json().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"), 30'000);
        const QJsonObject shown = request("GET", path).json();
        QCOMPARE(shown, JobdeckProcess(m_db).run({QStringLiteral("pipeline"), QStringLiteral("show"), QString::number(id),
                                                  QStringLiteral("--json")}).json());
        QCOMPARE(shown.value(QLatin1String("result")).toObject().value(QLatin1String("primes")).toInt(), 168);
        QCOMPARE(request("GET", "/api/pipelines").json().value(QLatin1String("pipelines")).toArray().size(), 1);
        QCOMPARE(request("GET", "/api/pipelines/12345").status, 404);
        QCOMPARE(request("GET", "/api/pipelines?limit=0").status, 400);
    }

    void pipelineStepsMayBeJobsOfTheRunnersFolder()
    {
        const QString jobs = m_dir.filePath(QStringLiteral("jobs-%1").arg(m_count));
        QVERIFY(QDir().mkpath(jobs + QStringLiteral("/triggered/label")));
        QFile script(jobs + QStringLiteral("/triggered/label/run.sh"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("echo '##jobdeck[result] {\"label\": \"1Z999\"}'\n");
        script.close();
        QFile settings(jobs + QStringLiteral("/triggered/label/settings.job"));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write(R"({"queue": "shipping", "max_attempts": 2})");
        settings.close();
        startRunner({QStringLiteral("--jobs-dir"), jobs});
        // The definition's settings.job, then the step's own fields over them; its script's result is the pipeline's.
        Response started;
        QTRY_COMPARE_WITH_TIMEOUT((started = request("POST", "/api/pipelines",
                                                     R"({"steps": [{"kind": "noop"}, {"kind": "label", "priority": 4}]})"))
                                      .status,
                                  201, 30'000);
        const qint64 id = started.json().value(QLatin1String("id")).toInteger();
        const QString path = QStringLiteral("/api/pipelines/%1").arg(id);
        QTRY_COMPARE_WITH_TIMEOUT(request("GET", path).json().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"), 30'000);
        const QJsonObject shown = request("GET", path).json();
        QCOMPARE(shown.value(QLatin1String("result")).toObject().value(QLatin1String("label")).toString(), QStringLiteral("1Z999"));
        const qint64 label = shown.value(QLatin1String("steps")).toArray()[1].toObject().value(QLatin1String("job")).toInteger();
        const QJsonObject job = request("GET", QStringLiteral("/api/jobs/%1").arg(label)).json();
        QCOMPARE(job.value(QLatin1String("queue")).toString(), QStringLiteral("shipping"));
        QCOMPARE(job.value(QLatin1String("max_attempts")).toInt(), 2);
        QCOMPARE(job.value(QLatin1String("priority")).toInt(), 4);
    }

    void managesSchedulesAsTheCommandLineDoes()
    {
        startRunner();
        const Response created = request("POST", "/api/schedules",
                                         "{\"name\": \"nightly\", \"cron\": \"0 3 * * *\", \"time_zone\": \"Europe/Berlin\", "
                                         "\"job\": {\"kind\": \"noop\", \"queue\": \"reports\"}, \"overlap\": \"skip\"}");
        QCOMPARE(created.status, 201);
        QJsonObject s = created.json();
        QCOMPARE(s.value(QLatin1String("name")).toString(), QStringLiteral("nightly"));
        QCOMPARE(s.value(QLatin1String("cron")).toString(), QStringLiteral("0 3 * * *"));
        QCOMPARE(s.value(QLatin1String("time_zone")).toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(s.value(QLatin1String("overlap")).toString(), QStringLiteral("skip"));
        QCOMPARE(s.value(QLatin1String("job")).toObject().value(QLatin1String("queue")).toString(), QStringLiteral("reports"));
        QVERIFY(s.value(QLatin1String("next_fire_at")).isString());
        QVERIFY(!s.value(QLatin1String("description")).toString().isEmpty());
        QCOMPARE(request("POST", "/api/schedules", "{\"name\": \"nightly\", \"every\": \"1h\", \"job\": {\"kind\": \"noop\"}}")
                     .json().value(QLatin1String("code")).toString(),
                 QStringLiteral("schedule_exists"));

        // Bad schedules: 422 with the reason, and nothing is written.
        const struct {
            const char *body;
            const char *code;
            const char *says;
        } refused[] = {
            {"{\"name\": \"bad\", \"cron\": \"0 25 * * *\", \"job\": {\"kind\": \"noop\"}}", "invalid_schedule", "25 is out of range"},
            {"{\"name\": \"bad\", \"cron\": \"@daily\", \"every\": \"1h\", \"job\": {\"kind\": \"noop\"}}", "invalid_schedule",
             "give one of cron, every or at"},
            {"{\"name\": \"bad\", \"every\": \"1h\", \"job\": {\"kind\": \"teleport\"}}", "invalid_schedule", "unknown job kind"},
            {"{\"name\": \"bad\", \"every\": \"1h\"}", "invalid_schedule", "give either \"job\""},
            {"{\"name\": \"bad\", \"every\": \"1h\", \"job\": {\"kind\": \"noop\"}, \"colour\": \"red\"}", "invalid_schedule",
             "unknown field \"colour\""},
            {"{\"name\": \"bad\", \"every\": \"1h\", \"job\": {\"kind\": \"noop\"}, \"exclusions\": [\"holidays\"]}",
             "unknown_calendar", "unknown calendar \"holidays\""},
            {"{\"name\": \"jobs/backup\", \"every\": \"1h\", \"job\": {\"kind\": \"noop\"}}", "folder_schedule", "jobs folder"},
            {"[1, 2]", "not_an_object", "JSON object"},
        };
        for (const auto &r : refused) {
            const Response answer = request("POST", "/api/schedules", r.body);
            QVERIFY2(answer.status == 422 || answer.status == 400, r.body);
            QCOMPARE(answer.json().value(QLatin1String("code")).toString(), QString::fromLatin1(r.code));
            QVERIFY2(answer.json().value(QLatin1String("error")).toString().contains(QString::fromUtf8(r.says)),
                     qPrintable(answer.json().value(QLatin1String("error")).toString()));
        }

        // The command line, another process on the same database, sees the API's schedule, and the other way round.
        JobdeckProcess cli(m_db);
        QCOMPARE(cli.run({QStringLiteral("schedule"), QStringLiteral("show"), QStringLiteral("nightly"), QStringLiteral("--json")})
                     .json().value(QLatin1String("cron")).toString(),
                 QStringLiteral("0 3 * * *"));
        QCOMPARE(cli.run({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("hourly"), QStringLiteral("--every"),
                          QStringLiteral("1h"), QStringLiteral("--kind"), QStringLiteral("noop")})
                     .exitCode,
                 0);
        const QJsonArray listed = request("GET", "/api/schedules").json().value(QLatin1String("schedules")).toArray();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed[0].toObject().value(QLatin1String("name")).toString(), QStringLiteral("hourly"));
        QCOMPARE(listed[1].toObject().value(QLatin1String("name")).toString(), QStringLiteral("nightly"));

        // A change is a merge patch: when changes kind, what is not named stays.
        s = request("PATCH", "/api/schedules/nightly", "{\"every\": \"15m\", \"job\": {\"payload\": {\"note\": \"merged\"}}}").json();
        QCOMPARE(s.value(QLatin1String("kind")).toString(), QStringLiteral("interval"));
        QVERIFY(s.value(QLatin1String("cron")).isNull());
        QCOMPARE(s.value(QLatin1String("every_ms")).toInteger(), 900'000);
        QCOMPARE(s.value(QLatin1String("overlap")).toString(), QStringLiteral("skip"));
        const QJsonObject job = s.value(QLatin1String("job")).toObject();
        QCOMPARE(job.value(QLatin1String("kind")).toString(), QStringLiteral("noop"));
        QCOMPARE(job.value(QLatin1String("queue")).toString(), QStringLiteral("reports"));
        QCOMPARE(job.value(QLatin1String("payload")).toObject().value(QLatin1String("note")).toString(), QStringLiteral("merged"));
        QCOMPARE(request("PATCH", "/api/schedules/nightly", "{\"name\": \"renamed\"}").json().value(QLatin1String("code")).toString(),
                 QStringLiteral("rename"));
        QCOMPARE(request("PATCH", "/api/schedules/nightly", "{\"misfire\": \"never\"}").status, 422);
        QCOMPARE(request("PATCH", "/api/schedules/missing", "{\"misfire\": \"skip\"}").status, 404);

        // Paused stays paused through a change, until resumed.
        QCOMPARE(request("POST", "/api/schedules/nightly/pause").json().value(QLatin1String("enabled")).toBool(), false);
        s = request("PATCH", "/api/schedules/nightly", "{\"misfire\": \"skip\"}").json();
        QCOMPARE(s.value(QLatin1String("misfire")).toString(), QStringLiteral("skip"));
        QCOMPARE(s.value(QLatin1String("enabled")).toBool(), false);
        QCOMPARE(request("POST", "/api/schedules/nightly/pause", "{\"until\": \"2001-01-01T00:00:00Z\"}").status, 422);
        QCOMPARE(request("POST", "/api/schedules/nightly/resume").json().value(QLatin1String("enabled")).toBool(), true);

        // Run now enqueues the schedule's job, which the runner runs.
        const Response run = request("POST", "/api/schedules/nightly/run");
        QCOMPARE(run.status, 201);
        QCOMPARE(run.json().value(QLatin1String("queue")).toString(), QStringLiteral("reports"));
        const qint64 id = run.json().value(QLatin1String("id")).toInteger();
        QCOMPARE(request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=60s").arg(id)).json().value(QLatin1String("state")).toString(),
                 QStringLiteral("succeeded"));

        // A name with a slash is sent as %2F; the jobs folder's schedules are not changed or deleted here.
        QCOMPARE(request("GET", "/api/schedules/jobs%2Fbackup").json().value(QLatin1String("code")).toString(),
                 QStringLiteral("no_such_schedule"));
        QCOMPARE(request("DELETE", "/api/schedules/jobs%2Fbackup").json().value(QLatin1String("code")).toString(),
                 QStringLiteral("folder_schedule"));
        QCOMPARE(request("PATCH", "/api/schedules/jobs%2Fbackup", "{}").json().value(QLatin1String("code")).toString(),
                 QStringLiteral("folder_schedule"));

        QCOMPARE(request("DELETE", "/api/schedules/nightly").status, 204);
        QCOMPARE(request("GET", "/api/schedules/nightly").status, 404);
        QCOMPARE(request("DELETE", "/api/schedules/nightly").status, 404);
        QCOMPARE(databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM schedules")), 1);
    }

    void openApiDescribesEveryRouteItServes()
    {
        startRunner();
        const Response doc = request("GET", "/api/openapi.json");
        QCOMPARE(doc.status, 200);
        const QJsonObject root = doc.json();
        QCOMPARE(root.value(QLatin1String("openapi")).toString(), QStringLiteral("3.1.0"));
        QVERIFY(!root.value(QLatin1String("info")).toObject().value(QLatin1String("version")).toString().isEmpty());
        const QJsonObject paths = root.value(QLatin1String("paths")).toObject();
        // The routes this test suite drives, each of them described.
        for (const char *route : {"GET /health", "GET /metrics", "GET /api/openapi.json", "POST /api/jobs", "POST /api/jobs/batch",
                                  "GET /api/jobs", "GET /api/jobs/{id}", "DELETE /api/jobs/{id}", "POST /api/jobs/{id}/cancel",
                                  "POST /api/jobs/{id}/requeue", "GET /api/jobs/{id}/wait", "GET /api/events", "GET /api/queues",
                                  "POST /api/queues/{queue}/pause", "POST /api/queues/{queue}/resume", "GET /api/stats",
                                  "GET /api/schedules", "POST /api/schedules", "GET /api/schedules/{name}",
                                  "PATCH /api/schedules/{name}", "DELETE /api/schedules/{name}", "POST /api/schedules/{name}/run",
                                  "POST /api/schedules/{name}/pause", "POST /api/schedules/{name}/resume"}) {
            const QStringList parts = QString::fromLatin1(route).split(u' ');
            QVERIFY2(paths.value(parts[1]).toObject().contains(parts[0].toLower()), route);
        }
        // The document comes from the server's own routes: every one of them is described, and exists.
        int operations = 0;
        for (auto path = paths.begin(); path != paths.end(); ++path) {
            const QJsonObject methods = path.value().toObject();
            for (auto m = methods.begin(); m != methods.end(); ++m) {
                ++operations;
                const QJsonObject operation = m.value().toObject();
                const QString name = m.key().toUpper() + u' ' + path.key();
                QVERIFY2(!operation.contains(QLatin1String("x-undescribed")), qPrintable(name + QStringLiteral(" is not described")));
                QVERIFY2(!operation.value(QLatin1String("summary")).toString().isEmpty(), qPrintable(name));
                QVERIFY2(!operation.value(QLatin1String("responses")).toObject().isEmpty(), qPrintable(name));
                if (path.key().contains(u'{')) {
                    const QJsonArray parameters = operation.value(QLatin1String("parameters")).toArray();
                    QVERIFY2(std::any_of(parameters.begin(), parameters.end(),
                                         [](const QJsonValue &p) { return p.toObject().value(QLatin1String("in")).toString() == QLatin1String("path"); }),
                             qPrintable(name));
                }
                // Asked with its method, the route is there: neither 404 for the path nor 405 for the method.
                QString probe = path.key();
                probe.replace(QStringLiteral("{id}"), QStringLiteral("999999"))
                    .replace(QStringLiteral("{queue}"), QStringLiteral("probe"))
                    .replace(QStringLiteral("{name}"), QStringLiteral("probe"));
                if (probe.endsWith(QLatin1String("/wait")))
                    probe += QStringLiteral("?timeout=1ms");
                const Response answer = request(m.key().toUpper().toLatin1(), probe, {});
                QVERIFY2(answer.status != 405, qPrintable(name));
                QVERIFY2(answer.status != 404 || answer.json().value(QLatin1String("code")).toString() != QLatin1String("not_found"),
                         qPrintable(name));
            }
        }
        QCOMPARE(operations, 28);
        // A plain request to the WebSocket's path says how to connect.
        const Response plain = request("GET", "/api/events");
        QCOMPARE(plain.status, 426);
        QCOMPARE(plain.headers.value("upgrade"), QByteArray("websocket"));
    }

    void metricsFollowTheExpositionFormat()
    {
        startRunner();
        QCOMPARE(request("POST", "/api/queues/held/pause").status, 200);
        QCOMPARE(request("POST", "/api/jobs", "{\"kind\": \"noop\", \"queue\": \"held\"}").status, 201);
        const qint64 id = request("POST", "/api/jobs", "{\"kind\": \"sleep\", \"payload\": {\"ms\": 30}, \"queue\": \"q\\\"uoted\"}")
                              .json().value(QLatin1String("id")).toInteger();
        QCOMPARE(request("GET", QStringLiteral("/api/jobs/%1/wait?timeout=60s").arg(id)).status, 200);
        QCOMPARE(request("GET", "/metrics", {}, false).status, 401);
        const Response metrics = request("GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.headers.value("content-type").startsWith("text/plain; version=0.0.4"));

        // Every line is a HELP, a TYPE or a sample of a family declared before it; names are jobdeck_*.
        static const QRegularExpression s_help(QStringLiteral("^# HELP (jobdeck_[a-z_]+) \\S.*$"));
        static const QRegularExpression s_type(QStringLiteral("^# TYPE (jobdeck_[a-z_]+) (gauge|counter|histogram)$"));
        static const QRegularExpression s_sample(QStringLiteral(
            "^(jobdeck_[a-z_]+)(\\{([a-z_]+=\"(\\\\.|[^\"\\\\])*\")(,[a-z_]+=\"(\\\\.|[^\"\\\\])*\")*\\})? (-?[0-9.e+-]+|\\+Inf|NaN)$"));
        QHash<QString, QString> types;
        QHash<QString, double> samples; // name{labels} -> value
        const QList<QByteArray> lines = metrics.body.split('\n');
        QVERIFY(lines.last().isEmpty()); // ends with a newline
        for (const QByteArray &raw : lines.mid(0, lines.size() - 1)) {
            const QString line = QString::fromUtf8(raw);
            if (const auto m = s_help.match(line); m.hasMatch())
                continue;
            if (const auto m = s_type.match(line); m.hasMatch()) {
                QVERIFY2(!types.contains(m.captured(1)), qPrintable(line));
                types.insert(m.captured(1), m.captured(2));
                continue;
            }
            const auto m = s_sample.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            QString family = m.captured(1);
            if (!types.contains(family))
                family.remove(QRegularExpression(QStringLiteral("_(bucket|sum|count)$")));
            QVERIFY2(types.contains(family), qPrintable(line));
            samples.insert(line.left(line.lastIndexOf(u' ')), line.mid(line.lastIndexOf(u' ') + 1).toDouble());
        }
        for (const char *name : {"jobdeck_jobs", "jobdeck_jobs_finished_total", "jobdeck_attempt_duration_seconds",
                                 "jobdeck_queue_oldest_job_age_seconds", "jobdeck_workers", "jobdeck_workers_busy",
                                 "jobdeck_scheduler_lag_seconds", "jobdeck_database_size_bytes"})
            QVERIFY2(types.contains(QLatin1String(name)), name);
        QCOMPARE(types.value(QStringLiteral("jobdeck_jobs_finished_total")), QStringLiteral("counter"));
        QCOMPARE(types.value(QStringLiteral("jobdeck_attempt_duration_seconds")), QStringLiteral("histogram"));
        QCOMPARE(samples.value(QStringLiteral("jobdeck_jobs{queue=\"held\",state=\"queued\"}")), 1.0);
        QCOMPARE(samples.value(QStringLiteral("jobdeck_jobs_finished_total{queue=\"q\\\"uoted\",outcome=\"succeeded\"}")), 1.0);
        QCOMPARE(samples.value(QStringLiteral("jobdeck_attempt_duration_seconds_count{kind=\"sleep\"}")), 1.0);
        QCOMPARE(samples.value(QStringLiteral("jobdeck_attempt_duration_seconds_bucket{kind=\"sleep\",le=\"+Inf\"}")), 1.0);
        QCOMPARE(samples.value(QStringLiteral("jobdeck_attempt_duration_seconds_bucket{kind=\"sleep\",le=\"0.01\"}")), 0.0);
        QVERIFY(samples.value(QStringLiteral("jobdeck_attempt_duration_seconds_sum{kind=\"sleep\"}")) >= 0.03);
        QCOMPARE(samples.value(QStringLiteral("jobdeck_workers")), 2.0);
        // A fixed pool scales between its own size and itself.
        QCOMPARE(samples.value(QStringLiteral("jobdeck_workers_min")), 2.0);
        QCOMPARE(samples.value(QStringLiteral("jobdeck_workers_max")), 2.0);
        QVERIFY(samples.value(QStringLiteral("jobdeck_database_size_bytes")) > 0);
        QVERIFY(samples.contains(QStringLiteral("jobdeck_queue_oldest_job_age_seconds{queue=\"held\"}")));
        // Buckets add up.
        double previous = 0;
        for (const double le : {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0}) {
            const double v = samples.value(QStringLiteral("jobdeck_attempt_duration_seconds_bucket{kind=\"sleep\",le=\"%1\"}").arg(le));
            QVERIFY(v >= previous);
            previous = v;
        }
    }

    void aWebSocketFollowsItsJobToTheEnd()
    {
        startRunner();
        // Without the token the stream closes at once.
        QWebSocket anonymous;
        QSignalSpy anonymousClosed(&anonymous, &QWebSocket::disconnected);
        anonymous.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events").arg(m_port)));
        QVERIFY(anonymousClosed.wait(10'000));
        QCOMPARE(anonymous.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);

        // Follow one job: a script that logs two lines and reports progress.
        QCOMPARE(JobdeckProcess(m_db).run({QStringLiteral("pause")}).exitCode, 0);
        const qint64 id = request("POST", "/api/jobs",
                                  R"({"kind": "process", "payload": {"program": "/bin/sh", "args": ["-c",
                                      "echo hello; echo '##jobdeck[progress] 0.5 halfway'; echo world"]}})")
                              .json().value(QLatin1String("id")).toInteger();
        QVERIFY(id > 0);
        QList<QJsonObject> messages;
        QWebSocket follower;
        connect(&follower, &QWebSocket::textMessageReceived, this,
                [&messages](const QString &m) { messages << QJsonDocument::fromJson(m.toUtf8()).object(); });
        QNetworkRequest handshake(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events?job=%2").arg(m_port).arg(id)));
        handshake.setRawHeader("Authorization", "Bearer " + m_token);
        follower.open(handshake);
        QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 10'000);
        QCOMPARE(messages[0].value(QLatin1String("type")).toString(), QStringLiteral("snapshot"));
        QCOMPARE(messages[0].value(QLatin1String("job")).toObject().value(QLatin1String("state")).toString(), QStringLiteral("queued"));
        // A second client with a filter that matches nothing hears nothing of it.
        QList<QString> others;
        QWebSocket other;
        connect(&other, &QWebSocket::textMessageReceived, this, [&others](const QString &m) { others << m; });
        other.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events?queue=elsewhere&access_token=%2").arg(m_port).arg(QString::fromLatin1(m_token))));
        QSignalSpy otherConnected(&other, &QWebSocket::connected);
        QVERIFY(otherConnected.wait(10'000));

        QCOMPARE(JobdeckProcess(m_db).run({QStringLiteral("resume")}).exitCode, 0);
        const auto has = [&messages](const QString &type, const QString &field, const QJsonValue &value) {
            return std::any_of(messages.cbegin(), messages.cend(), [&](const QJsonObject &m) {
                return m.value(QLatin1String("type")).toString() == type && m.value(field) == value;
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(has(QStringLiteral("state"), QStringLiteral("to"), QStringLiteral("succeeded")), 30'000);
        QVERIFY(has(QStringLiteral("state"), QStringLiteral("to"), QStringLiteral("running")));
        QVERIFY(has(QStringLiteral("log"), QStringLiteral("text"), QStringLiteral("hello")));
        QVERIFY(has(QStringLiteral("log"), QStringLiteral("text"), QStringLiteral("world")));
        for (const QJsonObject &m : messages) {
            if (m.value(QLatin1String("type")).toString() != QLatin1String("snapshot"))
                QCOMPARE(m.value(QLatin1String("job_id")).toInteger(), id);
        }
        // The end comes after the job's log lines.
        qsizetype lastLog = -1, end = -1;
        for (qsizetype i = 0; i < messages.size(); ++i) {
            if (messages[i].value(QLatin1String("type")).toString() == QLatin1String("log"))
                lastLog = i;
            if (messages[i].value(QLatin1String("to")).toString() == QLatin1String("succeeded"))
                end = i;
        }
        QVERIFY(lastLog < end);
        QVERIFY(others.isEmpty());
    }

    void aWebSocketHearsWhatOtherProcessesCommit()
    {
        startRunner();
        QList<QJsonObject> messages;
        QWebSocket listener;
        connect(&listener, &QWebSocket::textMessageReceived, this,
                [&messages](const QString &m) { messages << QJsonDocument::fromJson(m.toUtf8()).object(); });
        QSignalSpy connected(&listener, &QWebSocket::connected);
        QNetworkRequest handshake(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events?queue=imports").arg(m_port)));
        handshake.setRawHeader("Authorization", "Bearer " + m_token);
        listener.open(handshake);
        QVERIFY(connected.wait(10'000));

        // The command line, another process, enqueues a job for later and cancels it: this runner never touches
        // it, yet its client hears both changes, once each.
        JobdeckProcess cli(m_db);
        const qint64 later = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--queue"), QStringLiteral("imports"),
                                          QStringLiteral("--in"), QStringLiteral("1h")});
        QVERIFY(later > 0);
        QCOMPARE(cli.run({QStringLiteral("cancel"), QString::number(later)}).exitCode, 0);
        // And one job it runs: enqueued by the command line, run here.
        const qint64 now = cli.enqueue({QStringLiteral("noop"), QStringLiteral("--queue"), QStringLiteral("imports")});
        QVERIFY(now > 0);
        // A job of another queue stays out.
        QVERIFY(cli.enqueue({QStringLiteral("noop"), QStringLiteral("--queue"), QStringLiteral("exports")}) > 0);

        const auto changesOf = [&messages](qint64 id) {
            QStringList changes;
            for (const QJsonObject &m : messages) {
                if (m.value(QLatin1String("job_id")).toInteger() == id)
                    changes << m.value(QLatin1String("to")).toString();
            }
            return changes;
        };
        QTRY_COMPARE_WITH_TIMEOUT(changesOf(later), (QStringList{QStringLiteral("scheduled"), QStringLiteral("cancelled")}), 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(changesOf(now),
                                  (QStringList{QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("succeeded")}), 30'000);
        for (const QJsonObject &m : messages) {
            QCOMPARE(m.value(QLatin1String("type")).toString(), QStringLiteral("state"));
            QCOMPARE(m.value(QLatin1String("queue")).toString(), QStringLiteral("imports"));
        }
        const QJsonObject cancelled = messages[1];
        QCOMPARE(cancelled.value(QLatin1String("from")).toString(), QStringLiteral("scheduled"));
        QVERIFY(cancelled.value(QLatin1String("final")).toBool());
    }

    void connectionsBeyondTheLimitGet503()
    {
        startRunner({QStringLiteral("--http-connections"), QStringLiteral("2")});
        QTcpSocket a, b, c;
        for (QTcpSocket *s : {&a, &b}) {
            s->connectToHost(QHostAddress::LocalHost, m_port);
            QVERIFY(s->waitForConnected(10'000));
        }
        // The server has taken both when it answers on them.
        for (QTcpSocket *s : {&a, &b}) {
            s->write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            QTRY_VERIFY_WITH_TIMEOUT((s->waitForReadyRead(100), s->peek(64).startsWith("HTTP/1.1 200")), 10'000);
            s->readAll();
        }
        c.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(c.waitForConnected(10'000));
        QTRY_VERIFY_WITH_TIMEOUT((c.waitForReadyRead(100), c.peek(64).startsWith("HTTP/1.1 503")), 10'000);
        QVERIFY(c.readAll().contains("too_many_connections"));
        // Once one closes, there is room again.
        a.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(request("GET", "/health", {}, false).status, 200, 10'000);
    }

    void chunkedAndOversizedHeadsAreRefusedBeforeParsing()
    {
        startRunner();
        QVERIFY(rawUntilClosed("POST /api/jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n").startsWith("HTTP/1.1 411"));
        QVERIFY(rawUntilClosed("GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: " + QByteArray(100 << 10, 'a')).startsWith("HTTP/1.1 431"));
        QCOMPARE(request("GET", "/health", {}, false).status, 200);
    }

    void aSlowClientIsAnswered408AndClosed()
    {
        startRunner({QStringLiteral("--http-timeout"), QStringLiteral("300ms")});
        // Half a request head, then nothing (a slow-loris client): the server's own timer answers it.
        QVERIFY(rawUntilClosed("POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Le").startsWith("HTTP/1.1 408"));
        // A body that stops halfway is answered the same.
        QVERIFY(rawUntilClosed("POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"kind\":").startsWith("HTTP/1.1 408"));
        QCOMPARE(jobCount(), 0);
        QCOMPARE(request("GET", "/health", {}, false).status, 200);
    }

    void curlAndPythonAreClientsToo()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty() || QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
            QSKIP("curl and python3 are installed by packaging/install-deps.sh");
        startRunner();
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
        QProcess curl;
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("-f"), QStringLiteral("-H"),
                                            QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(m_token),
                                            QStringLiteral("-d"), QStringLiteral(R"({"kind": "sleep", "payload": {"ms": 20}})"),
                                            base + QStringLiteral("/api/jobs")});
        QVERIFY(curl.waitForFinished(30'000));
        QCOMPARE(curl.exitCode(), 0);
        const qint64 id = QJsonDocument::fromJson(curl.readAllStandardOutput()).object().value(QLatin1String("id")).toInteger();
        QVERIFY(id > 0);

        // A Python client like the README's, with the standard library only.
        const QString script = QStringLiteral(
            "import json, os, sys, urllib.request\n"
            "base, token, job = sys.argv[1], sys.argv[2], sys.argv[3]\n"
            "req = urllib.request.Request(f'{base}/api/jobs/{job}/wait?timeout=60s', headers={'Authorization': f'Bearer {token}'})\n"
            "with urllib.request.urlopen(req) as r:\n"
            "    print(json.load(r)['state'])\n");
        QProcess python;
        python.start(QStringLiteral("python3"), {QStringLiteral("-c"), script, base, QString::fromLatin1(m_token), QString::number(id)});
        QVERIFY(python.waitForFinished(60'000));
        QCOMPARE(python.exitCode(), 0);
        QCOMPARE(python.readAllStandardOutput().trimmed(), QByteArray("succeeded"));
    }

    void servesTlsOnEveryAddressWithACertificate()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty() || !QSslSocket::supportsSsl())
            QSKIP("openssl is installed by packaging/install-deps.sh");
        // A self-signed certificate for 127.0.0.1, made here.
        const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
        const QString key = m_dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(openssl.waitForFinished(30'000));
        QCOMPARE(openssl.exitCode(), 0);
        QFile certFile(cert);
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
        trust.setCaCertificates(QSslCertificate::fromDevice(&certFile, QSsl::Pem));
        m_tls = trust;

        // With TLS, an address other machines reach is allowed without --insecure-http.
        startRunner({QStringLiteral("--http"), QStringLiteral("0.0.0.0:0"), QStringLiteral("--tls-cert"), cert,
                     QStringLiteral("--tls-key"), key});
        QCOMPARE(m_scheme, QStringLiteral("https"));
        QCOMPARE(request("GET", "/health", {}, false).status, 200);
        QCOMPARE(request("GET", "/api/jobs", {}, false).status, 401);
        const Response created = request("POST", "/api/jobs", R"({"kind": "noop"})");
        QCOMPARE(created.status, 201);

        // Plain HTTP to the TLS port gets no answer from the API.
        QVERIFY(!rawUntilClosed("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").contains("200 OK"));
        m_tls.reset();
    }

    void refusesPlainHttpOnOtherMachinesAddresses()
    {
        JobdeckProcess cli(m_db);
        const CliResult r = cli.run({QStringLiteral("--no-gui"), QStringLiteral("--http"), QStringLiteral("0.0.0.0:0")}, {}, 30'000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QLatin1String("--tls-cert")));
        QVERIFY(r.err.contains(QLatin1String("--insecure-http")));
        const CliResult bad = cli.run({QStringLiteral("--no-gui"), QStringLiteral("--http"), QStringLiteral("host:port")}, {}, 30'000);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains(QLatin1String("bad --http")));
    }

private:
    void startRunner(const QStringList &extra = {})
    {
        JobdeckProcess cli(m_db);
        m_output.clear();
        // A --http in `extra` comes after this one and wins.
        cli.startRunner(m_runner, QStringList{QStringLiteral("--http"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--workers"),
                                              QStringLiteral("2")} + extra);
        static const QRegularExpression s_url(QStringLiteral("HTTP API on (https?)://[0-9.]+:(\\d+)"));
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT((m_output += QString::fromUtf8(m_runner.readAllStandardOutput()),
                                  (match = s_url.match(m_output)).hasMatch()),
                                 30'000);
        m_scheme = match.captured(1);
        m_port = quint16(match.captured(2).toUInt());
        QFile token(m_db + QStringLiteral(".api-token"));
        QVERIFY(token.open(QIODevice::ReadOnly));
        m_token = token.readAll().trimmed();
        QVERIFY(m_token.size() >= 32);
    }

    QNetworkReply *send(const QByteArray &method, const QString &path, const QByteArray &body, bool authorized,
                        const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        QNetworkRequest request(QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(m_scheme).arg(m_port).arg(path)));
        if (m_tls)
            request.setSslConfiguration(*m_tls);
        request.setTransferTimeout(130'000);
        if (authorized)
            request.setRawHeader("Authorization", "Bearer " + m_token);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        return m_network.sendCustomRequest(request, method, body);
    }

    Response finish(QNetworkReply *reply)
    {
        if (!reply->isFinished()) {
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(130'000);
        }
        Response r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            r.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return r;
    }

    Response request(const QByteArray &method, const QString &path, const QByteArray &body = {}, bool authorized = true,
                     const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return finish(send(method, path, body, authorized, headers));
    }

    // Writes `bytes` on a new connection and returns what the server sent until it closed the connection (empty
    // if it did not close it within 15 s).
    QByteArray rawUntilClosed(const QByteArray &bytes)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(10'000))
            return {};
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        socket.write(bytes);
        if (!closed.wait(15'000))
            return {};
        return socket.readAll();
    }

    qint64 jobCount() const { return databaseScalar(m_db, QStringLiteral("SELECT count(*) FROM jobs")); }

    QTemporaryDir m_dir;
    QString m_db;
    int m_count = 0;
    QProcess m_runner;
    QString m_output;
    quint16 m_port = 0;
    QString m_scheme;
    std::optional<QSslConfiguration> m_tls; // trusts the test's own certificate
    QByteArray m_token;
    QNetworkAccessManager m_network;
};

QTEST_GUILESS_MAIN(HttpApiTest)
#include "tst_http_api.moc"
