#pragma once

#include <QHostAddress>
#include <QString>
#include <optional>

namespace jobdeck {

// Where the HTTP API listens, from `--http`: "8080" (loopback), "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080".
// Port 0 picks a free port.
struct HttpAddress {
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;

    // Empty `error` on success.
    static std::optional<HttpAddress> parse(const QString &text, QString *error);
    bool isLoopback() const { return host.isLoopback(); }
    QString toString() const;
};

} // namespace jobdeck
