#include "WakeUpListener.h"

#include <cerrno>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jobdeck {

std::unique_ptr<WakeUpListener> WakeUpListener::start(int socket, std::function<void()> onWake)
{
    const int stop = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stop < 0) {
        ::close(socket);
        return nullptr;
    }
    std::unique_ptr<WakeUpListener> listener(new WakeUpListener(socket, stop, std::move(onWake)));
    listener->QThread::start();
    return listener;
}

WakeUpListener::WakeUpListener(int socket, int stop, std::function<void()> onWake)
    : m_socket(socket), m_stop(stop), m_onWake(std::move(onWake))
{
    setObjectName(QStringLiteral("jobdeck-wake"));
}

WakeUpListener::~WakeUpListener()
{
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_stop, &one, sizeof one);
    wait();
    ::close(m_socket);
    ::close(m_stop);
}

void WakeUpListener::run()
{
    pollfd fds[2] = {{m_socket, POLLIN, 0}, {m_stop, POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return; // the writer's poll still notices other processes, only later
        }
        if (fds[1].revents != 0 || (fds[0].revents & (POLLHUP | POLLNVAL)) != 0)
            return;
        // A burst of commits is one look at the database, not one per datagram.
        char byte;
        bool arrived = false;
        while (::recv(m_socket, &byte, sizeof byte, MSG_DONTWAIT) >= 0)
            arrived = true;
        if (arrived)
            m_onWake();
    }
}

} // namespace jobdeck
