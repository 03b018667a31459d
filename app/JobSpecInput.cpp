#include "JobSpecInput.h"

#include "CommandLine.h"
#include "model/Duration.h"
#include "runner/HandlerRegistry.h"

#include <QJsonDocument>

namespace jobdeck {

QList<QCommandLineOption> jobOptions()
{
    return {
        {QStringLiteral("payload"), QStringLiteral("Payload, a JSON object."), QStringLiteral("JSON")},
        {QStringLiteral("queue"), QStringLiteral("Queue name (default: default)."), QStringLiteral("Q")},
        {QStringLiteral("priority"), QStringLiteral("Higher runs first (default 0)."), QStringLiteral("P")},
        {QStringLiteral("max-attempts"), QStringLiteral("Attempts before the job is dead (default 5)."), QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Cancel an attempt after this long."), QStringLiteral("DUR")},
        {QStringLiteral("backoff"), QStringLiteral("First retry delay, doubling (default 5s)."), QStringLiteral("DUR")},
    };
}

QString readJobOptions(const QCommandLineParser &parser, SpecFields &f)
{
    std::optional<QJsonObject> payload;
    if (const QString error = CommandLine::readPayload(parser, payload); !error.isEmpty())
        return error;
    if (payload)
        f.payload = *payload;
    f.queue = parser.value(QStringLiteral("queue"));
    f.priority = parser.value(QStringLiteral("priority"));
    f.maxAttempts = parser.value(QStringLiteral("max-attempts"));
    f.timeout = parser.value(QStringLiteral("timeout"));
    f.backoff = parser.value(QStringLiteral("backoff"));
    return {};
}

} // namespace jobdeck
