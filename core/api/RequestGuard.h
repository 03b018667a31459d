#pragma once

#include "HttpLimits.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace jobdeck {

// Watches the bytes of one connection before the HTTP parser reads them and stops what would cost the server
// without bound: a body over the limit (413), a head over the limit (431), a chunked body whose size is not
// known in advance (411), a request that trickles in too slowly (408), and a connection idle too long. It
// follows the framing of HTTP/1.1 (head, then Content-Length bytes), so kept-alive connections are watched
// request by request. A child of its socket. Main thread only.
class RequestGuard final : public QObject {
    Q_OBJECT
public:
    // Must be called before anything else connects to the socket's readyRead, so it sees each byte first.
    RequestGuard(QTcpSocket *socket, const HttpLimits &limits);

    static RequestGuard *of(QTcpSocket *socket);
    // The reply to one complete request has been written: the connection may go idle again.
    void answered();

private:
    enum class Phase { Head, Body };

    void inspect();
    // Consumes what `bytes` holds for the current request; false if it refused the request.
    bool follow(const char *data, qint64 size);
    bool headComplete();
    void requestComplete();
    void refuse(int status, const QByteArray &code, const QString &message);
    // After a refused body: reads and drops what the client still sends of it.
    void discard();
    void armTimers();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    Phase m_phase = Phase::Head;
    QByteArray m_head;        // the current request's head so far
    qint64 m_bodyLeft = 0;    // bytes of the current body still to come
    qint64 m_seen = 0;        // bytes of the socket's stream already followed
    int m_pending = 0;        // complete requests not yet answered
    bool m_refused = false;
    qint64 m_discardLeft = 0; // bytes of a refused body to read and drop before closing
    QTimer m_requestTimer;    // runs while a request is incomplete
    QTimer m_idleTimer;       // runs while nothing is incomplete or pending
};

} // namespace jobdeck
