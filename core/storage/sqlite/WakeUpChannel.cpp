#include "WakeUpChannel.h"

#include "WakeUpListener.h"

#include <QFile>
#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#endif

namespace jobdeck {

namespace {

#ifdef Q_OS_LINUX
socklen_t addressOf(const QByteArray &name, sockaddr_un &address)
{
    std::memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    const size_t length = std::min(size_t(name.size()), sizeof address.sun_path);
    std::memcpy(address.sun_path, name.constData(), length);
    // An abstract name is exactly this long: no terminating NUL, and trailing zeros would be part of it.
    return socklen_t(offsetof(sockaddr_un, sun_path) + length);
}
#endif

} // namespace

QByteArray WakeUpChannel::keyOf(const QString &databasePath)
{
#ifdef Q_OS_LINUX
    struct stat info {};
    if (::stat(QFile::encodeName(databasePath).constData(), &info) != 0)
        return {};
    return QByteArray::number(quint64(info.st_dev), 16) + ':' + QByteArray::number(quint64(info.st_ino), 16);
#else
    Q_UNUSED(databasePath);
    return {};
#endif
}

QByteArray WakeUpChannel::slotName(const QByteArray &key, int slot)
{
    return QByteArray(1, '\0') + "jobdeck-wake:" + key + ':' + QByteArray::number(slot);
}

std::unique_ptr<WakeUpChannel> WakeUpChannel::open(const QString &databasePath)
{
#ifdef Q_OS_LINUX
    if (!qEnvironmentVariableIsEmpty("JOBDECK_NO_WAKEUP"))
        return nullptr;
    const QByteArray key = keyOf(databasePath);
    if (key.isEmpty())
        return nullptr;
    // Close-on-exec: a job's child process must never hold a slot after its runner is gone.
    const int sender = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (sender < 0)
        return nullptr;
    return std::unique_ptr<WakeUpChannel>(new WakeUpChannel(key, sender));
#else
    Q_UNUSED(databasePath);
    return nullptr;
#endif
}

WakeUpChannel::WakeUpChannel(const QByteArray &key, int sender) : m_sender(sender)
{
    for (int slot = 0; slot < kSlots; ++slot)
        m_slotNames.push_back(slotName(key, slot));
}

WakeUpChannel::~WakeUpChannel()
{
    m_listener.reset();
#ifdef Q_OS_LINUX
    ::close(m_sender);
#endif
}

void WakeUpChannel::announce()
{
#ifdef Q_OS_LINUX
    const int own = m_ownSlot.load(std::memory_order_relaxed);
    const char byte = 1;
    for (int slot = 0; slot < kSlots; ++slot) {
        if (slot == own)
            continue;
        sockaddr_un address;
        const socklen_t length = addressOf(m_slotNames[size_t(slot)], address);
        // Refused (a free slot) or would block (a listener that stopped reading): nothing to do either way.
        ::sendto(m_sender, &byte, 1, MSG_DONTWAIT | MSG_NOSIGNAL, reinterpret_cast<const sockaddr *>(&address), length);
    }
#endif
}

bool WakeUpChannel::listen(std::function<void()> onWake)
{
#ifdef Q_OS_LINUX
    if (m_listener)
        return true;
    const int socket = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (socket < 0)
        return false;
    for (int slot = 0; slot < kSlots; ++slot) {
        sockaddr_un address;
        const socklen_t length = addressOf(m_slotNames[size_t(slot)], address);
        if (::bind(socket, reinterpret_cast<const sockaddr *>(&address), length) != 0)
            continue; // taken by another process (EADDRINUSE)
        m_listener = WakeUpListener::start(socket, std::move(onWake));
        if (!m_listener)
            return false;
        m_ownSlot = slot;
        return true;
    }
    ::close(socket);
    return false;
#else
    Q_UNUSED(onWake);
    return false;
#endif
}

} // namespace jobdeck
