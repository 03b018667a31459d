#pragma once

#include "SqliteConnection.h"
#include "storage/StoreReader.h"

namespace jobdeck {

// Reads over a connection of its own. Use on the thread that created it.
class SqliteReader final : public StoreReader {
public:
    explicit SqliteReader(const QString &path);

    std::optional<JobRecord> job(qint64 id) override;
    std::vector<JobRecord> jobs(const JobFilter &filter) override;
    std::vector<AttemptRecord> attempts(qint64 jobId) override;
    std::vector<LogLine> logTail(qint64 jobId, int count) override;
    StoreStats stats() override;
    std::vector<QueueInfo> queues() override;
    QString setting(const QString &key, const QString &fallback) override;
    qint64 pendingCount() override;
    std::vector<qint64> cancelRequests(const QString &owner) override;
    QStringList ownersWithoutLiveRunner() override;
    std::vector<RunnerRow> runnersHoldingLeases() override;
    qint64 earliestDueMs() override;

private:
    QSqlQuery run(const QString &sql, const QVariantList &values = {}) { return m_connection.run(sql, values); }
    SqliteConnection m_connection;
};

} // namespace jobdeck
