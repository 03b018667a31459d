#pragma once

#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace jobdeck {

// Restart: a continuous job whose definition changed or went away is stopped, to start again as it now is.
// LeaseLost: the job's lease had lapsed when its attempt was to open; the job may be another runner's now.
enum class CancelReason { None, User, Timeout, Shutdown, Restart, LeaseLost };

// Cooperative cancellation: the runner sets it, the handler polls it or sleeps on it. Thread-safe.
class CancellationToken {
public:
    void cancel(CancelReason reason);
    CancelReason reason() const { return CancelReason(m_reason.load()); }
    bool isCancelled() const { return m_reason.load() != int(CancelReason::None); }
    // Sleeps up to `ms`; returns early (true) when cancelled.
    bool waitForCancel(qint64 ms);

private:
    std::atomic<int> m_reason{int(CancelReason::None)};
    // Standard ones rather than Qt's: ThreadSanitizer sees their waits, which Qt's library (not built for it) hides.
    std::mutex m_mutex;
    std::condition_variable m_cancelled;
};

} // namespace jobdeck
