#pragma once

#include "PostgresUrl.h"

#include <QThread>
#include <atomic>
#include <functional>

namespace jobdeck {

// Hears other processes' commits on PostgreSQL (LISTEN on the writers' channel) and calls `heard` at once, so a
// job enqueued on one machine starts on an idle runner on another without waiting for a poll. Notifications from
// `ownServerPid()` (this process's writer) are left out. When the connection breaks it is opened again with
// backoff, and `heard` is called after each reconnection since a notification may have been missed meanwhile.
class PostgresListener final : public QThread {
public:
    PostgresListener(PostgresUrl url, std::function<int()> ownServerPid, std::function<void()> heard);
    ~PostgresListener() override;

    void stop();
    // Whether the connection broke (or could not be made) and the listener is waiting for the server.
    bool hasLostServer() const { return m_lost.load(); }

protected:
    void run() override;

private:
    const PostgresUrl m_url;
    const std::function<int()> m_ownServerPid;
    const std::function<void()> m_heard;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_lost{false};
};

} // namespace jobdeck
