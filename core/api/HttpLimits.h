#pragma once

#include <QtGlobal>

namespace jobdeck {

// What the HTTP API accepts from one client before it refuses: a hostile or broken client costs bounded memory
// and a bounded number of sockets.
struct HttpLimits {
    qint64 maxBodyBytes = 1 << 20;      // a larger body is answered 413
    qint64 maxHeaderBytes = 64 << 10;   // a larger request head is answered 431
    int maxConnections = 64;            // one more is answered 503 and closed
    int requestTimeoutMs = 10'000;      // a request begun but not complete by then is answered 408 and closed
    int idleTimeoutMs = 60'000;         // a kept-alive connection with nothing to say is closed
};

} // namespace jobdeck
