#include "CoreTestSupport.h"
#include "storage/sqlite/WakeUpChannel.h"

#include <QtTest>
#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Far longer than any wait below: a callback within the wait cannot have come from the poll.
constexpr int kNoPollMs = 600'000;
constexpr int kWaitMs = 5'000;

SqliteStore::Options withoutPoll()
{
    SqliteStore::Options options;
    options.externalPollMs = kNoPollMs;
    options.wakeUpPollMs = kNoPollMs;
    return options;
}

// Binds `name` the way another process's listener would; -1 if it is taken. Async-signal-safe.
int bindName(const QByteArray &name)
{
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address),
               socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size()))) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

QByteArray slotName(const QString &path, int slot)
{
    return WakeUpChannel::slotName(WakeUpChannel::keyOf(path), slot);
}

// A slot held by this test; released even when a check fails, so a later test's file cannot meet it.
struct HeldSlot {
    int fd;
    HeldSlot(const QString &path, int slot) : fd(bindName(slotName(path, slot))) {}
    ~HeldSlot()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

bool slotTaken(const QString &path, int slot)
{
    return HeldSlot(path, slot).fd < 0;
}

// A child process that holds one slot until it is killed; killed at the latest when this goes.
struct SlotHoldingChild {
    pid_t pid = -1;
    bool bound = false;

    explicit SlotHoldingChild(const QByteArray &name)
    {
        int ready[2];
        if (::pipe(ready) != 0)
            return;
        pid = ::fork();
        if (pid == 0) {
            // Only async-signal-safe calls here: bind, say whether it worked, and wait to be killed.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            const char byte = bindName(name) >= 0 ? 1 : 0;
            [[maybe_unused]] const ssize_t written = ::write(ready[1], &byte, 1);
            for (;;)
                ::pause();
        }
        ::close(ready[1]);
        char byte = 0;
        bound = pid > 0 && ::read(ready[0], &byte, 1) == 1 && byte == 1;
        ::close(ready[0]);
    }
    // True once the child is gone.
    bool kill()
    {
        if (pid <= 0)
            return false;
        ::kill(pid, SIGKILL);
        int status = 0;
        const bool reaped = ::waitpid(pid, &status, 0) == pid;
        pid = -1;
        return reaped;
    }
    ~SlotHoldingChild() { kill(); }
};

qint64 enqueueOne(SqliteStore &store)
{
    const BatchResult r = store.apply({EnqueueJob{makeSpec(QStringLiteral("noop")), 1}});
    return r.ok && !r.results.empty() ? r.results.front().jobId : 0;
}

} // namespace

// Other processes' commits reach a store's external-change callback at once, by datagram, not by the poll.
class WakeUpTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { qunsetenv("JOBDECK_NO_WAKEUP"); }

    void anotherWritersCommitWakesTheCallbackWithoutWaitingForThePoll()
    {
        TempStore t;
        t.close();
        auto served = SqliteStore::open(t.path, withoutPoll());
        std::atomic<int> changes{0};
        served->setExternalChangeCallback([&changes] { ++changes; });
        served->flush(); // its writer has read where the database stands: only later commits are news
        auto other = SqliteStore::open(t.path); // a second store on the file: another process, as far as wake-ups go

        QVERIFY(enqueueOne(*served) > 0); // its own commit is no external change
        QVERIFY(enqueueOne(*other) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(changes.load(), 1, kWaitMs);
        QVERIFY(enqueueOne(*other) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(changes.load(), 2, kWaitMs);
        QVERIFY(enqueueOne(*served) > 0);
        served->flush();
        QCOMPARE(changes.load(), 2);
        served->setExternalChangeCallback({});
    }

    void everyServingStoreIsWokenEachInASlotOfItsOwn()
    {
        TempStore t;
        t.close();
        auto first = SqliteStore::open(t.path, withoutPoll());
        auto second = SqliteStore::open(t.path, withoutPoll());
        std::atomic<int> firstChanges{0};
        std::atomic<int> secondChanges{0};
        first->setExternalChangeCallback([&firstChanges] { ++firstChanges; });
        first->flush(); // its writer has read where the database stands: only later commits are news
        second->setExternalChangeCallback([&secondChanges] { ++secondChanges; });
        second->flush(); // its writer has read where the database stands: only later commits are news
        QVERIFY(slotTaken(t.path, 0));
        QVERIFY(slotTaken(t.path, 1));

        QVERIFY(enqueueOne(*first) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(secondChanges.load(), 1, kWaitMs);
        QVERIFY(enqueueOne(*second) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(firstChanges.load(), 1, kWaitMs);
        QCOMPARE(secondChanges.load(), 1);
        first->setExternalChangeCallback({});
        second->setExternalChangeCallback({});
    }

    void aListenerThatNeverReadsNeitherBlocksNorFailsCommits()
    {
        TempStore t;
        t.close();
        // A hung process in slot 0: its queue fills after a few datagrams, and sends to it would block.
        const HeldSlot hung(t.path, 0);
        QVERIFY(hung.fd >= 0);
        auto served = SqliteStore::open(t.path, withoutPoll());
        std::atomic<int> changes{0};
        served->setExternalChangeCallback([&changes] { ++changes; });
        served->flush(); // its writer has read where the database stands: only later commits are news
        auto other = SqliteStore::open(t.path);

        for (int i = 0; i < 200; ++i)
            QVERIFY(enqueueOne(*other) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(changes.load() >= 1, kWaitMs);
        const int before = changes.load();
        QVERIFY(enqueueOne(*other) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(changes.load() > before, kWaitMs);
        served->setExternalChangeCallback({});
    }

    void aDeadProcesssSlotIsFreeAndCommitsGoOn()
    {
        TempStore t;
        t.close();
        SlotHoldingChild child(slotName(t.path, 0));
        QVERIFY(child.bound);
        QVERIFY(slotTaken(t.path, 0));
        QVERIFY(child.kill());

        // The dead process left nothing behind: the slot is free, and the next listener takes it.
        auto served = SqliteStore::open(t.path, withoutPoll());
        std::atomic<int> changes{0};
        served->setExternalChangeCallback([&changes] { ++changes; });
        served->flush(); // its writer has read where the database stands: only later commits are news
        QVERIFY(slotTaken(t.path, 0));
        QVERIFY(!slotTaken(t.path, 1));
        auto other = SqliteStore::open(t.path);
        QVERIFY(enqueueOne(*other) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(changes.load(), 1, kWaitMs);
        served->setExternalChangeCallback({});
    }

    void aCommitThatAnnouncesNothingIsStillFoundByThePoll()
    {
        TempStore t;
        t.close();
        SqliteStore::Options options;
        options.wakeUpPollMs = 100;
        auto served = SqliteStore::open(t.path, options);
        std::atomic<int> changes{0};
        served->setExternalChangeCallback([&changes] { ++changes; });
        served->flush(); // its writer has read where the database stands: only later commits are news
        QVERIFY(slotTaken(t.path, 0));
        // Another program (or a datagram lost): only data_version tells.
        qputenv("JOBDECK_NO_WAKEUP", "1");
        auto silent = SqliteStore::open(t.path);
        qunsetenv("JOBDECK_NO_WAKEUP");
        QVERIFY(enqueueOne(*silent) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(changes.load(), 1, kWaitMs);
        served->setExternalChangeCallback({});
    }

    void turnedOffByEnvironmentAStoreNeitherListensNorIsWoken()
    {
        TempStore t;
        t.close();
        qputenv("JOBDECK_NO_WAKEUP", "1");
        auto served = SqliteStore::open(t.path, withoutPoll());
        qunsetenv("JOBDECK_NO_WAKEUP");
        served->setExternalChangeCallback([] {});
        QVERIFY(!slotTaken(t.path, 0));
        served->setExternalChangeCallback({});
    }
};

QTEST_GUILESS_MAIN(WakeUpTest)
#include "tst_wakeup.moc"
