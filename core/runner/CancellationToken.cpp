#include "CancellationToken.h"


namespace jobdeck {

void CancellationToken::cancel(CancelReason reason)
{
    int expected = int(CancelReason::None);
    // The first reason wins: a job cancelled by a user and then by shutdown was cancelled by the user.
    if (m_reason.compare_exchange_strong(expected, int(reason))) {
        std::lock_guard lock(m_mutex);
        m_cancelled.notify_all();
    }
}

bool CancellationToken::waitForCancel(qint64 ms)
{
    std::unique_lock lock(m_mutex);
    return m_cancelled.wait_for(lock, std::chrono::milliseconds(ms), [this] { return isCancelled(); });
}

} // namespace jobdeck
