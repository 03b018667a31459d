#include "JobJson.h"

#include "Duration.h"
#include "callbacks/CallbackUrl.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck::JobJson {

namespace {

QJsonValue time(qint64 ms)
{
    return ms > 0 ? QJsonValue(formatIsoTime(ms)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonValue parse(const QByteArray &json)
{
    if (json.isEmpty())
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    if (!doc.isArray() || doc.array().isEmpty())
        return QJsonValue(QJsonValue::Null);
    return doc.array().first();
}

QJsonObject attempt(const AttemptRecord &a)
{
    return QJsonObject{
        {QStringLiteral("number"), a.number},
        {QStringLiteral("started_at"), time(a.startedAtMs)},
        {QStringLiteral("finished_at"), time(a.finishedAtMs)},
        {QStringLiteral("duration_ms"), a.finishedAtMs ? QJsonValue(double(a.durationMs())) : QJsonValue()},
        {QStringLiteral("outcome"), outcomeName(a.outcome)},
        {QStringLiteral("error"), textOrNull(a.error)},
        {QStringLiteral("from_checkpoint"), a.fromCheckpoint},
        {QStringLiteral("runner"), textOrNull(a.runner)},
        {QStringLiteral("worker"), textOrNull(a.worker)},
    };
}

QJsonObject logLine(const LogLine &l)
{
    return QJsonObject{
        {QStringLiteral("time"), time(l.timeMs)},
        {QStringLiteral("level"), l.level == LogLevel::Error ? QStringLiteral("ERROR") : QStringLiteral("INFO")},
        {QStringLiteral("attempt"), l.attempt},
        {QStringLiteral("text"), l.text},
    };
}

QJsonArray deliveries(const std::vector<CallbackDelivery> &deliveries)
{
    QJsonArray array;
    for (const CallbackDelivery &d : deliveries) {
        QJsonArray tries;
        for (const CallbackAttempt &a : d.tries) {
            tries.append(QJsonObject{
                {QStringLiteral("number"), a.number},
                {QStringLiteral("time"), time(a.atMs)},
                {QStringLiteral("http_status"), a.httpStatus > 0 ? QJsonValue(a.httpStatus) : QJsonValue()},
                {QStringLiteral("error"), textOrNull(a.error)},
                {QStringLiteral("next_try_at"), time(a.nextTryAtMs)},
            });
        }
        array.append(QJsonObject{
            {QStringLiteral("id"), double(d.id)},
            {QStringLiteral("url"), CallbackUrl::masked(d.url)},
            {QStringLiteral("state"), deliveryStateName(d.state)},
            {QStringLiteral("created_at"), time(d.createdAtMs)},
            {QStringLiteral("next_try_at"), d.state == DeliveryState::Pending ? time(d.nextTryAtMs) : QJsonValue()},
            {QStringLiteral("attempts"), tries},
        });
    }
    return array;
}

QJsonObject job(const JobRecord &j, const std::vector<AttemptRecord> &attempts)
{
    QJsonArray attemptArray;
    for (const AttemptRecord &a : attempts)
        attemptArray.append(attempt(a));
    QJsonArray parents;
    for (const qint64 id : j.parents)
        parents.append(double(id));
    return QJsonObject{
        {QStringLiteral("id"), double(j.id)},
        {QStringLiteral("kind"), j.kind},
        {QStringLiteral("queue"), j.queue},
        {QStringLiteral("state"), stateName(j.state)},
        {QStringLiteral("state_reason"), j.stateReason},
        {QStringLiteral("priority"), j.priority},
        {QStringLiteral("payload"), parse(j.payload)},
        {QStringLiteral("result"), parse(j.result)},
        {QStringLiteral("error"), textOrNull(j.error)},
        {QStringLiteral("progress"), j.progress},
        {QStringLiteral("progress_text"), j.progressText},
        {QStringLiteral("checkpoint"), parse(j.checkpoint)},
        {QStringLiteral("attempts"), attemptArray},
        {QStringLiteral("attempt_count"), j.attempts},
        {QStringLiteral("max_attempts"), j.maxAttempts},
        {QStringLiteral("timeout_ms"), double(j.timeoutMs)},
        {QStringLiteral("backoff_ms"), double(j.backoffMs)},
        {QStringLiteral("idempotency_key"), textOrNull(j.idempotencyKey)},
        {QStringLiteral("run_at"), time(j.runAtMs)},
        {QStringLiteral("created_at"), time(j.createdAtMs)},
        {QStringLiteral("updated_at"), time(j.updatedAtMs)},
        {QStringLiteral("finished_at"), time(j.finishedAtMs)},
        {QStringLiteral("lease_owner"), textOrNull(j.leaseOwner)},
        {QStringLiteral("singleton"), j.singleton},
        {QStringLiteral("continuous"), j.continuous},
        {QStringLiteral("callback_url"), textOrNull(CallbackUrl::masked(j.callbackUrl))},
        {QStringLiteral("after"), parents},
        {QStringLiteral("on"), j.continueOn ? QJsonValue(continueOnName(*j.continueOn)) : QJsonValue()},
        {QStringLiteral("batch"), j.batchId > 0 ? QJsonValue(double(j.batchId)) : QJsonValue()},
        {QStringLiteral("completes_batch"), j.completesBatch > 0 ? QJsonValue(double(j.completesBatch)) : QJsonValue()},
        {QStringLiteral("mutexes"), QJsonArray::fromStringList(j.mutexes)},
        {QStringLiteral("order_key"), textOrNull(j.orderKey)},
        {QStringLiteral("seq"), j.orderKey.isEmpty() ? QJsonValue() : QJsonValue(double(j.orderSeq))},
        {QStringLiteral("order_wait_ms"), j.orderKey.isEmpty() ? QJsonValue() : QJsonValue(double(j.orderWaitMs))},
        {QStringLiteral("pipeline"), j.pipelineId > 0 ? QJsonValue(double(j.pipelineId)) : QJsonValue()},
        {QStringLiteral("blocked_by"), j.orderBlockedBy > 0 ? QJsonValue(double(j.orderBlockedBy)) : QJsonValue()},
    };
}

} // namespace jobdeck::JobJson
