#include "ApiServer.h"

#include "ApiListener.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace jobdeck {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

} // namespace

ApiServer::ApiServer(ApiToken token, HttpLimits limits, QObject *parent)
    : QAbstractHttpServer(parent), m_token(std::move(token)), m_limits(limits)
{
}

ApiServer::~ApiServer() = default;

bool ApiServer::listen(const HttpAddress &address, const std::optional<QSslConfiguration> &tls, QString *error)
{
    Q_ASSERT(!m_listener);
    auto *listener = new ApiListener(m_limits, this);
    if (tls)
        listener->setTls(*tls);
    if (!listener->listen(address.host, address.port)) {
        *error = QStringLiteral("cannot listen on %1: %2").arg(address.toString(), listener->errorString());
        delete listener;
        return false;
    }
    m_listener = listener;
    bind(listener);
    return true;
}

quint16 ApiServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

bool ApiServer::usesTls() const
{
    return m_listener && m_listener->usesTls();
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Qt HttpServer turns an upgrade request into a WebSocket when its handler takes it without answering;
    // EventStream then checks the path and the token.
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return true;
    ApiRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path();
    r.query = request.query();
    for (const auto &[name, value] : request.headers())
        r.headers.insert(name.toLower(), value);
    r.body = request.body();
    const bool close = r.header("connection").toLower() == "close";
    const ApiReply reply(socket, close);

    const ApiRouter::Match match = m_router.match(r.method, request.url().path(QUrl::FullyEncoded));
    if (!match.route) {
        if (!match.allowed.isEmpty()) {
            HttpResponse response = HttpResponse::error(
                405, "method_not_allowed",
                QStringLiteral("%1 is not allowed on %2").arg(QString::fromLatin1(r.method), r.path));
            response.headers << qMakePair(QByteArray("Allow"), match.allowed.join(", "));
            reply.send(response);
        } else {
            reply.send(HttpResponse::error(404, "not_found", QStringLiteral("no such route: %1").arg(r.path)));
        }
        return true;
    }
    if (match.route->access == ApiRouter::Access::Token) {
        const QByteArray authorization = r.header("authorization");
        const bool bearer = authorization.size() > 7 && authorization.left(7).toLower() == "bearer ";
        if (!bearer || !m_token.matches(authorization.mid(7).trimmed())) {
            HttpResponse response = HttpResponse::error(
                401, "unauthorized",
                bearer ? QStringLiteral("the token is wrong")
                       : QStringLiteral("send the API token as \"Authorization: Bearer TOKEN\" (jobdeck api token prints it)"));
            response.headers << qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"jobdeck\""));
            reply.send(response);
            return true;
        }
    }
    match.route->handler(r, match.params, reply);
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest answers every request, so this is never reached; answer anyway rather than leave a client hanging.
    ApiReply(socket, true).send(HttpResponse::error(404, "not_found", request.url().path()));
}

} // namespace jobdeck
