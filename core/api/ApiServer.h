#pragma once

#include "ApiRouter.h"
#include "ApiToken.h"
#include "HttpAddress.h"
#include "HttpLimits.h"

#include <QAbstractHttpServer>
#include <QSslConfiguration>
#include <optional>

namespace jobdeck {

class ApiListener;

// The HTTP API's server: parses requests with Qt HttpServer on a listener of its own, checks the bearer token,
// and hands each request to its route; what the routes do is up to whoever adds them (see JobRoutes). Main
// thread only.
class ApiServer final : public QAbstractHttpServer {
    Q_OBJECT
public:
    ApiServer(ApiToken token, HttpLimits limits = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    ApiRouter &router() { return m_router; }
    const ApiToken &token() const { return m_token; }
    // Starts listening; false and `error` set if the address cannot be bound. A non-loopback address needs TLS.
    bool listen(const HttpAddress &address, const std::optional<QSslConfiguration> &tls, QString *error);
    quint16 port() const;
    bool usesTls() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    ApiToken m_token;
    HttpLimits m_limits;
    ApiRouter m_router;
    ApiListener *m_listener = nullptr;
};

} // namespace jobdeck
