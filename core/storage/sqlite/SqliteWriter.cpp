#include "SqliteWriter.h"

#include "SqliteHandle.h"
#include "SqliteMutations.h"
#include "storage/StoreError.h"

#include <QDeadlineTimer>
#include <algorithm>
#include <optional>
#include <sqlite3.h>

namespace jobdeck {

namespace {

constexpr int kLockRetryMs = 250;
constexpr int kLockGiveUpMs = 60'000;

bool onlyLeases(const std::deque<SqliteWriter::Request> &group)
{
    return std::all_of(group.begin(), group.end(), [](const SqliteWriter::Request &r) { return holdsOnlyLeases(r.batch); });
}

} // namespace

SqliteWriter::SqliteWriter(QString path, Durability durability, int busyTimeoutMs)
    : m_path(std::move(path)), m_durability(durability), m_busyTimeoutMs(busyTimeoutMs)
{
    setObjectName(QStringLiteral("jobdeck-writer"));
}

SqliteWriter::~SqliteWriter()
{
    shutdown();
}

void SqliteWriter::submit(WriteBatch batch, JobStore::Done done)
{
    std::unique_lock lock(m_mutex);
    if (m_stopping) {
        lock.unlock();
        if (done) {
            BatchResult failed;
            failed.ok = false;
            failed.error = QStringLiteral("the store is closed");
            failed.errorCode = StoreErrorCode::Closed;
            done(failed);
        }
        return;
    }
    m_pending.push_back({std::move(batch), std::move(done)});
    m_wake.notify_one();
}

void SqliteWriter::setExternalChangeCallback(std::function<void()> callback, int pollMs)
{
    std::lock_guard lock(m_mutex);
    m_externalChange = std::move(callback);
    m_pollMs = pollMs;
    m_wake.notify_one();
}

void SqliteWriter::nudge()
{
    m_nudged = true; // set before the lock: the writer tests it under the lock before it waits
    std::lock_guard lock(m_mutex);
    m_wake.notify_one();
}

void SqliteWriter::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_one();
    }
    wait();
}

void SqliteWriter::run()
{
    std::unique_ptr<SqliteHandle> handle;
    std::unique_ptr<SqliteMutations> mutations;
    std::optional<StoreError> openError;
    try {
        handle = std::make_unique<SqliteHandle>(m_path, m_busyTimeoutMs);
        SqliteHandle &connection = *handle;
        connection.exec("PRAGMA foreign_keys = ON");
        // A statement that fires triggers keeps a statement journal; on disk that is a dozen pwrite calls per
        // enqueued job, more than the job's own rows cost. In memory it is only as big as one statement's pages.
        connection.exec("PRAGMA temp_store = MEMORY");
        m_synced = m_durability == Durability::Full;
        connection.exec(m_synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        mutations = std::make_unique<SqliteMutations>(connection.get());
        // The baseline is taken before any batch runs: a change committed by another process after it is
        // either seen by our first claim or reported by the first poll, never lost between the two.
        m_dataVersion = readDataVersion(connection);
        m_sincePoll.start();
    } catch (const StoreError &e) {
        openError = e;
    }

    for (;;) {
        std::deque<Request> group;
        {
            std::unique_lock lock(m_mutex);
            while (m_pending.empty() && !m_stopping) {
                if (m_externalChange) {
                    if (m_nudged.exchange(false)
                        || m_wake.wait_for(lock, std::chrono::milliseconds(m_pollMs.load())) == std::cv_status::timeout) {
                        lock.unlock();
                        if (mutations)
                            pollExternalChange(*handle);
                        lock.lock();
                    }
                } else {
                    m_wake.wait(lock);
                }
            }
            if (m_pending.empty() && m_stopping)
                break;
            group.swap(m_pending);
        }
        if (!mutations) {
            for (Request &r : group) {
                BatchResult failed;
                failed.ok = false;
                failed.error = openError ? openError->message() : QString();
                failed.errorCode = openError ? openError->code() : StoreErrorCode::Other;
                if (r.done)
                    r.done(failed);
            }
            continue;
        }
        const int changesBefore = sqlite3_total_changes(handle->get());
        commitGroup(group, *handle, *mutations);
        if (m_committed && sqlite3_total_changes(handle->get()) != changesBefore)
            m_committed();
        // A writer that is never idle must still notice other processes' changes (cancels, enqueues).
        if (m_nudged.exchange(false) || m_sincePoll.hasExpired(m_pollMs.load()))
            pollExternalChange(*handle);
    }
    mutations.reset();
}

qint64 SqliteWriter::readDataVersion(SqliteHandle &connection)
{
    return connection.pragmaValue("PRAGMA data_version");
}

void SqliteWriter::pollExternalChange(SqliteHandle &connection)
{
    m_sincePoll.start();
    try {
        const qint64 version = readDataVersion(connection);
        const bool changed = version != m_dataVersion;
        m_dataVersion = version;
        std::function<void()> callback;
        {
            std::lock_guard lock(m_mutex);
            callback = m_externalChange;
        }
        if (changed && callback)
            callback();
    } catch (const StoreError &) {
        // A locked database is transient; the next poll tries again.
    }
}

BatchResult SqliteWriter::applyAlone(const Request &request, SqliteHandle &connection,
                                     SqliteMutations &mutations)
{
    try {
        syncCommits(connection, !holdsOnlyLeases(request.batch));
        connection.exec("BEGIN IMMEDIATE");
        try {
            BatchResult result = std::move(mutations.applyGroup({&request.batch}).front());
            mutations.beforeCommit();
            connection.exec("COMMIT");
            return result;
        } catch (const StoreError &) {
            connection.rollback();
            mutations.rolledBack();
            throw;
        }
    } catch (const StoreError &e) {
        BatchResult failed;
        failed.ok = false;
        failed.error = e.message();
        failed.errorCode = e.code();
        return failed;
    }
}


void SqliteWriter::syncCommits(SqliteHandle &connection, bool synced)
{
    if (m_durability != Durability::Full || synced == m_synced)
        return;
    connection.exec(synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    m_synced = synced;
}

void SqliteWriter::tryCommitGroup(std::deque<Request> &group, SqliteHandle &connection,
                                  SqliteMutations &mutations, std::vector<BatchResult> &results)
{
    results.clear();
    syncCommits(connection, !onlyLeases(group));
    connection.exec("BEGIN IMMEDIATE");
    try {
        std::vector<const WriteBatch *> batches;
        batches.reserve(group.size());
        for (const Request &r : group)
            batches.push_back(&r.batch);
        results = mutations.applyGroup(batches);
        mutations.beforeCommit();
        connection.exec("COMMIT");
    } catch (const StoreError &) {
        connection.rollback();
        mutations.rolledBack();
        throw;
    }
}

void SqliteWriter::commitGroup(std::deque<Request> &group, SqliteHandle &connection,
                               SqliteMutations &mutations)
{
    std::vector<BatchResult> results;
    results.reserve(group.size());
    QDeadlineTimer giveUp(kLockGiveUpMs);
    for (;;) {
        try {
            tryCommitGroup(group, connection, mutations, results);
            break;
        } catch (const StoreError &e) {
            // Another program holding the write lock longer than busy_timeout: worth waiting for, not failing.
            if (e.isLockConflict()) {
                // Finished attempts and claims must not be dropped because someone else held the lock.
                ++m_lockWaits;
                std::unique_lock lock(m_mutex);
                if (!m_stopping && !giveUp.hasExpired()) {
                    m_wake.wait_for(lock, std::chrono::milliseconds(kLockRetryMs));
                    continue;
                }
                // Stopping, or waited long enough: fail the group once instead of batch by batch.
                lock.unlock();
                BatchResult failed;
                failed.ok = false;
                failed.error = e.message();
                failed.errorCode = e.code();
                results.assign(group.size(), failed);
                break;
            }
            // One batch may have failed the whole group: retry each alone so the others still commit.
            results.clear();
            for (const Request &r : group)
                results.push_back(applyAlone(r, connection, mutations));
            break;
        }
    }
    for (size_t i = 0; i < group.size(); ++i) {
        if (group[i].done)
            group[i].done(results[i]);
    }
}

} // namespace jobdeck
