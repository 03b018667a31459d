#include "WatchJson.h"

#include "model/Duration.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck::WatchJson {

QJsonObject watch(const WatchRecord &w)
{
    const WatchSpec &s = w.spec;
    QJsonObject o{
        {QStringLiteral("id"), w.id},
        {QStringLiteral("name"), s.name},
        {QStringLiteral("dir"), s.dir},
        {QStringLiteral("patterns"), QJsonArray::fromStringList(s.patterns)},
        {QStringLiteral("recursive"), s.recursive},
        {QStringLiteral("settle_ms"), s.settleMs},
        {QStringLiteral("after"), afterActionName(s.after)},
        {QStringLiteral("max_size"), s.maxSize},
        {QStringLiteral("state"), w.paused ? QStringLiteral("paused") : QStringLiteral("active")},
        {QStringLiteral("enqueued"), w.enqueued},
        {QStringLiteral("done"), w.done},
        {QStringLiteral("failed"), w.failed},
        {QStringLiteral("skipped"), w.skipped},
        {QStringLiteral("created_at"), formatIsoTime(w.createdAtMs)},
        {QStringLiteral("updated_at"), formatIsoTime(w.updatedAtMs)},
    };
    if (s.definition.isEmpty()) {
        o.insert(QStringLiteral("kind"), s.job.kind);
        o.insert(QStringLiteral("payload_template"), QJsonDocument::fromJson(s.job.payload).object());
        o.insert(QStringLiteral("queue"), s.job.queue);
    } else {
        o.insert(QStringLiteral("definition"), s.definition);
    }
    return o;
}

QJsonObject skip(const WatchSkip &k)
{
    return {
        {QStringLiteral("path"), k.path},
        {QStringLiteral("reason"), k.reason},
        {QStringLiteral("detail"), k.detail},
        {QStringLiteral("at"), formatIsoTime(k.atMs)},
    };
}

QJsonObject file(const WatchedFile &f)
{
    QJsonObject o{
        {QStringLiteral("watch"), f.watchName},
        {QStringLiteral("path"), f.path},
        {QStringLiteral("size"), f.size},
        {QStringLiteral("mtime"), formatIsoTime(f.mtimeMs)},
        {QStringLiteral("fingerprint"), f.fingerprint},
        {QStringLiteral("enqueued_at"), formatIsoTime(f.enqueuedAtMs)},
        {QStringLiteral("job_id"), f.jobId > 0 ? QJsonValue(f.jobId) : QJsonValue()},
        {QStringLiteral("job_state"), f.jobState.isEmpty() ? QJsonValue() : QJsonValue(f.jobState)},
        {QStringLiteral("disposition"), f.disposition.isEmpty() ? QJsonValue() : QJsonValue(f.disposition)},
        {QStringLiteral("moved_to"), f.movedTo.isEmpty() ? QJsonValue() : QJsonValue(f.movedTo)},
    };
    const QJsonDocument result = QJsonDocument::fromJson(f.jobResult);
    o.insert(QStringLiteral("result"), result.isObject() ? QJsonValue(result.object())
                                       : result.isArray() ? QJsonValue(result.array())
                                                          : QJsonValue());
    return o;
}

} // namespace jobdeck::WatchJson
