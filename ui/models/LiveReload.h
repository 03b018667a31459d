#pragma once

#include <QObject>
#include <QTimer>
#include <functional>

namespace jobdeck {

// When a live list reads its rows again: a change asks for a read soon, so a burst of changes costs one read; one
// read runs at a time, and another follows it if changes came meanwhile; while the list is not live (its page is
// hidden) a change only marks it stale, and it reads once it is live again. Main thread only.
class LiveReload final : public QObject {
    Q_OBJECT
public:
    // `read` starts a read; its owner calls finished() once the read's result or failure has arrived.
    LiveReload(int delayMs, std::function<void()> read, QObject *parent);

    void soon();
    void now();
    void finished();
    void setLive(bool live);

private:
    std::function<void()> m_read;
    QTimer m_timer;
    bool m_live = true;
    bool m_stale = false;
    bool m_reading = false;
};

} // namespace jobdeck
