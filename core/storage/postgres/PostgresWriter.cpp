#include "PostgresWriter.h"

#include "PostgresConnection.h"
#include "PostgresStatement.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteMutations.h"

#include <QDeadlineTimer>
#include <algorithm>

namespace jobdeck {

namespace {

// The writer lock ("jobdeck-w" in ASCII), which a write transaction takes first unless it only claims, opens and
// ends attempts (and takes it later if one of those needs it), and the transaction's id, by which a COMMIT whose
// answer was lost is looked up after reconnecting. Leases need not wait for the disk (see holdsOnlyLeases).
constexpr const char *kWriterLock = "SELECT pg_advisory_xact_lock(1932412309860018039)";
constexpr const char *kBeginLocked = "BEGIN; %1SELECT pg_advisory_xact_lock(1932412309860018039), pg_current_xact_id()";
constexpr const char *kBeginFree = "BEGIN; %1SELECT NULL, pg_current_xact_id()";
constexpr const char *kLeasesOnly = "SET LOCAL synchronous_commit = off; ";

constexpr int kGiveUpMs = 60'000;     // how long batches wait for a server that is away before they fail
constexpr int kFirstRetryMs = 100;
constexpr int kLongestRetryMs = 5'000;
// Without notifications (or when one was missed) other processes' changes are looked for this often.
constexpr int kExternalPollMs = 1'000;

bool onlyLeases(const std::deque<PostgresWriter::Request> &group)
{
    return std::all_of(group.begin(), group.end(),
                       [](const PostgresWriter::Request &r) { return holdsOnlyLeases(r.batch); });
}

// A runner's own work: claims for its workers and its jobs' attempts. Everything else that claims or ends depends
// on (a mutex, a batch, a rate) takes the writer lock when it comes to it.
bool runsWithoutLock(const std::deque<PostgresWriter::Request> &group)
{
    return std::all_of(group.begin(), group.end(), [](const PostgresWriter::Request &r) {
        return std::all_of(r.batch.begin(), r.batch.end(), [](const Mutation &m) {
            if (const auto *claim = std::get_if<ClaimJobs>(&m))
                return claim->continuousKinds.isEmpty();
            return std::holds_alternative<StartAttempt>(m) || std::holds_alternative<FinishAttempt>(m);
        });
    });
}

// The server went away or cannot be reached: worth waiting for, with the batches kept.
bool isOutage(const StoreError &e, const PostgresConnection *connection)
{
    return !connection || connection->isBroken() || e.code() == StoreErrorCode::Io
        || e.code() == StoreErrorCode::CantOpen;
}

BatchResult failure(const StoreError &e)
{
    BatchResult failed;
    failed.ok = false;
    failed.error = e.message();
    failed.errorCode = e.code();
    return failed;
}

} // namespace

PostgresWriter::PostgresWriter(PostgresUrl url) : m_url(std::move(url))
{
    setObjectName(QStringLiteral("jobdeck-pg-writer"));
}

PostgresWriter::~PostgresWriter()
{
    shutdown();
}

void PostgresWriter::submit(WriteBatch batch, JobStore::Done done)
{
    std::unique_lock lock(m_mutex);
    if (m_stopping) {
        lock.unlock();
        if (done)
            done(failure(StoreError(QStringLiteral("the store is closed"), StoreErrorCode::Closed)));
        return;
    }
    m_pending.push_back({std::move(batch), std::move(done)});
    m_wake.notify_one();
}

void PostgresWriter::setExternalChangeCallback(std::function<void()> callback)
{
    std::lock_guard lock(m_mutex);
    m_externalChange = std::move(callback);
    m_wake.notify_one();
}

void PostgresWriter::nudge()
{
    m_nudged = true; // set before the lock: the writer tests it under the lock before it waits
    std::lock_guard lock(m_mutex);
    m_wake.notify_one();
}

void PostgresWriter::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_one();
    }
    wait();
}

void PostgresWriter::connect()
{
    m_mutations.reset();
    m_connection.reset();
    m_connection = std::make_unique<PostgresConnection>(m_url);
    m_mutations = std::make_unique<SqliteMutations>(std::make_unique<PostgresStatementCache>(*m_connection));
    m_mutations->setSerialize([this] {
        if (!m_locked) {
            m_connection->exec(QString::fromLatin1(kWriterLock));
            m_locked = true;
        }
    });
    m_serverPid = m_connection->serverPid();
    m_disconnected = false;
}

void PostgresWriter::run()
{
    try {
        connect();
    } catch (const StoreError &) {
        // The first batch tries again, and waits for the server like any other.
        m_disconnected = true;
    }
    for (;;) {
        std::deque<Request> group;
        bool poll = false;
        {
            std::unique_lock lock(m_mutex);
            while (m_pending.empty() && !m_stopping && !poll) {
                if (!m_externalChange) {
                    m_wake.wait(lock);
                } else if (m_nudged.exchange(false)
                           || m_wake.wait_for(lock, std::chrono::milliseconds(kExternalPollMs))
                               == std::cv_status::timeout) {
                    poll = true;
                }
            }
            if (m_pending.empty() && m_stopping)
                break;
            group.swap(m_pending);
        }
        if (!group.empty())
            commitGroup(group);
        if (poll || m_nudged.exchange(false))
            callExternalChange();
    }
    m_mutations.reset();
    m_connection.reset();
}

void PostgresWriter::callExternalChange()
{
    std::function<void()> callback;
    {
        std::lock_guard lock(m_mutex);
        callback = m_externalChange;
    }
    if (callback)
        callback();
}

bool PostgresWriter::backOff(int &delayMs)
{
    std::unique_lock lock(m_mutex);
    if (m_stopping)
        return false;
    m_wake.wait_for(lock, std::chrono::milliseconds(delayMs));
    delayMs = std::min(delayMs * 2, kLongestRetryMs);
    return !m_stopping;
}

QByteArray PostgresWriter::begin(bool durable, bool locked)
{
    m_locked = locked;
    const QString sql = QString::fromLatin1(locked ? kBeginLocked : kBeginFree)
                            .arg(durable ? QString() : QString::fromLatin1(kLeasesOnly));
    return m_connection->exec(sql).bytes(0, 1);
}

void PostgresWriter::commit(bool announce, const QByteArray &transaction)
{
    m_mutations->beforeCommit();
    // Until the server answers, the transaction may have committed or not: a connection lost now leaves it in doubt.
    m_inDoubt = transaction;
    m_inDoubtServerPid = m_serverPid.load();
    // A notification is delivered when its transaction commits, and only then.
    m_connection->exec(announce ? QStringLiteral("NOTIFY %1; COMMIT").arg(QLatin1String(kChannel))
                                : QStringLiteral("COMMIT"));
    m_inDoubt.clear();
}

PostgresWriter::Doubt PostgresWriter::settleInDoubt()
{
    if (!m_connection)
        connect();
    const QByteArray status =
        m_connection->exec(QStringLiteral("SELECT pg_xact_status($1::xid8)"), {m_inDoubt}).bytes(0, 0);
    if (status == "in progress") {
        // The old connection's server process has not noticed that its client is gone (after a silent network
        // drop it may wait for minutes, holding the writer lock). Ending it makes the answer final; the
        // transaction id is compared so that a process number used again is left alone.
        m_connection->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 "
                                          "AND backend_xid::text::bigint = $2::bigint % 4294967296"),
                           {QByteArray::number(m_inDoubtServerPid), m_inDoubt});
        return Doubt::Pending;
    }
    m_inDoubt.clear();
    if (status == "committed")
        return Doubt::Committed;
    return status == "aborted" ? Doubt::NotCommitted : Doubt::Unknown;
}

void PostgresWriter::tryCommitGroup(std::deque<Request> &group, std::vector<BatchResult> &results)
{
    results.clear();
    if (!m_connection)
        connect();
    const bool leases = onlyLeases(group);
    const QByteArray transaction = begin(!leases, !runsWithoutLock(group));
    try {
        std::vector<const WriteBatch *> batches;
        batches.reserve(group.size());
        for (const Request &r : group)
            batches.push_back(&r.batch);
        results = m_mutations->applyGroup(batches);
        commit(!leases, transaction);
    } catch (const StoreError &) {
        m_connection->rollback();
        m_mutations->rolledBack();
        throw;
    }
}

BatchResult PostgresWriter::applyAlone(const Request &request)
{
    try {
        const bool leases = holdsOnlyLeases(request.batch);
        const QByteArray transaction = begin(!leases, true);
        try {
            BatchResult result = std::move(m_mutations->applyGroup({&request.batch}).front());
            commit(!leases, transaction);
            return result;
        } catch (const StoreError &) {
            m_connection->rollback();
            m_mutations->rolledBack();
            throw;
        }
    } catch (const StoreError &e) {
        return failure(e);
    }
}

void PostgresWriter::commitGroup(std::deque<Request> &group)
{
    std::vector<BatchResult> results;
    results.reserve(group.size());
    QDeadlineTimer giveUp(kGiveUpMs);
    int delayMs = kFirstRetryMs;
    m_inDoubt.clear(); // a doubt left by a group given up on is not this group's
    const auto unknownOutcome = [&] {
        results.assign(group.size(),
                       failure(StoreError(QStringLiteral("the connection to the database server was lost while it "
                                                         "committed, and whether it did is not known"),
                                          StoreErrorCode::Io)));
    };
    for (;;) {
        bool settling = false;
        try {
            if (!m_inDoubt.isEmpty()) {
                // The last try sent its COMMIT and lost the connection before the answer. Applying the group again
                // after it did commit would enqueue its jobs twice; the server knows which it was.
                settling = true;
                const Doubt doubt = settleInDoubt();
                settling = false;
                if (doubt == Doubt::Committed)
                    break; // the results of that try stand
                if (doubt == Doubt::Pending && !giveUp.hasExpired() && backOff(delayMs))
                    continue;
                if (doubt != Doubt::NotCommitted) {
                    unknownOutcome();
                    break;
                }
            }
            tryCommitGroup(group, results);
            break;
        } catch (const StoreError &e) {
            const bool outage = isOutage(e, m_connection.get());
            if (!outage && !settling)
                m_inDoubt.clear(); // the server answered the group's transaction: whatever failed, nothing committed
            if (outage || e.isLockConflict() || settling) {
                // Finished attempts and claims must not be dropped because the server restarted or two
                // transactions crossed: the group waits and goes again, on a new connection if need be. A doubt
                // that could not be settled yet is asked about again.
                if (outage) {
                    m_disconnected = true;
                    m_mutations.reset();
                    m_connection.reset();
                }
                if (!giveUp.hasExpired() && backOff(delayMs))
                    continue;
                if (m_inDoubt.isEmpty())
                    results.assign(group.size(), failure(e));
                else
                    unknownOutcome();
                break;
            }
            // One batch may have failed the whole group: retry each alone so the others still commit.
            results.clear();
            for (const Request &r : group)
                results.push_back(applyAlone(r));
            break;
        }
    }
    for (size_t i = 0; i < group.size(); ++i) {
        if (group[i].done)
            group[i].done(results[i]);
    }
}

} // namespace jobdeck
