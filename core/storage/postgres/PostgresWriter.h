#pragma once

#include "PostgresUrl.h"
#include "storage/JobStore.h"

#include <QThread>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace jobdeck {

class PostgresConnection;
class SqliteMutations;

// The one thread of a process that writes to PostgreSQL. Like SQLite's writer it commits every batch submitted
// since its last commit in one transaction (group commit), with the same mutations, whose SQL it translates.
// A transaction takes the database's writer lock first, so the mutations see the same one-writer-at-a-time world
// on PostgreSQL as on SQLite, whichever runner, window or command writes; except the runners' own hot path:
// claims (which skip rows another claim has locked) and their jobs' attempts run side by side, and take the lock
// only where a decision needs it (see SqliteMutations::setSerialize). After a commit that others should
// hear of it sends a NOTIFY. A broken connection is opened again with backoff while the batches wait; nothing is
// dropped unless the server stays away for a minute. Thread-safe API.
class PostgresWriter final : public QThread {
public:
    static constexpr const char *kChannel = "jobdeck_changes";

    explicit PostgresWriter(PostgresUrl url);
    ~PostgresWriter() override;

    void submit(WriteBatch batch, JobStore::Done done);
    void setExternalChangeCallback(std::function<void()> callback);
    // Another process committed (a notification arrived): call the external change callback on this thread.
    void nudge();
    // The server process of the writer's connection, so a listener can tell this writer's notifications apart.
    int serverPid() const { return m_serverPid.load(); }
    // Whether the last attempt to reach the server failed and the writer is waiting to try again.
    bool isDisconnected() const { return m_disconnected.load(); }
    // Stops after committing what was submitted.
    void shutdown();

    struct Request {
        WriteBatch batch;
        JobStore::Done done;
    };

protected:
    void run() override;

private:
    void connect(); // throws StoreError
    void commitGroup(std::deque<Request> &group);
    void tryCommitGroup(std::deque<Request> &group, std::vector<BatchResult> &results);
    BatchResult applyAlone(const Request &request);
    // Returns the transaction's id. Unless `locked`, the writer lock is taken only when a mutation asks for it.
    QByteArray begin(bool durable, bool locked);
    void commit(bool announce, const QByteArray &transaction);
    // What became of the transaction in doubt. Pending: its server process still runs it (it was asked to end);
    // Unknown: the server no longer knows. Throws StoreError.
    enum class Doubt { Committed, NotCommitted, Pending, Unknown };
    Doubt settleInDoubt();
    void callExternalChange();
    // Waits before the next try; false when stopping.
    bool backOff(int &delayMs);

    const PostgresUrl m_url;
    std::unique_ptr<PostgresConnection> m_connection;
    std::unique_ptr<SqliteMutations> m_mutations;
    std::atomic<int> m_serverPid{0};
    std::atomic<bool> m_disconnected{false};
    bool m_locked = false; // the transaction holds the writer lock
    QByteArray m_inDoubt; // the id of a transaction whose COMMIT was sent but not answered
    int m_inDoubtServerPid = 0; // the server process that ran it
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Request> m_pending;
    bool m_stopping = false;
    std::function<void()> m_externalChange;
    std::atomic<bool> m_nudged{false};
};

} // namespace jobdeck
