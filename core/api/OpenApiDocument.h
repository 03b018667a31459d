#pragma once

#include "ApiRouter.h"

#include <QJsonObject>

namespace jobdeck {

// The OpenAPI 3.1 description of the API, built from the router's own routes, so a route cannot be served and
// left out. What each route does comes from resources/openapi-operations.json; a route that file does not
// describe is marked "x-undescribed", which the API's tests refuse.
namespace OpenApiDocument {
QJsonObject build(const ApiRouter &router);
} // namespace OpenApiDocument

} // namespace jobdeck
