#include "DirectoryNotifier.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/inotify.h>
#include <unistd.h>

namespace jobdeck {

DirectoryNotifier::DirectoryNotifier(QObject *parent) : QObject(parent)
{
    m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &DirectoryNotifier::readEvents);
}

DirectoryNotifier::~DirectoryNotifier()
{
    m_notifier.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

bool DirectoryNotifier::addDirectory(const QString &dir, QString *error)
{
    if (m_fd < 0) {
        if (error)
            *error = QStringLiteral("inotify is not available");
        return false;
    }
    const uint32_t mask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE
        | IN_ONLYDIR | IN_EXCL_UNLINK;
    const int wd = inotify_add_watch(m_fd, QFile::encodeName(dir).constData(), mask);
    if (wd < 0) {
        if (error)
            *error = QStringLiteral("cannot watch %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_dirs.insert(wd, dir);
    return true;
}

void DirectoryNotifier::readEvents()
{
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            return; // EAGAIN: drained
        for (ssize_t at = 0; at < n;) {
            const auto *e = reinterpret_cast<const inotify_event *>(buffer + at);
            at += ssize_t(sizeof(inotify_event) + e->len);
            if (e->mask & IN_Q_OVERFLOW) {
                Q_EMIT overflowed();
                continue;
            }
            if (e->mask & IN_IGNORED) {
                m_dirs.remove(e->wd);
                continue;
            }
            const auto dir = m_dirs.constFind(e->wd);
            if (dir == m_dirs.constEnd() || e->len == 0)
                continue;
            const QString path = *dir + u'/' + QFile::decodeName(e->name);
            if (e->mask & IN_ISDIR) {
                if (e->mask & (IN_CREATE | IN_MOVED_TO))
                    Q_EMIT directoryCreated(path);
            } else if (e->mask & (IN_DELETE | IN_MOVED_FROM)) {
                Q_EMIT fileRemoved(path);
            } else {
                Q_EMIT fileChanged(path);
            }
        }
    }
}

} // namespace jobdeck
