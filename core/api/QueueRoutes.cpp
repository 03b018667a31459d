#include "QueueRoutes.h"

#include "ApiJson.h"
#include "ReadAnswer.h"
#include "model/StatsJson.h"
#include "runner/Engine.h"
#include "storage/QueueSummary.h"
#include "storage/ReadThread.h"
#include "storage/StoreReader.h"

namespace jobdeck {

QueueRoutes::QueueRoutes(Engine &engine, ReadThread &reads, ApiRouter &router, QObject *parent)
    : QObject(parent), m_engine(engine), m_reads(reads)
{
    router.add("GET", QStringLiteral("/api/queues"),
               [this](const ApiRequest &, const RouteParams &, const ApiReply &reply) { list(reply); });
    router.add("POST", QStringLiteral("/api/queues/{queue}/pause"),
               [this](const ApiRequest &, const RouteParams &p, const ApiReply &reply) {
                   setPaused(p.value(QStringLiteral("queue")), true, reply);
               });
    router.add("POST", QStringLiteral("/api/queues/{queue}/resume"),
               [this](const ApiRequest &, const RouteParams &p, const ApiReply &reply) {
                   setPaused(p.value(QStringLiteral("queue")), false, reply);
               });
    router.add("POST", QStringLiteral("/api/queues/{queue}/rate"),
               [this](const ApiRequest &request, const RouteParams &p, const ApiReply &reply) {
                   setRate(p.value(QStringLiteral("queue")), request, reply);
               });
    router.add("GET", QStringLiteral("/api/stats"),
               [this](const ApiRequest &, const RouteParams &, const ApiReply &reply) { stats(reply); });
}

QueueRoutes::~QueueRoutes() = default;

void QueueRoutes::list(const ApiReply &reply)
{
    answerFromReads(m_reads, this, reply, [](StoreReader &reader) {
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("queues"), StatsJson::queues(QueueSummary::read(reader))}});
    });
}

void QueueRoutes::setPaused(const QString &queue, bool paused, const ApiReply &reply)
{
    if (queue.trimmed().isEmpty() || queue.size() > 200)
        return reply.send(HttpResponse::error(400, "bad_queue", QStringLiteral("a queue name is 1 to 200 characters")));
    m_engine.submit({ConfigureQueue{queue, std::nullopt, paused, std::nullopt}}, this, [queue, paused, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        reply.send(HttpResponse::json(200, QJsonObject{{QStringLiteral("name"), queue}, {QStringLiteral("paused"), paused}}));
    });
}

void QueueRoutes::setRate(const QString &queue, const ApiRequest &request, const ApiReply &reply)
{
    if (queue.trimmed().isEmpty() || queue.size() > 200)
        return reply.send(HttpResponse::error(400, "bad_queue", QStringLiteral("a queue name is 1 to 200 characters")));
    HttpResponse error;
    const auto doc = ApiJson::body(request, error);
    if (!doc)
        return reply.send(error);
    const QJsonValue text = doc->object().value(QLatin1String("rate"));
    const auto rate = text.isString() ? QueueRate::parse(text.toString()) : std::nullopt;
    if (!doc->isObject() || !rate) {
        return reply.send(HttpResponse::error(
            400, "bad_rate", QStringLiteral("the body is {\"rate\": \"N/DUR\"}, such as 100/1m or 10/1s, or {\"rate\": \"off\"}")));
    }
    ConfigureQueue change;
    change.name = queue;
    change.rate = *rate;
    m_engine.submit({change}, this, [queue, rate = *rate, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        reply.send(HttpResponse::json(200, QJsonObject{{QStringLiteral("name"), queue}, {QStringLiteral("rate"), rate.toString()}}));
    });
}

void QueueRoutes::stats(const ApiReply &reply)
{
    answerFromReads(m_reads, this, reply, [now = m_engine.clock().nowMs()](StoreReader &reader) {
        return HttpResponse::json(200, StatsJson::read(reader, now));
    });
}

} // namespace jobdeck
