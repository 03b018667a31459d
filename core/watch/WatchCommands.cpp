#include "WatchCommands.h"

#include "model/Duration.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace jobdeck::WatchCommands {

namespace {

QJsonValue fill(const QJsonValue &value, const FileVersion &file)
{
    if (value.isString()) {
        QString s = value.toString();
        if (!s.contains(u'{'))
            return value;
        s.replace(QLatin1String("{path}"), file.path);
        s.replace(QLatin1String("{name}"), QFileInfo(file.path).fileName());
        s.replace(QLatin1String("{size}"), QString::number(file.size));
        s.replace(QLatin1String("{mtime}"), formatIsoTime(file.mtimeMs));
        return s;
    }
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = fill(it.value(), file);
        return o;
    }
    return value;
}

} // namespace

std::optional<SaveWatch> save(const WatchSpec &spec, qint64 nowMs, bool replace, QString *error)
{
    const QString invalid = spec.validate();
    if (!invalid.isEmpty()) {
        if (error)
            *error = invalid;
        return std::nullopt;
    }
    return SaveWatch{spec, replace, nowMs};
}

SetWatchPaused pause(const QString &name, bool paused, qint64 nowMs)
{
    return SetWatchPaused{name, paused, nowMs};
}

QByteArray payloadFor(const QByteArray &payloadTemplate, const FileVersion &file)
{
    QJsonObject payload = fill(QJsonDocument::fromJson(payloadTemplate).object(), file).toObject();
    payload.insert(QStringLiteral("path"), file.path);
    if (!payload.contains(QLatin1String("size")))
        payload.insert(QStringLiteral("size"), double(file.size));
    if (!payload.contains(QLatin1String("mtime")))
        payload.insert(QStringLiteral("mtime"),
                       formatIsoTime(file.mtimeMs));
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

std::optional<JobSpec> jobFor(const WatchSpec &spec, const FileVersion &file, const DefinitionResolver &definitions,
                              QString *error)
{
    JobSpec job = spec.job;
    if (!spec.definition.isEmpty()) {
        if (!definitions) {
            if (error)
                *error = QStringLiteral("job definition %1 cannot be read: this runner has no jobs folder").arg(spec.definition);
            return std::nullopt;
        }
        const auto defined = definitions(spec.definition, error);
        if (!defined)
            return std::nullopt;
        job = *defined;
    }
    job.payload = payloadFor(job.payload, file);
    job.runAtMs = 0;
    job.idempotencyKey.clear();
    return job;
}

} // namespace jobdeck::WatchCommands
