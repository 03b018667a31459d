#pragma once

#include "storage/ScheduleReader.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"
#include "storage/WatchReader.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>

namespace jobdeck {

class JobStore;

// Runs slower reads (the window's history pages, counts and health; the HTTP API's pages) on a thread with a store
// reader of its own, so the main thread never waits for the database. Reads run one after the other, in the order
// asked; each result comes back on the main thread to its receiver, and is dropped if the receiver is gone by
// then. Main thread API.
class ReadThread final : public QObject {
    Q_OBJECT
public:
    explicit ReadThread(JobStore &store, QObject *parent = nullptr);
    ~ReadThread() override; // finishes the read in progress

    template <typename T>
    void read(QObject *receiver, std::function<T(StoreReader &)> work, std::function<void(const T &)> done,
              std::function<void(const QString &)> failed = {})
    {
        QPointer<QObject> target(receiver);
        auto fail = [this, target, failed](const QString &message) {
            deliver([target, failed, message] {
                if (target && failed)
                    failed(message);
            });
        };
        post(
            [this, target, fail, work = std::move(work), done = std::move(done)](StoreReader &reader) {
                try {
                    T result = work(reader);
                    deliver([target, done, result = std::move(result)] {
                        if (target)
                            done(result);
                    });
                } catch (const StoreError &e) {
                    fail(e.message());
                }
            },
            fail);
    }

    // The same for reads of schedules, calendars and occurrences, with a schedule reader of the read thread.
    template <typename T>
    void readSchedules(QObject *receiver, std::function<T(ScheduleReader &)> work, std::function<void(const T &)> done,
                       std::function<void(const QString &)> failed = {})
    {
        read<T>(receiver, [this, work = std::move(work)](StoreReader &) { return work(scheduleReader()); },
                std::move(done), std::move(failed));
    }

    // The same for reads of watched folders and their files.
    template <typename T>
    void readWatches(QObject *receiver, std::function<T(WatchReader &)> work, std::function<void(const T &)> done,
                     std::function<void(const QString &)> failed = {})
    {
        read<T>(receiver, [this, work = std::move(work)](StoreReader &) { return work(watchReader()); },
                std::move(done), std::move(failed));
    }

private:
    // Read thread only: opened on first use (throws StoreError when it cannot be).
    ScheduleReader &scheduleReader();
    WatchReader &watchReader();
    void post(std::function<void(StoreReader &)> job, std::function<void(const QString &)> failed);
    void deliver(std::function<void()> onMainThread);
    // Every hand-over between the two threads also goes through this counter, released by the side that hands
    // over and acquired by the side that takes: Qt's queues order them, but inside Qt's own library, where
    // ThreadSanitizer does not look.
    void handOver() { m_handOvers.fetch_add(1, std::memory_order_release); }
    void takeOver() const { [[maybe_unused]] const quint64 seen = m_handOvers.load(std::memory_order_acquire); }

    JobStore &m_store;
    QThread m_thread;
    QObject *m_worker = nullptr;           // lives on m_thread
    std::unique_ptr<StoreReader> m_reader; // used and destroyed on m_thread
    std::unique_ptr<ScheduleReader> m_scheduleReader; // the same
    std::unique_ptr<WatchReader> m_watchReader;       // the same
    std::atomic<quint64> m_handOvers{0};
};

} // namespace jobdeck
