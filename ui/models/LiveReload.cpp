#include "LiveReload.h"

namespace jobdeck {

LiveReload::LiveReload(int delayMs, std::function<void()> read, QObject *parent) : QObject(parent), m_read(std::move(read))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(delayMs);
    connect(&m_timer, &QTimer::timeout, this, &LiveReload::now);
}

void LiveReload::soon()
{
    if (!m_live) {
        m_stale = true;
        return;
    }
    if (!m_timer.isActive())
        m_timer.start();
}

void LiveReload::now()
{
    m_timer.stop();
    if (m_reading) {
        m_stale = true; // the read under way may have missed this change
        return;
    }
    m_reading = true;
    m_stale = false;
    m_read();
}

void LiveReload::finished()
{
    m_reading = false;
    if (m_stale && m_live)
        soon();
}

void LiveReload::setLive(bool live)
{
    m_live = live;
    if (live && m_stale)
        now();
}

} // namespace jobdeck
