#include "ApiBench.h"

#include "BenchSupport.h"
#include "SqliteBaseline.h"
#include "api/ApiJson.h"
#include "api/ApiServer.h"
#include "api/ApiService.h"
#include "api/ApiToken.h"
#include "model/JobSpecFields.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/sqlite/SqliteStore.h"

#include <QDir>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace jobdeck::bench {

namespace {

using Steady = std::chrono::steady_clock;

double msBetween(Steady::time_point from, Steady::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Scheduled an hour ahead: the runner's workers stay out of the figures, which are the API's and the disk's.
const QByteArray kJob = QByteArrayLiteral("{\"kind\": \"noop\", \"in\": \"1h\"}");
constexpr int kAwaitedRequests = 2000;
constexpr int kWarmUpRequests = 50;
constexpr int kPacedClients = 4;
constexpr int kPacedRequestsEach = 500;
constexpr int kEventJobs = 500;
constexpr int kEventIntervalMs = 2;

// One keep-alive HTTP/1.1 connection making blocking calls, for a thread of its own.
class RawClient {
public:
    RawClient(quint16 port, QByteArray token) : m_port(port), m_token(std::move(token)) {}

    bool open()
    {
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
        return m_socket.waitForConnected(10'000);
    }

    // POSTs `body` and reads the whole answer: its status, or -1 when the connection failed.
    int post(const QByteArray &path, const QByteArray &body)
    {
        m_socket.write("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token
                       + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                       + "\r\n\r\n" + body);
        m_socket.flush();
        for (;;) {
            if (const qsizetype end = m_buffer.indexOf("\r\n\r\n"); end >= 0) {
                const qsizetype total = end + 4 + contentLength(m_buffer.left(end));
                if (m_buffer.size() >= total) {
                    const int status = m_buffer.mid(9, 3).toInt();
                    m_buffer.remove(0, total);
                    return status;
                }
            }
            if (!m_socket.waitForReadyRead(30'000))
                return -1;
            m_buffer += m_socket.readAll();
        }
    }

private:
    static qsizetype contentLength(const QByteArray &head)
    {
        for (const QByteArray &line : head.split('\n')) {
            if (line.trimmed().toLower().startsWith("content-length:"))
                return line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
        return 0;
    }

    quint16 m_port;
    QByteArray m_token;
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// Runs `work(index)` on `count` threads while this thread's event loop serves them; false if any work failed.
bool onThreads(int count, const std::function<bool(int)> &work)
{
    QEventLoop loop;
    std::atomic<int> finished{0};
    std::atomic<bool> ok{true};
    std::vector<std::thread> threads;
    threads.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            if (!work(i))
                ok = false;
            if (finished.fetch_add(1) + 1 == count)
                QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
        });
    }
    loop.exec();
    for (std::thread &t : threads)
        t.join();
    return ok;
}

// `clients` clients each POSTing `each` jobs, each awaited before the next: jobs per second over all of them.
double postRate(quint16 port, const QByteArray &token, int clients, int each, QString &problem)
{
    const Steady::time_point start = Steady::now();
    const bool ok = onThreads(clients, [&](int) {
        RawClient client(port, token);
        if (!client.open())
            return false;
        for (int i = 0; i < each; ++i) {
            if (client.post("/api/jobs", kJob) != 201)
                return false;
        }
        return true;
    });
    const double seconds = msBetween(start, Steady::now()) / 1000;
    if (!ok)
        problem = QStringLiteral("a POST /api/jobs was not answered 201");
    return seconds > 0 ? clients * each / seconds : 0;
}

// p50, p99 and max of `values` into the three targets.
void percentiles(std::vector<double> values, double &p50, double &p99, double &max)
{
    std::sort(values.begin(), values.end());
    p50 = percentile(values, 50).value_or(0);
    p99 = percentile(values, 99).value_or(0);
    max = values.empty() ? 0 : values.back();
}

// A server with the API's request handling whose POST /api/jobs checks the job as the real one does and
// answers 201 without writing.
void addNoWriteEnqueue(ApiServer &server, const HandlerRegistry &handlers)
{
    auto counter = std::make_shared<qint64>(0);
    server.router().add("POST", QStringLiteral("/api/jobs"),
                        [&handlers, counter](const ApiRequest &request, const RouteParams &, const ApiReply &reply) {
                            HttpResponse error;
                            const auto doc = ApiJson::body(request, error);
                            if (!doc)
                                return reply.send(error);
                            SpecFields fields;
                            JobSpec spec;
                            QString problem = readSpecFields(doc->object(), fields);
                            if (problem.isEmpty())
                                problem = buildSpec(fields, handlers, QDateTime::currentMSecsSinceEpoch(), spec);
                            if (!problem.isEmpty())
                                return reply.send(HttpResponse::error(422, "invalid_job", problem));
                            reply.send(HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), ++*counter},
                                                                           {QStringLiteral("kind"), spec.kind},
                                                                           {QStringLiteral("queue"), spec.queue},
                                                                           {QStringLiteral("state"), QStringLiteral("scheduled")}}));
                        });
}

// Completions heard on /api/events by a client on a thread of its own, against their commits seen by the
// engine on this thread. Fills the event figures of `result`.
void measureEvents(Engine &engine, quint16 port, const QByteArray &token, const QHash<qint64, Steady::time_point> &committedAt,
                   ApiResult &result)
{
    std::mutex mutex;
    QHash<qint64, Steady::time_point> heardAt;
    std::atomic<bool> connected{false};
    std::atomic<bool> stop{false};
    std::thread listener([&] {
        QWebSocket socket;
        QEventLoop loop;
        QObject::connect(&socket, &QWebSocket::connected, &loop, [&] { connected = true; });
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &loop, [&](const QString &text) {
            const Steady::time_point now = Steady::now();
            const QJsonObject event = QJsonDocument::fromJson(text.toUtf8()).object();
            if (event.value(QLatin1String("type")).toString() == QLatin1String("state") && event.value(QLatin1String("final")).toBool()) {
                std::lock_guard lock(mutex);
                heardAt.insert(event.value(QLatin1String("job_id")).toInteger(), now);
            }
        });
        QTimer stopper; // a bench, not a test: a look at the flag every few milliseconds is fine
        QObject::connect(&stopper, &QTimer::timeout, &loop, [&] {
            if (stop)
                loop.quit();
        });
        stopper.start(5);
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/events").arg(port)));
        request.setRawHeader("Authorization", "Bearer " + token);
        socket.open(request);
        loop.exec();
        socket.close();
    });
    {
        QEventLoop wait;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &wait, [&] {
            if (connected)
                wait.quit();
        });
        poll.start(5);
        QTimer::singleShot(10'000, &wait, &QEventLoop::quit);
        wait.exec();
    }
    if (!connected) {
        stop = true;
        listener.join();
        result.problem = QStringLiteral("the WebSocket client could not connect");
        return;
    }

    // One job every few milliseconds, each run by the runner at once.
    int sent = 0;
    QEventLoop wait;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&pacer, &QTimer::timeout, &wait, [&] {
        if (sent++ < kEventJobs)
            engine.submit({EnqueueJob{noopSpec(), QDateTime::currentMSecsSinceEpoch()}});
        std::lock_guard lock(mutex);
        if (heardAt.size() >= kEventJobs)
            wait.quit();
    });
    pacer.start(kEventIntervalMs);
    QTimer::singleShot(30'000, &wait, &QEventLoop::quit);
    wait.exec();
    pacer.stop();
    stop = true;
    listener.join();

    std::vector<double> latencies;
    for (auto it = heardAt.constBegin(); it != heardAt.constEnd(); ++it) {
        if (const auto committed = committedAt.find(it.key()); committed != committedAt.end())
            latencies.push_back(msBetween(*committed, it.value()));
    }
    result.events = int(latencies.size());
    percentiles(latencies, result.eventP50Ms, result.eventP99Ms, result.eventMaxMs);
    if (result.events < kEventJobs && result.problem.isEmpty())
        result.problem = QStringLiteral("%1 of %2 completions were heard on /api/events").arg(result.events).arg(kEventJobs);
}

} // namespace

ApiResult measureApi(const QString &dirPath, const BenchOptions &options)
{
    ApiResult result;
    result.requests = kAwaitedRequests;
    const QDir dir(dirPath);
    result.singleInsertPerSecond =
        measureSingleInsertCommits(dir.filePath(QStringLiteral("bench-api-baseline.db")), options, kAwaitedRequests);

    const QString path = freshDatabase(dir.filePath(QStringLiteral("bench-api.db")));
    QFile::remove(ApiToken::filePathFor(path));
    auto store = SqliteStore::open(path, SqliteStore::Options{options.durability, 50});
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions engineOptions;
    engineOptions.workers = options.workers;
    Engine engine(*store, handlers, engineOptions);
    // Connected before the API's own connections: the commit is noted before the event goes out.
    QHash<qint64, Steady::time_point> committedAt;
    QObject::connect(&engine, &Engine::jobsChanged, &engine, [&committedAt](const QList<JobEvent> &events) {
        const Steady::time_point now = Steady::now();
        for (const JobEvent &e : events) {
            if (e.to == JobState::Succeeded)
                committedAt.insert(e.jobId, now);
        }
    });
    ApiOptions apiOptions;
    apiOptions.limits.maxConnections = 64;
    ApiService api(engine, apiOptions);
    QString error;
    if (!api.start(&error))
        throw std::runtime_error(error.toStdString());
    engine.start();
    runEventsFor(300);
    QString tokenError;
    const auto token = ApiToken::load(path, false, &tokenError);
    if (!token)
        throw std::runtime_error(tokenError.toStdString());

    ApiServer noWrite(*token);
    addNoWriteEnqueue(noWrite, handlers);
    if (!noWrite.listen(HttpAddress{}, std::nullopt, &error))
        throw std::runtime_error(error.toStdString());

    const QByteArray secret = token->value();
    postRate(api.port(), secret, 1, kWarmUpRequests, result.problem);
    result.awaitedPerSecond = postRate(api.port(), secret, 1, kAwaitedRequests, result.problem);
    result.awaitedNoWritePerSecond = postRate(noWrite.port(), secret, 1, kAwaitedRequests, result.problem);
    const int each = std::max(1, options.jobs / result.clients);
    result.concurrentPerSecond = postRate(api.port(), secret, result.clients, each, result.problem);
    result.concurrentNoWritePerSecond = postRate(noWrite.port(), secret, result.clients, each, result.problem);

    // 1,000 requests a second over four clients, each sending on its own beat; the time of each request.
    std::mutex mutex;
    std::vector<double> latencies;
    const Steady::time_point start = Steady::now() + std::chrono::milliseconds(20);
    const auto beat = std::chrono::microseconds(int(1e6 * kPacedClients / result.pacedRate));
    const bool pacedOk = onThreads(kPacedClients, [&](int index) {
        RawClient client(api.port(), secret);
        if (!client.open())
            return false;
        std::vector<double> mine;
        for (int i = 0; i < kPacedRequestsEach; ++i) {
            std::this_thread::sleep_until(start + beat * i + beat * index / kPacedClients);
            const Steady::time_point sent = Steady::now();
            if (client.post("/api/jobs", kJob) != 201)
                return false;
            mine.push_back(msBetween(sent, Steady::now()));
        }
        std::lock_guard lock(mutex);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
        return true;
    });
    if (!pacedOk && result.problem.isEmpty())
        result.problem = QStringLiteral("a paced POST /api/jobs was not answered 201");
    percentiles(latencies, result.pacedP50Ms, result.pacedP99Ms, result.pacedMaxMs);

    measureEvents(engine, api.port(), secret, committedAt, result);
    engine.stop();
    QEventLoop stopping;
    QObject::connect(&engine, &Engine::stopped, &stopping, &QEventLoop::quit);
    if (engine.status() != Engine::Status::Stopped)
        stopping.exec();
    return result;
}

} // namespace jobdeck::bench
