#include "JobDefinition.h"

#include <QJsonDocument>

namespace jobdeck {

QString JobDefinition::typeName(Type type)
{
    return type == Type::Continuous ? QStringLiteral("continuous") : QStringLiteral("triggered");
}

JobSpec JobDefinition::jobSpec(const QJsonObject &payload) const
{
    JobSpec spec;
    spec.kind = name;
    spec.queue = queue;
    spec.priority = priority;
    spec.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    if (isContinuous()) {
        // One row for good, never retried or timed out: it is restarted instead (AttemptResolver).
        spec.continuous = true;
        spec.idempotencyKey = QStringLiteral("continuous:") + name;
        spec.maxAttempts = 0;
        return spec;
    }
    spec.singleton = isSingleton;
    spec.maxAttempts = maxAttempts;
    spec.timeoutMs = timeoutMs;
    return spec;
}

QJsonObject JobDefinition::toJson() const
{
    const auto textOrNull = [](const QString &s) { return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s); };
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("type"), typeName(type)},
        {QStringLiteral("folder"), folder},
        {QStringLiteral("entry_script"), textOrNull(entryScript)},
        {QStringLiteral("schedule"), textOrNull(schedule)},
        {QStringLiteral("is_singleton"), isSingleton},
        {QStringLiteral("stopping_wait_ms"), double(stoppingWaitMs)},
        {QStringLiteral("timeout_ms"), double(timeoutMs)},
        {QStringLiteral("max_attempts"), maxAttempts},
        {QStringLiteral("queue"), queue},
        {QStringLiteral("priority"), priority},
        {QStringLiteral("steps"), steps.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(steps)},
        {QStringLiteral("error"), textOrNull(error)},
    };
}

} // namespace jobdeck
