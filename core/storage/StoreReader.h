#pragma once

#include "JobFilter.h"
#include "model/JobRecord.h"

#include <optional>
#include <vector>

namespace jobdeck {

// Read access to the store for one thread. Create it on the thread that uses it and destroy it there.
class StoreReader {
public:
    virtual ~StoreReader() = default;

    virtual std::optional<JobRecord> job(qint64 id) = 0;
    virtual std::vector<JobRecord> jobs(const JobFilter &filter) = 0;
    virtual std::vector<AttemptRecord> attempts(qint64 jobId) = 0;
    virtual std::vector<LogLine> logTail(qint64 jobId, int count) = 0;
    virtual StoreStats stats() = 0;
    virtual std::vector<QueueInfo> queues() = 0;
    virtual QString setting(const QString &key, const QString &fallback = {}) = 0;
    // Jobs that keep a drain from finishing: queued, running, or failed awaiting a retry (continuous jobs never do).
    virtual qint64 pendingCount() = 0;
    // Running jobs leased to `owner` that a user asked to cancel.
    virtual std::vector<qint64> cancelRequests(const QString &owner) = 0;
    // Owners of running jobs that retired or never registered.
    virtual QStringList ownersWithoutLiveRunner() = 0;
    // Runner ids with host and pid, for liveness checks on this machine.
    struct RunnerRow {
        QString id;
        QString host;
        qint64 pid = 0;
        qint64 heartbeatMs = 0;
        bool retired = false;
    };
    virtual std::vector<RunnerRow> runnersHoldingLeases() = 0;
    virtual qint64 earliestDueMs() = 0; // earliest run_at of a scheduled or failed job, 0 if none
};

} // namespace jobdeck
