#pragma once

#include "ApiReply.h"
#include "ApiRequest.h"

#include <QHash>
#include <QStringList>
#include <functional>
#include <vector>

namespace jobdeck {

using RouteParams = QHash<QString, QString>;
using RouteHandler = std::function<void(const ApiRequest &request, const RouteParams &params, const ApiReply &reply)>;

// The API's routes: a method and a path pattern whose "{name}" segments become parameters. Knows a path with
// the wrong method (405) from an unknown path (404). Main thread only.
class ApiRouter {
public:
    enum class Access { Token, Open };
    struct Route {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Access access = Access::Token;
        RouteHandler handler;
    };
    struct Match {
        const Route *route = nullptr; // null: none; see allowed
        RouteParams params;
        QList<QByteArray> allowed;    // the methods the path has, when it exists with others
    };

    void add(const QByteArray &method, const QString &pattern, RouteHandler handler, Access access = Access::Token);
    // `encodedPath` as it came, percent-encoded: parameters are decoded segment by segment.
    Match match(const QByteArray &method, const QString &encodedPath) const;
    const std::vector<Route> &routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
};

} // namespace jobdeck
