#include "JobRoutes.h"

#include "CallbackHosts.h"

#include "ApiJson.h"
#include "JobWaiter.h"
#include "ReadAnswer.h"
#include "callbacks/CallbackUrl.h"
#include "health/HealthCheck.h"
#include "health/HealthReport.h"
#include "model/Duration.h"
#include "model/JobJson.h"
#include "model/JobSpecFields.h"
#include "runner/Engine.h"
#include "runner/JobCommands.h"
#include "storage/JobFilter.h"
#include "storage/ReadThread.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"

#include <QJsonArray>
#include <QJsonObject>

namespace jobdeck {

namespace {

const QString kBy = QStringLiteral("HTTP API");
constexpr int kDefaultPage = 100;
constexpr int kMaxPage = 1000;
constexpr qint64 kDefaultWaitMs = 30'000;
constexpr qint64 kMaxWaitMs = 300'000;
constexpr int kMaxBatch = 10'000;

// Reads a job's JSON object into a spec, the way `enqueue --file` reads a line; `at` names the item in a batch.
std::optional<JobSpec> specOf(const QJsonValue &value, const QString &headerKey, const HandlerRegistry &handlers,
                              const QStringList &callbackHosts, qint64 nowMs, const QString &at, HttpResponse &error)
{
    if (!value.isObject()) {
        error = HttpResponse::error(400, "not_an_object", at + QStringLiteral("a job must be a JSON object"));
        return std::nullopt;
    }
    SpecFields f;
    QString problem = readSpecFields(value.toObject(), f);
    if (problem.isEmpty() && f.key.isEmpty())
        f.key = headerKey;
    JobSpec spec;
    if (problem.isEmpty())
        problem = buildSpec(f, handlers, nowMs, spec);
    if (!problem.isEmpty()) {
        error = HttpResponse::error(422, "invalid_job", at + problem);
        return std::nullopt;
    }
    if (!spec.callbackUrl.isEmpty()) {
        if (const CallbackUrlCheck check = CallbackUrl::check(spec.callbackUrl, callbackHosts); !check) {
            error = HttpResponse::error(400, CallbackUrl::errorCode(check.error).toLatin1(), at + check.message);
            return std::nullopt;
        }
    }
    return spec;
}

} // namespace

JobRoutes::JobRoutes(Engine &engine, StoreReader &reader, ReadThread &reads, CallbackHosts &callbackHosts, ApiRouter &router,
                     QObject *parent)
    : QObject(parent), m_engine(engine), m_reader(reader), m_reads(reads), m_callbackHosts(callbackHosts)
{
    m_waiter = new JobWaiter(
        engine,
        // 202: still under way when the wait ran out.
        [this](qint64 id, const ApiReply &reply, bool ended) { sendJob(id, ended ? 200 : 202, reply); },
        [this](qint64 id) {
            try {
                const auto job = m_reader.job(id);
                return !job || isFinal(job->state);
            } catch (const StoreError &) {
                return false;
            }
        },
        this);

    // Routes on one job: the id is checked once here.
    const auto byId = [](std::function<void(qint64 id, const ApiRequest &, const ApiReply &)> handler) {
        return [handler = std::move(handler)](const ApiRequest &request, const RouteParams &params, const ApiReply &reply) {
            HttpResponse error;
            if (const auto id = ApiJson::jobId(params.value(QStringLiteral("id")), error))
                handler(*id, request, reply);
            else
                reply.send(error);
        };
    };
    router.add("GET", QStringLiteral("/health"),
               [this](const ApiRequest &, const RouteParams &, const ApiReply &reply) { health(reply); },
               ApiRouter::Access::Open);
    router.add("POST", QStringLiteral("/api/jobs"),
               [this](const ApiRequest &r, const RouteParams &, const ApiReply &reply) { enqueue(r, reply); });
    router.add("POST", QStringLiteral("/api/jobs/batch"),
               [this](const ApiRequest &r, const RouteParams &, const ApiReply &reply) { enqueueBatch(r, reply); });
    router.add("GET", QStringLiteral("/api/jobs"),
               [this](const ApiRequest &r, const RouteParams &, const ApiReply &reply) { list(r, reply); });
    router.add("GET", QStringLiteral("/api/jobs/{id}"),
               byId([this](qint64 id, const ApiRequest &, const ApiReply &reply) { show(id, reply); }));
    router.add("DELETE", QStringLiteral("/api/jobs/{id}"),
               byId([this](qint64 id, const ApiRequest &, const ApiReply &reply) { remove(id, reply); }));
    router.add("POST", QStringLiteral("/api/jobs/{id}/cancel"),
               byId([this](qint64 id, const ApiRequest &, const ApiReply &reply) { cancel(id, reply); }));
    router.add("POST", QStringLiteral("/api/jobs/{id}/requeue"),
               byId([this](qint64 id, const ApiRequest &r, const ApiReply &reply) { requeue(id, r, reply); }));
    router.add("GET", QStringLiteral("/api/jobs/{id}/wait"),
               byId([this](qint64 id, const ApiRequest &r, const ApiReply &reply) { wait(id, r, reply); }));
}

JobRoutes::~JobRoutes() = default;

void JobRoutes::enqueue(const ApiRequest &request, const ApiReply &reply)
{
    HttpResponse error;
    const auto doc = ApiJson::body(request, error);
    if (!doc)
        return reply.send(error);
    const qint64 now = m_engine.clock().nowMs();
    if (!doc->isObject())
        return reply.send(HttpResponse::error(400, "not_an_object", QStringLiteral("a job must be a JSON object")));
    const auto spec = specOf(doc->object(), QString::fromUtf8(request.header("idempotency-key")), m_engine.handlers(),
                             m_callbackHosts.hosts(), now, {}, error);
    if (!spec)
        return reply.send(error);
    // Answered once committed: a 201 means the job is on disk, and shows the job as that commit wrote it (a new
    // job has no attempts and no deliveries yet). A key that matched an existing job reads that job's present.
    m_engine.submit({EnqueueJob{*spec, now, true}}, this, [this, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::enqueueFailed(r));
        const MutationResult &m = r.results.front();
        if (!m.created || !m.job)
            return sendJob(m.jobId, 200, reply);
        QJsonObject job = JobJson::job(*m.job, {});
        job.insert(QStringLiteral("callback_deliveries"), QJsonArray());
        reply.send(HttpResponse::json(201, job));
    });
}

void JobRoutes::enqueueBatch(const ApiRequest &request, const ApiReply &reply)
{
    HttpResponse error;
    const auto doc = ApiJson::body(request, error);
    if (!doc)
        return reply.send(error);
    if (!doc->isArray())
        return reply.send(HttpResponse::error(400, "not_an_array", QStringLiteral("a batch is a JSON array of jobs")));
    const QJsonArray items = doc->array();
    if (items.isEmpty() || items.size() > kMaxBatch)
        return reply.send(HttpResponse::error(422, "bad_batch_size",
                                              QStringLiteral("a batch holds 1 to %1 jobs, not %2").arg(kMaxBatch).arg(items.size())));
    const qint64 now = m_engine.clock().nowMs();
    WriteBatch batch;
    batch.reserve(items.size());
    const QStringList hosts = m_callbackHosts.hosts();
    for (qsizetype i = 0; i < items.size(); ++i) {
        // An idempotency header names one job, so it does not apply to a batch.
        const auto spec = specOf(items[i], {}, m_engine.handlers(), hosts, now, QStringLiteral("job %1: ").arg(i), error);
        if (!spec)
            return reply.send(error);
        batch.push_back(EnqueueJob{*spec, now});
    }
    // One transaction: all of them or none.
    m_engine.submit(std::move(batch), this, [reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::enqueueFailed(r));
        QJsonArray ids;
        for (const MutationResult &m : r.results)
            ids.append(m.jobId);
        reply.send(HttpResponse::json(201, QJsonObject{{QStringLiteral("ids"), ids}}));
    });
}

QJsonObject JobRoutes::withDeliveries(QJsonObject job, StoreReader &reader, qint64 id)
{
    job.insert(QStringLiteral("callback_deliveries"), JobJson::deliveries(reader.callbackDeliveries(id, 100)));
    return job;
}

void JobRoutes::sendJob(qint64 id, int status, const ApiReply &reply)
{
    answerFromReads(m_reads, this, reply, [id, status](StoreReader &reader) {
        const auto job = reader.job(id);
        if (!job)
            return HttpResponse::error(404, "no_such_job", QStringLiteral("there is no job %1").arg(id));
        return HttpResponse::json(status, withDeliveries(JobJson::job(*job, reader.attempts(id, 200)), reader, id));
    });
}

void JobRoutes::show(qint64 id, const ApiReply &reply)
{
    sendJob(id, 200, reply);
}

void JobRoutes::list(const ApiRequest &request, const ApiReply &reply)
{
    JobFilter filter;
    const QUrlQuery &q = request.query;
    if (const QString state = q.queryItemValue(QStringLiteral("state")); !state.isEmpty()) {
        for (const QString &name : state.split(u',', Qt::SkipEmptyParts)) {
            const auto parsed = stateFromName(name);
            if (!parsed)
                return reply.send(HttpResponse::error(400, "bad_state", QStringLiteral("unknown state \"%1\"").arg(name)));
            filter.states << *parsed;
        }
    }
    filter.kind = q.queryItemValue(QStringLiteral("kind"));
    filter.queue = q.queryItemValue(QStringLiteral("queue"));
    bool ok = true;
    filter.limit = kDefaultPage;
    if (const QString limit = q.queryItemValue(QStringLiteral("limit")); !limit.isEmpty()) {
        filter.limit = limit.toInt(&ok);
        if (!ok || filter.limit < 1 || filter.limit > kMaxPage)
            return reply.send(HttpResponse::error(400, "bad_limit", QStringLiteral("limit is a number from 1 to %1").arg(kMaxPage)));
    }
    if (const QString after = q.queryItemValue(QStringLiteral("after")); !after.isEmpty()) {
        filter.beforeId = after.toLongLong(&ok);
        if (!ok || filter.beforeId < 1)
            return reply.send(HttpResponse::error(400, "bad_cursor", QStringLiteral("after is the \"next\" of a previous page")));
    }
    answerFromReads(m_reads, this, reply, [filter](StoreReader &reader) mutable {
        // One more than asked tells whether another page follows.
        const int asked = filter.limit;
        ++filter.limit;
        std::vector<JobRecord> jobs = reader.jobs(filter);
        const bool more = int(jobs.size()) > asked;
        if (more)
            jobs.resize(asked);
        QJsonArray array;
        for (const JobRecord &job : jobs)
            array.append(JobJson::job(job, {}));
        QJsonObject page{{QStringLiteral("jobs"), array}};
        page.insert(QStringLiteral("next"), more ? QJsonValue(QString::number(jobs.back().id)) : QJsonValue());
        return HttpResponse::json(200, page);
    });
}

void JobRoutes::cancel(qint64 id, const ApiReply &reply)
{
    m_engine.cancel(id, this, [this, id, reply](const MutationResult &r) {
        if (!r.applied)
            return reply.send(HttpResponse::error(409, "not_cancellable",
                                                  QStringLiteral("job %1 does not exist or has already ended").arg(id)));
        sendJob(id, 200, reply);
    });
}

void JobRoutes::requeue(qint64 id, const ApiRequest &request, const ApiReply &reply)
{
    std::optional<QByteArray> payload;
    if (!request.body.trimmed().isEmpty()) {
        HttpResponse error;
        const auto doc = ApiJson::body(request, error);
        if (!doc)
            return reply.send(error);
        const QJsonValue p = doc->object().value(QStringLiteral("payload"));
        if (!doc->isObject() || (!p.isUndefined() && !p.isObject()))
            return reply.send(HttpResponse::error(400, "bad_payload", QStringLiteral("send {\"payload\": {...}} or nothing")));
        if (p.isObject())
            payload = QJsonDocument(p.toObject()).toJson(QJsonDocument::Compact);
    }
    m_engine.submit({JobCommands::requeue(id, payload, m_engine.clock().nowMs(), kBy)}, this,
                    [this, id, reply](const BatchResult &r) {
                        if (!r.ok)
                            return reply.send(ApiJson::storeFailed(r.error));
                        if (!r.results.front().applied)
                            return reply.send(HttpResponse::error(
                                409, "not_requeueable", QStringLiteral("job %1 does not exist or has not ended").arg(id)));
                        sendJob(id, 200, reply);
                    });
}

void JobRoutes::remove(qint64 id, const ApiReply &reply)
{
    m_engine.submit({DeleteJob{id, m_engine.clock().nowMs()}}, this, [id, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        if (!r.results.front().applied)
            return reply.send(HttpResponse::error(
                409, "not_deletable", QStringLiteral("job %1 does not exist or is running (cancel it first)").arg(id)));
        reply.send(HttpResponse::text(204, {}, {}));
    });
}

void JobRoutes::wait(qint64 id, const ApiRequest &request, const ApiReply &reply)
{
    qint64 timeoutMs = kDefaultWaitMs;
    if (const QString t = request.query.queryItemValue(QStringLiteral("timeout")); !t.isEmpty()) {
        const auto parsed = parseDuration(t);
        if (!parsed || *parsed < 0 || *parsed > kMaxWaitMs)
            return reply.send(HttpResponse::error(400, "bad_timeout",
                                                  QStringLiteral("timeout is a duration up to 5m, like 30s")));
        timeoutMs = *parsed;
    }
    try {
        if (!m_reader.job(id))
            return reply.send(HttpResponse::error(404, "no_such_job", QStringLiteral("there is no job %1").arg(id)));
    } catch (const StoreError &e) {
        return reply.send(ApiJson::storeFailed(e.message()));
    }
    m_waiter->wait(id, reply, int(timeoutMs));
}

void JobRoutes::health(const ApiReply &reply)
{
    const QString location = m_engine.store().location();
    const qint64 now = m_engine.clock().nowMs();
    const auto answer = [](const HealthReport &report) {
        return HttpResponse::json(report.status == HealthStatus::Unhealthy ? 503 : 200, report.toJson());
    };
    // Whether the store waits for its server is asked here, on the thread that starts and stops the engine.
    m_reads.read<HealthSnapshot>(
        this, [location, now](StoreReader &reader) { return HealthSnapshot::read(reader, location, now); },
        [this, reply, answer](HealthSnapshot snapshot) {
            snapshot.waitingForServer = m_engine.store().isWaitingForServer();
            reply.send(answer(HealthCheck().evaluate(snapshot)));
        },
        [this, reply, answer](const QString &message) {
            reply.send(answer(HealthCheck::unreadable(message, m_engine.store().isWaitingForServer())));
        });
}

} // namespace jobdeck
