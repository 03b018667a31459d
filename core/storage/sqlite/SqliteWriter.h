#pragma once

#include "SqliteConnection.h"
#include "storage/JobStore.h"

#include <QElapsedTimer>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <deque>

namespace jobdeck {

// The one thread that writes. Takes every batch submitted since its last commit and commits them in one
// transaction (group commit), so a burst of small writes costs one sync to disk. Thread-safe API.
class SqliteWriter final : public QThread {
public:
    SqliteWriter(QString path, Durability durability, int busyTimeoutMs);
    ~SqliteWriter() override;

    void submit(WriteBatch batch, JobStore::Done done);
    void setExternalChangeCallback(std::function<void()> callback, int pollMs);
    // Looks for other processes' changes now instead of at the next poll: one of them said it committed.
    void nudge();
    // Runs on the writer thread after each commit that changed rows. Set before start().
    void setCommitObserver(std::function<void()> observer) { m_committed = std::move(observer); }
    // How often a commit found the database locked by another program and waited.
    int lockWaits() const { return m_lockWaits.load(); }
    // Stops after committing what was submitted.
    void shutdown();

    struct Request {
        WriteBatch batch;
        JobStore::Done done;
    };

protected:
    void run() override;

private:
    void commitGroup(std::deque<Request> &group, class SqliteHandle &connection, class SqliteMutations &mutations);
    void tryCommitGroup(std::deque<Request> &group, class SqliteHandle &connection, class SqliteMutations &mutations,
                        std::vector<BatchResult> &results);
    BatchResult applyAlone(const Request &request, class SqliteHandle &connection, class SqliteMutations &mutations);
    void pollExternalChange(class SqliteHandle &connection);
    static qint64 readDataVersion(class SqliteHandle &connection);
    // With durability full, commits wait for the disk unless they hold nothing a power cut may take (see onlyLeases).
    void syncCommits(class SqliteHandle &connection, bool synced);

    const QString m_path;
    const Durability m_durability;
    const int m_busyTimeoutMs;
    std::atomic<int> m_lockWaits{0};
    // Standard ones rather than Qt's: ThreadSanitizer sees their waits, which Qt's library (not built for it) hides.
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Request> m_pending;
    bool m_stopping = false;
    std::function<void()> m_externalChange;
    std::atomic<int> m_pollMs{50}; // read by the writer outside the lock
    QElapsedTimer m_sincePoll;
    qint64 m_dataVersion = 0; // as this connection last saw it; other processes' commits change it
    std::atomic<bool> m_nudged{false};
    std::function<void()> m_committed;
    bool m_synced = true; // writer thread: whether the connection's commits wait for the disk now
};

} // namespace jobdeck
