#include "PostgresListener.h"

#include "PostgresConnection.h"
#include "PostgresWriter.h"
#include "storage/StoreError.h"

#include <algorithm>
#include <memory>
#include <poll.h>

namespace jobdeck {

namespace {
// How often the thread looks up from its wait to see whether it should stop.
constexpr int kStopCheckMs = 200;
constexpr int kFirstRetryMs = 100;
constexpr int kLongestRetryMs = 5'000;
} // namespace

PostgresListener::PostgresListener(PostgresUrl url, std::function<int()> ownServerPid, std::function<void()> heard)
    : m_url(std::move(url)), m_ownServerPid(std::move(ownServerPid)), m_heard(std::move(heard))
{
    setObjectName(QStringLiteral("jobdeck-pg-listener"));
}

PostgresListener::~PostgresListener()
{
    stop();
}

void PostgresListener::stop()
{
    m_stopping = true;
    wait();
}

void PostgresListener::run()
{
    int retryMs = kFirstRetryMs;
    bool connectedBefore = false;
    while (!m_stopping) {
        std::unique_ptr<PostgresConnection> connection;
        try {
            connection = std::make_unique<PostgresConnection>(m_url);
            connection->exec(QStringLiteral("LISTEN %1").arg(QLatin1String(PostgresWriter::kChannel)));
            retryMs = kFirstRetryMs;
            m_lost = false;
            if (connectedBefore)
                m_heard();
            connectedBefore = true;
            while (!m_stopping) {
                pollfd fd{connection->socket(), POLLIN, 0};
                if (::poll(&fd, 1, kStopCheckMs) <= 0)
                    continue;
                const auto notifications = connection->takeNotifications();
                const int own = m_ownServerPid();
                if (std::any_of(notifications.begin(), notifications.end(),
                                [own](const PostgresConnection::Notification &n) { return n.senderPid != own; }))
                    m_heard();
            }
        } catch (const StoreError &) {
            // The server restarted or the network dropped: listen again once it is back.
            m_lost = true;
        }
        for (int waited = 0; waited < retryMs && !m_stopping; waited += kStopCheckMs)
            QThread::msleep(ulong(std::min(kStopCheckMs, retryMs - waited)));
        retryMs = std::min(retryMs * 2, kLongestRetryMs);
    }
}

} // namespace jobdeck
