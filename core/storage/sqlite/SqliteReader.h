#pragma once

#include "SqliteConnection.h"
#include "SqliteHistory.h"
#include "storage/StoreReader.h"

namespace jobdeck {

// Reads over a connection of its own. Use on the thread that created it.
class SqliteReader final : public StoreReader {
public:
    explicit SqliteReader(const QString &path);

    std::optional<JobRecord> job(qint64 id) override;
    std::vector<JobRecord> jobs(const JobFilter &filter) override;
    std::vector<AttemptRecord> attempts(qint64 jobId, int newest = -1) override;
    std::vector<LogLine> logTail(qint64 jobId, int count) override;
    std::vector<LogLine> logAfter(qint64 jobId, qint64 afterId, int count) override;
    std::vector<StateChange> stateChanges(qint64 jobId, int newest = -1) override;
    std::vector<JobEvent> eventsAfter(qint64 afterId, int limit) override;
    qint64 lastEventId() override;
    std::vector<CallbackDelivery> callbackDeliveries(qint64 jobId, int newest = -1) override;
    qint64 nextCallbackDueMs() override;
    std::vector<JobCount> counts() override;
    StoreStats stats() override;
    std::vector<QueueInfo> queues() override;
    QString setting(const QString &key, const QString &fallback) override;
    qint64 databaseBytes() override;
    qint64 pendingCount() override;
    std::vector<qint64> cancelRequests(const QString &owner) override;
    QStringList ownersWithoutLiveRunner() override;
    std::vector<RunnerRow> runnersHoldingLeases() override;
    std::vector<RunnerRow> activeRunners() override;
    qint64 earliestDueMs() override;
    qint64 oldestQueuedSinceMs() override;
    qint64 oldestQueuedSinceMs(const QString &queue) override;
    std::vector<MinuteStats> minutes(qint64 fromMs) override;
    std::vector<qint64> stalledJobs(qint64 nowMs, int limit) override;
    std::vector<JobBatchRecord> jobBatches(int limit, qint64 beforeId = 0) override;
    std::optional<JobBatchRecord> jobBatch(qint64 id) override;
    std::vector<JobRecord> batchJobs(qint64 batchId, qint64 afterId, int limit) override;
    std::vector<PipelineRecord> pipelines(int limit, qint64 beforeId = 0) override;
    std::optional<PipelineRecord> pipeline(qint64 id) override;
    std::vector<JobRecord> waitingJobs(const QString &queue, int limit) override;
    std::vector<JobRecord> scheduledBetween(qint64 fromMs, qint64 toMs, int limit) override;
    HistoryResult history(const HistoryQuery &query, const HistoryCursor &from, int limit, int scanBudget) override;
    BoundedCount historyCount(const HistoryQuery &query, qint64 cap, int scanBudget) override;

private:
    QSqlQuery run(const QString &sql, const QVariantList &values = {}) { return m_connection.run(sql, values); }
    static std::vector<RunnerRow> readRunners(QSqlQuery query);
    const QString m_path;
    SqliteConnection m_connection;
    SqliteHistory m_history;
};

} // namespace jobdeck
