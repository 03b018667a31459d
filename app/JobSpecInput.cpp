#include "JobSpecInput.h"

#include "CommandLine.h"
#include "callbacks/CallbackUrl.h"
#include "model/Duration.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "storage/JobStore.h"

#include <QFile>

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

QString callbackFormProblem(const JobSpec &spec)
{
    if (spec.callbackUrl.isEmpty())
        return {};
    const CallbackUrlCheck check = CallbackUrl::check(spec.callbackUrl, {});
    return check.error == CallbackUrlError::HostNotAllowed ? QString() : check.message;
}

QString callbackHostProblem(const JobSpec &spec, JobStore &store)
{
    if (spec.callbackUrl.isEmpty() || CallbackUrl::check(spec.callbackUrl, {}))
        return {};
    QStringList hosts;
    try {
        hosts = CallbackUrl::parseHosts(store.openReader()->setting(CallbackUrl::kAllowSetting, {}));
    } catch (const StoreError &e) {
        return e.message();
    }
    return CallbackUrl::check(spec.callbackUrl, hosts).message;
}

QString callbackHostsProblem(const std::vector<JobSpec> &specs, JobStore &store)
{
    for (size_t i = 0; i < specs.size(); ++i) {
        if (const QString error = callbackHostProblem(specs[i], store); !error.isEmpty())
            return QStringLiteral("job %1 of the file: %2").arg(i + 1).arg(error);
    }
    return {};
}

QString readJobLines(const QString &path, const HandlerRegistry &handlers, qint64 nowMs, std::vector<JobSpec> &specs)
{
    QFile file;
    const bool ok = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                               : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok)
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonDocument doc;
        if (const QString error = CommandLine::parseJson(line, doc); !error.isEmpty())
            return QStringLiteral("line %1: %2").arg(lineNumber).arg(error);
        if (!doc.isObject())
            return QStringLiteral("line %1: not a JSON object").arg(lineNumber);
        SpecFields f;
        JobSpec spec;
        QString error = readSpecFields(doc.object(), f);
        if (error.isEmpty())
            error = buildSpec(f, handlers, nowMs, spec);
        if (error.isEmpty())
            error = callbackFormProblem(spec);
        if (!error.isEmpty())
            return QStringLiteral("line %1: %2").arg(lineNumber).arg(error);
        specs.push_back(std::move(spec));
    }
    return {};
}

} // namespace jobdeck
