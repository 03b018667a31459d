#include "PipelineRoutes.h"

#include "CallbackHosts.h"

#include "ApiJson.h"
#include "ReadAnswer.h"
#include "callbacks/CallbackUrl.h"
#include "model/Pipeline.h"
#include "model/PipelineFile.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"

#include <QJsonArray>

namespace jobdeck {

namespace {
constexpr int kMaxList = 500;
}

PipelineRoutes::PipelineRoutes(Engine &engine, CallbackHosts &callbackHosts, ReadThread &reads, ApiRouter &router,
                               QObject *parent)
    : QObject(parent), m_engine(engine), m_callbackHosts(callbackHosts), m_reads(reads)
{
    router.add("POST", QStringLiteral("/api/pipelines"),
               [this](const ApiRequest &r, const RouteParams &, const ApiReply &reply) { start(r, reply); });
    router.add("GET", QStringLiteral("/api/pipelines"),
               [this](const ApiRequest &r, const RouteParams &, const ApiReply &reply) { list(r, reply); });
    router.add("GET", QStringLiteral("/api/pipelines/{id}"),
               [this](const ApiRequest &, const RouteParams &p, const ApiReply &reply) { show(p.value(QStringLiteral("id")), reply); });
}

PipelineRoutes::~PipelineRoutes() = default;

void PipelineRoutes::start(const ApiRequest &request, const ApiReply &reply)
{
    HttpResponse error;
    const auto doc = ApiJson::body(request, error);
    if (!doc)
        return reply.send(error);
    if (!doc->isObject())
        return reply.send(HttpResponse::error(400, "not_an_object", QStringLiteral("a pipeline is a JSON object with \"steps\"")));
    StartPipeline pipeline;
    // A step may name a job of the runner's jobs folder, made with its settings.job.
    const DefinitionResolver &resolver = m_engine.scheduler().definitionResolver();
    const HandlerRegistry &handlers = m_engine.handlers();
    const auto definitions = [&](const QString &name, const QJsonObject &payload, QString *why) -> std::optional<JobSpec> {
        // A runner takes the jobs folder's kinds through its handlers' fallback; an added handler's kind is none.
        if (!resolver || !handlers.find(name) || handlers.kinds().contains(name))
            return std::nullopt;
        auto spec = resolver(name, why);
        if (spec)
            spec->payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        return spec;
    };
    if (const QString problem = readPipelineFile(doc->object(), handlers, m_engine.clock().nowMs(), pipeline, definitions);
        !problem.isEmpty())
        return reply.send(HttpResponse::error(422, "invalid_pipeline", problem));
    if (pipeline.name.isEmpty())
        pipeline.name = QStringLiteral("pipeline");
    const QStringList hosts = m_callbackHosts.hosts();
    for (const PipelineStep &step : pipeline.steps) {
        for (const JobSpec *spec : {&step.job, step.compensation ? &*step.compensation : nullptr}) {
            if (!spec || spec->callbackUrl.isEmpty())
                continue;
            if (const CallbackUrlCheck check = CallbackUrl::check(spec->callbackUrl, hosts); !check)
                return reply.send(HttpResponse::error(400, CallbackUrl::errorCode(check.error).toLatin1(), check.message));
        }
    }
    m_engine.submit({std::move(pipeline)}, this, [reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        QJsonArray jobs;
        for (const qint64 id : r.results.front().jobIds)
            jobs.append(double(id));
        reply.send(HttpResponse::json(201, QJsonObject{{QStringLiteral("id"), double(r.results.front().rowId)},
                                                       {QStringLiteral("jobs"), jobs}}));
    });
}

void PipelineRoutes::list(const ApiRequest &request, const ApiReply &reply)
{
    int limit = 50;
    if (const QString text = request.query.queryItemValue(QStringLiteral("limit")); !text.isEmpty()) {
        bool ok = false;
        limit = text.toInt(&ok);
        if (!ok || limit < 1 || limit > kMaxList)
            return reply.send(HttpResponse::error(400, "bad_limit", QStringLiteral("limit is 1 to %1").arg(kMaxList)));
    }
    answerFromReads(m_reads, this, reply, [limit](StoreReader &reader) {
        QJsonArray array;
        for (const PipelineRecord &p : reader.pipelines(limit))
            array.append(PipelineJson::pipeline(p));
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("pipelines"), array}});
    });
}

void PipelineRoutes::show(const QString &text, const ApiReply &reply)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return reply.send(HttpResponse::error(400, "bad_id", QStringLiteral("a pipeline id is a positive number")));
    answerFromReads(m_reads, this, reply, [id](StoreReader &reader) {
        const auto pipeline = reader.pipeline(id);
        if (!pipeline)
            return HttpResponse::error(404, "no_such_pipeline", QStringLiteral("there is no pipeline %1").arg(id));
        return HttpResponse::json(200, PipelineJson::pipeline(*pipeline));
    });
}

} // namespace jobdeck
