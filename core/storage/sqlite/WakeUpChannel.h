#pragma once

#include <QByteArray>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace jobdeck {

class WakeUpListener;

// Tells the other processes serving one database, at once, that this process committed a change, so they need
// not wait for their poll of `PRAGMA data_version`.
//
// Each listening process binds one of kSlots datagram sockets in Linux's abstract socket namespace, named after
// the database file's device and inode (the same file by any path, symlink or hard link). Abstract names vanish
// with the last descriptor, so a process that died leaves nothing behind; a hung listener's full queue only makes
// a send fail. After a commit, a writer sends one byte to every slot but its own: a free slot costs a refused send
// of a microsecond or two. A datagram carries no news, only a reason to read `data_version` now, so a lost,
// spurious or foreign one is harmless. Linux only; elsewhere, and with JOBDECK_NO_WAKEUP set, there is no channel.
//
// announce() runs on the writer thread; listen() and destruction on the store's thread.
class WakeUpChannel final {
public:
    static constexpr int kSlots = 16;

    // Nothing when wake-ups are turned off or the file cannot be identified.
    static std::unique_ptr<WakeUpChannel> open(const QString &databasePath);
    ~WakeUpChannel();

    // One byte to every other listener; never blocks, errors are ignored.
    void announce();
    // Binds the first free slot and calls `onWake` (on a thread of its own) for each arrival. False when every
    // slot is taken or the socket cannot be made: the caller then relies on its poll alone. Once only.
    bool listen(std::function<void()> onWake);

    // The abstract socket name of `slot` for the database identified by `key`, leading NUL included.
    static QByteArray slotName(const QByteArray &key, int slot);
    // What names this database's slots: its device and inode. Empty when the file cannot be read.
    static QByteArray keyOf(const QString &databasePath);

private:
    WakeUpChannel(const QByteArray &key, int sender);

    std::vector<QByteArray> m_slotNames;
    const int m_sender;               // unbound, non-blocking
    std::atomic<int> m_ownSlot{-1};   // skipped by announce(): a writer's own commits are not news to it
    std::unique_ptr<WakeUpListener> m_listener;
};

} // namespace jobdeck
