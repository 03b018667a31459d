#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>

namespace jobdeck {

// One HTTP response as the API sends it: a status, a body with its type, and any further headers. Errors are
// JSON objects {"error": text, "code": name}, the code for programs, the text for people.
struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpResponse json(int status, const QJsonValue &value);
    static HttpResponse error(int status, const QByteArray &code, const QString &message);
    static HttpResponse text(int status, const QByteArray &contentType, const QByteArray &body);

    // The bytes on the wire; `close` adds "Connection: close".
    QByteArray serialize(bool close) const;
};

} // namespace jobdeck
