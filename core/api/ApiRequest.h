#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QUrlQuery>

namespace jobdeck {

// One request to the API, copied out of the HTTP server's parser so that a reply may come long after the
// parser has moved on to the connection's next request.
struct ApiRequest {
    QByteArray method;                    // "GET", "POST", ...
    QString path;                         // decoded, without the query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

} // namespace jobdeck
