#include "Clock.h"

#include <QDateTime>

namespace jobdeck {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

SystemClock &SystemClock::instance()
{
    static SystemClock s_clock;
    return s_clock;
}

} // namespace jobdeck
