#pragma once

#include "ApiRequest.h"
#include "HttpResponse.h"
#include "storage/Mutation.h"

#include <QJsonDocument>
#include <optional>

namespace jobdeck {

// Reading request bodies the one way every route does: JSON of the expected shape, or a 400 answer.
namespace ApiJson {
// The body as a JSON document; on failure, `error` holds the answer to send.
std::optional<QJsonDocument> body(const ApiRequest &request, HttpResponse &error);
// The answer when the database refuses a read or a write.
HttpResponse storeFailed(const QString &message);
// An enqueue the store refused: a parent that does not exist is the client's mistake (422), anything else the
// store's (503).
HttpResponse enqueueFailed(const BatchResult &result);
// A path parameter that must be a job id.
std::optional<qint64> jobId(const QString &text, HttpResponse &error);
} // namespace ApiJson

} // namespace jobdeck
