#include "RequestGuard.h"

#include "HttpResponse.h"

#include <QTcpSocket>

namespace jobdeck {

namespace {
constexpr qint64 kMaxDiscardBytes = 64 << 20;
constexpr int kLingerMs = 2000; // after a refused body: how long the client gets to close first
}

RequestGuard::RequestGuard(QTcpSocket *socket, const HttpLimits &limits) : QObject(socket), m_socket(socket), m_limits(limits)
{
    setObjectName(QStringLiteral("jobdeck.requestGuard"));
    m_requestTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    connect(&m_requestTimer, &QTimer::timeout, this, [this] {
        refuse(408, "request_timeout", QStringLiteral("the request did not arrive in %1 ms").arg(m_limits.requestTimeoutMs));
    });
    connect(&m_idleTimer, &QTimer::timeout, m_socket, [this] { m_socket->disconnectFromHost(); });
    connect(m_socket, &QTcpSocket::readyRead, this, &RequestGuard::inspect);
    armTimers();
}

RequestGuard *RequestGuard::of(QTcpSocket *socket)
{
    return socket->findChild<RequestGuard *>(QStringLiteral("jobdeck.requestGuard"), Qt::FindDirectChildrenOnly);
}

void RequestGuard::answered()
{
    if (m_pending > 0)
        --m_pending;
    armTimers();
}

void RequestGuard::inspect()
{
    if (m_refused)
        return;
    // The HTTP server reads everything it is given at each readyRead, so what is unread now is what just came.
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    follow(fresh.constData(), fresh.size());
    if (!m_refused)
        armTimers();
}

bool RequestGuard::follow(const char *data, qint64 size)
{
    qint64 at = 0;
    while (at < size) {
        if (m_phase == Phase::Body) {
            const qint64 take = std::min(m_bodyLeft, size - at);
            m_bodyLeft -= take;
            at += take;
            if (m_bodyLeft == 0)
                requestComplete();
            continue;
        }
        // The head: up to the blank line. Blank lines before a request are allowed.
        if (m_head.isEmpty() && (data[at] == '\r' || data[at] == '\n')) {
            ++at;
            continue;
        }
        const qint64 before = m_head.size();
        m_head.append(data + at, size - at);
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes) {
                refuse(431, "head_too_large", QStringLiteral("the request's head is over %1 KiB").arg(m_limits.maxHeaderBytes / 1024));
                return false;
            }
            return true;
        }
        at += end + 4 - before;
        m_head.truncate(end + 2);
        if (!headComplete())
            return false;
        if (m_refused)
            return false;
    }
    return true;
}

bool RequestGuard::headComplete()
{
    if (m_head.size() > m_limits.maxHeaderBytes) {
        refuse(431, "head_too_large", QStringLiteral("the request's head is over %1 KiB").arg(m_limits.maxHeaderBytes / 1024));
        return false;
    }
    qint64 length = 0;
    bool upgrade = false;
    const QList<QByteArray> lines = m_head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0) {
                refuse(400, "bad_content_length", QStringLiteral("Content-Length is not a number"));
                return false;
            }
            length = n;
        } else if (name == "transfer-encoding" && value.toLower() != "identity") {
            refuse(411, "length_required", QStringLiteral("send the body with a Content-Length, not chunked"));
            return false;
        } else if (name == "upgrade" && value.toLower() == "websocket") {
            upgrade = true;
        }
    }
    if (length > m_limits.maxBodyBytes) {
        // Clients send the whole body before they read an answer: what has come of it is read and dropped, up to a
        // bound, so the client sees the 413 rather than a connection reset.
        m_discardLeft = std::min(length, kMaxDiscardBytes);
        refuse(413, "body_too_large", QStringLiteral("the body is over %1 KiB").arg(m_limits.maxBodyBytes / 1024));
        return false;
    }
    m_head.clear();
    if (upgrade) {
        // The connection becomes a WebSocket, which watches its own frames: the guard's work is done.
        m_requestTimer.stop();
        m_idleTimer.stop();
        m_refused = true; // sees no more bytes
        disconnect(m_socket, nullptr, this, nullptr);
        deleteLater();
        return true;
    }
    m_bodyLeft = length;
    m_phase = Phase::Body;
    if (m_bodyLeft == 0)
        requestComplete();
    return true;
}

void RequestGuard::requestComplete()
{
    m_phase = Phase::Head;
    ++m_pending;
}

void RequestGuard::refuse(int status, const QByteArray &code, const QString &message)
{
    m_refused = true;
    m_requestTimer.stop();
    m_idleTimer.stop();
    // The HTTP server must not parse what is refused: it hears nothing more from this socket.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    m_socket->write(HttpResponse::error(status, code, message).serialize(true));
    if (m_discardLeft <= 0) {
        m_socket->disconnectFromHost();
        return;
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &RequestGuard::discard);
    m_requestTimer.disconnect();
    connect(&m_requestTimer, &QTimer::timeout, m_socket, [this] {
        if (m_discardLeft > 0)
            m_socket->abort(); // the body never came in time
        else
            m_socket->disconnectFromHost(); // the client kept the connection open after its answer
    });
    m_requestTimer.start(m_limits.requestTimeoutMs);
    discard();
}

void RequestGuard::discard()
{
    // Within a transaction the server opened, read data is kept for a rollback; end it so the bytes go.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    const bool wasLeft = m_discardLeft > 0;
    m_discardLeft -= m_socket->skip(m_socket->bytesAvailable());
    if (wasLeft && m_discardLeft <= 0) {
        // A lingering close: the client, done sending, reads the answer and closes (the answer says so). Closing
        // first could reach it while it still counts its upload as unfinished, and it would report an error.
        m_requestTimer.start(kLingerMs);
    }
}

void RequestGuard::armTimers()
{
    const bool midRequest = m_phase == Phase::Body || !m_head.isEmpty();
    if (midRequest) {
        if (!m_requestTimer.isActive())
            m_requestTimer.start(m_limits.requestTimeoutMs);
        m_idleTimer.stop();
        return;
    }
    m_requestTimer.stop();
    if (m_pending > 0)
        m_idleTimer.stop();
    else
        m_idleTimer.start(m_limits.idleTimeoutMs);
}

} // namespace jobdeck
