#pragma once

#include "HttpResponse.h"

#include <QPointer>
#include <QTcpSocket>
#include <memory>

namespace jobdeck {

// The way back to the client of one request. Copies share it; the first send() answers and the rest are
// ignored, so a reply raced by a timeout cannot answer twice. If the client has gone, sending does nothing.
// Main thread only (the thread of the server's sockets).
class ApiReply {
public:
    ApiReply(QTcpSocket *socket, bool closeAfter);

    void send(const HttpResponse &response) const;
    bool isSent() const { return m_state->sent; }
    // Whether the client is still there to be answered.
    bool isConnected() const;

private:
    struct State {
        QPointer<QTcpSocket> socket;
        bool closeAfter = false;
        bool sent = false;
    };
    std::shared_ptr<State> m_state;
};

} // namespace jobdeck
