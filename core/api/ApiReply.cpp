#include "ApiReply.h"

#include "RequestGuard.h"

namespace jobdeck {

ApiReply::ApiReply(QTcpSocket *socket, bool closeAfter) : m_state(std::make_shared<State>())
{
    m_state->socket = socket;
    m_state->closeAfter = closeAfter;
}

void ApiReply::send(const HttpResponse &response) const
{
    if (m_state->sent)
        return;
    m_state->sent = true;
    QTcpSocket *socket = m_state->socket.data();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    socket->write(response.serialize(m_state->closeAfter));
    if (RequestGuard *guard = RequestGuard::of(socket))
        guard->answered();
    if (m_state->closeAfter)
        socket->disconnectFromHost();
}

bool ApiReply::isConnected() const
{
    return m_state->socket && m_state->socket->state() == QAbstractSocket::ConnectedState;
}

} // namespace jobdeck
