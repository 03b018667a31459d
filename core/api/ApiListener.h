#pragma once

#include "HttpLimits.h"

#include <QSslConfiguration>
#include <QTcpServer>
#include <optional>

namespace jobdeck {

// The listening socket of the HTTP API, which the HTTP server is bound to. It puts a RequestGuard on every
// connection before the server sees it, answers connections beyond the limit with 503, and with a TLS
// configuration hands out only connections whose handshake has finished. Main thread only.
class ApiListener final : public QTcpServer {
    Q_OBJECT
public:
    explicit ApiListener(const HttpLimits &limits, QObject *parent = nullptr);

    void setTls(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool usesTls() const { return m_tls.has_value(); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    HttpLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    int m_open = 0;
};

} // namespace jobdeck
