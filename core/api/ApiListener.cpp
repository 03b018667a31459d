#include "ApiListener.h"

#include "HttpResponse.h"
#include "RequestGuard.h"

#include <QSslSocket>

namespace jobdeck {

ApiListener::ApiListener(const HttpLimits &limits, QObject *parent) : QTcpServer(parent), m_limits(limits) {}

void ApiListener::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    // Answers and events are small writes: without this, one written while the client has not yet acknowledged
    // the previous waits for its delayed acknowledgement (up to 40 ms).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_open >= m_limits.maxConnections) {
        // Over the limit: a short answer and no server resources. Nothing is read from this socket.
        if (!m_tls)
            socket->write(HttpResponse::error(503, "too_many_connections",
                                              QStringLiteral("the server has %1 connections open; try again later")
                                                  .arg(m_open))
                              .serialize(true));
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    // The guard watches the bytes first, before the server connects to them.
    new RequestGuard(socket, m_limits);
    if (!m_tls) {
        // QTcpServer announces it (newConnection) once this returns.
        addPendingConnection(socket);
        return;
    }
    auto *tls = static_cast<QSslSocket *>(socket);
    tls->setSslConfiguration(*m_tls);
    connect(tls, &QSslSocket::encrypted, this, [this, tls] {
        tls->setProperty("jobdeck.admitted", true);
        addPendingConnection(tls); // announces it to the HTTP server
    });
    connect(tls, &QSslSocket::sslErrors, tls, [tls] { tls->disconnectFromHost(); });
    connect(tls, &QAbstractSocket::errorOccurred, tls, [tls] { tls->abort(); });
    connect(tls, &QTcpSocket::disconnected, tls, [tls] {
        // Not yet handed to the server: it is ours to delete.
        if (!tls->property("jobdeck.admitted").toBool())
            tls->deleteLater();
    });
    tls->startServerEncryption();
}

} // namespace jobdeck
