#include "ApiJson.h"

namespace jobdeck {

std::optional<QJsonDocument> ApiJson::body(const ApiRequest &request, HttpResponse &error)
{
    // The Content-Type is not insisted on: `curl -d` sends JSON labelled as a form, and the body says what it is.
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parse);
    if (parse.error != QJsonParseError::NoError) {
        error = HttpResponse::error(400, "malformed_json",
                                    QStringLiteral("the body is not JSON: %1 at byte %2").arg(parse.errorString()).arg(parse.offset));
        return std::nullopt;
    }
    return doc;
}

HttpResponse ApiJson::storeFailed(const QString &message)
{
    return HttpResponse::error(503, "store_unavailable", QStringLiteral("the database refused: %1").arg(message));
}

HttpResponse ApiJson::enqueueFailed(const BatchResult &result)
{
    if (result.errorCode == StoreErrorCode::NotFound)
        return HttpResponse::error(422, "unknown_parent", result.error);
    return storeFailed(result.error);
}

std::optional<qint64> ApiJson::jobId(const QString &text, HttpResponse &error)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0) {
        error = HttpResponse::error(400, "bad_job_id", QStringLiteral("\"%1\" is not a job id").arg(text));
        return std::nullopt;
    }
    return id;
}

} // namespace jobdeck
