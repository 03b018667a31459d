#include "ProcessHandler.h"

#include "ProcessLaunch.h"
#include "runner/JobContext.h"

#include <QJsonArray>

namespace jobdeck {

QString ProcessHandler::validate(const QJsonObject &payload) const
{
    if (!payload.value(QLatin1String("program")).isString() || payload.value(QLatin1String("program")).toString().isEmpty())
        return QStringLiteral("process: \"program\" (a path) is required");
    if (payload.contains(QLatin1String("args"))) {
        if (!payload.value(QLatin1String("args")).isArray())
            return QStringLiteral("process: \"args\" must be an array of strings");
        for (const QJsonValue a : payload.value(QLatin1String("args")).toArray()) {
            if (!a.isString())
                return QStringLiteral("process: \"args\" must be an array of strings");
        }
    }
    if (payload.contains(QLatin1String("env")) && !payload.value(QLatin1String("env")).isObject())
        return QStringLiteral("process: \"env\" must be an object");
    if (payload.contains(QLatin1String("grace_ms"))
        && (!payload.value(QLatin1String("grace_ms")).isDouble() || payload.value(QLatin1String("grace_ms")).toDouble() < 0))
        return QStringLiteral("process: \"grace_ms\" must be a non-negative number");
    return {};
}

void ProcessHandler::run(JobContext &ctx)
{
    const QJsonObject p = ctx.payload();
    if (const QString invalid = validate(p); !invalid.isEmpty())
        ctx.fail(invalid, false);
    ProcessLaunch launch;
    launch.program = p.value(QLatin1String("program")).toString();
    for (const QJsonValue a : p.value(QLatin1String("args")).toArray())
        launch.arguments << a.toString();
    launch.workingDirectory = p.value(QLatin1String("cwd")).toString();
    launch.environment = p.value(QLatin1String("env")).toObject();
    launch.standardInput = p.value(QLatin1String("stdin")).toString().toUtf8();
    launch.graceMs = qint64(p.value(QLatin1String("grace_ms")).toDouble(double(launch.graceMs)));
    launch.payload = p;
    ctx.setResult(launch.run(ctx));
}

} // namespace jobdeck
