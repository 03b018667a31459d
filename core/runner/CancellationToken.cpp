#include "CancellationToken.h"

#include <QDeadlineTimer>

namespace jobdeck {

void CancellationToken::cancel(CancelReason reason)
{
    int expected = int(CancelReason::None);
    // The first reason wins: a job cancelled by a user and then by shutdown was cancelled by the user.
    if (m_reason.compare_exchange_strong(expected, int(reason))) {
        QMutexLocker lock(&m_mutex);
        m_cancelled.wakeAll();
    }
}

bool CancellationToken::waitForCancel(qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    QDeadlineTimer deadline(ms);
    while (!isCancelled()) {
        if (!m_cancelled.wait(&m_mutex, deadline))
            return isCancelled();
    }
    return true;
}

} // namespace jobdeck
