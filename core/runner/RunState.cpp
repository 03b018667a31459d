#include "RunState.h"

#include <algorithm>
#include <utility>

namespace jobdeck {

void RunState::setProgress(double fraction, const QString &text)
{
    QMutexLocker lock(&m_mutex);
    m_fraction = std::clamp(fraction, 0.0, 1.0);
    m_text = text;
    m_dirty = true;
}

bool RunState::takeProgress(double &fraction, QString &text)
{
    QMutexLocker lock(&m_mutex);
    if (!m_dirty)
        return false;
    m_dirty = false;
    fraction = m_fraction;
    text = m_text;
    return true;
}

double RunState::progress() const
{
    QMutexLocker lock(&m_mutex);
    return m_fraction;
}

QString RunState::progressText() const
{
    QMutexLocker lock(&m_mutex);
    return m_text;
}

void RunState::relayLog(const LogLine &line)
{
    QMutexLocker lock(&m_mutex);
    if (m_logs.size() < kRelayedLogLines)
        m_logs.append(line);
    else
        ++m_droppedLogs;
}

QList<LogLine> RunState::takeLogs(int *dropped)
{
    QMutexLocker lock(&m_mutex);
    *dropped = std::exchange(m_droppedLogs, 0);
    return std::exchange(m_logs, {});
}

} // namespace jobdeck
