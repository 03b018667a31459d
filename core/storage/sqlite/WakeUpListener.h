#pragma once

#include <QByteArray>
#include <QThread>
#include <functional>
#include <memory>

namespace jobdeck {

// A thread blocked on one bound datagram socket: each arrival (however many datagrams wait) calls `onWake`
// once, on this thread. Stops and closes the socket when destroyed. Created and destroyed on one thread.
class WakeUpListener final : public QThread {
public:
    // Takes ownership of `socket` (bound, non-blocking). Nothing if the stop signal cannot be made.
    static std::unique_ptr<WakeUpListener> start(int socket, std::function<void()> onWake);
    ~WakeUpListener() override;

protected:
    void run() override;

private:
    WakeUpListener(int socket, int stop, std::function<void()> onWake);

    const int m_socket;
    const int m_stop; // an eventfd: poll() wakes for it as for a datagram, so stopping needs no timeout
    const std::function<void()> m_onWake;
};

} // namespace jobdeck
