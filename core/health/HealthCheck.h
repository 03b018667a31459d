#pragma once

#include "DiskSpace.h"
#include "HealthReport.h"
#include "storage/StoreReader.h"

namespace jobdeck {

class Clock;

// What the health checks look at, read at one moment. Value type; tests build it by hand.
struct HealthSnapshot {
    qint64 nowMs = 0;
    std::vector<JobCount> counts;
    std::vector<MinuteStats> minutes;                 // the last hour (and the sample before it, if any)
    std::vector<StoreReader::RunnerRow> runners;       // not retired
    std::vector<qint64> stalledJobs;                   // running, lease expired
    bool paused = false;
    qint64 databaseBytes = 0;
    qint64 diskAvailableBytes = -1;                   // -1, both of them, when unknown
    qint64 diskTotalBytes = -1;
    QStringList databaseErrors;                        // recent, as the caller saw them
    bool waitingForServer = false;                     // the store lost its database server (JobStore)

    // Reads everything but the database errors from the store and the file system, the disk's figures from
    // `disk` for the database's folder. Throws StoreError.
    static HealthSnapshot read(StoreReader &reader, const QString &databasePath, qint64 nowMs,
                               const DiskSpaceSource &disk = DiskSpace::of);
};

// Judges a snapshot: Healthy, Degraded or Unhealthy, with a reason for every check that is not fine. The same
// checks serve the window's Health page and `jobdeck health`.
class HealthCheck {
public:
    struct Thresholds {
        qint64 runnerSilenceMs = 90'000;     // a runner without a heartbeat for this long is taken for gone
        qint64 failureWindowMs = 15 * 60'000;
        qint64 failureMinAttempts = 20;      // fewer attempts than this say nothing about a rate
        double failureRare = 0.05;           // below this share, failures are called rare
        double failureDegraded = 0.2;
        double failureUnhealthy = 0.5;
        qint64 growthWindowMs = 10 * 60'000;
        qint64 growthMinJobs = 100;          // growth below this is noise
        double growthMinFraction = 0.2;      // and so is growth below this share of the starting depth
        double diskDegradedFraction = 0.05;
        qint64 diskDegradedBytes = 1LL << 30;
        double diskUnhealthyFraction = 0.01;
        qint64 diskUnhealthyBytes = 100LL << 20;
    };

    HealthCheck() = default;
    explicit HealthCheck(Thresholds thresholds) : m_thresholds(thresholds) {}

    HealthReport evaluate(const HealthSnapshot &snapshot) const;
    // The report when the database could not be read. While the store waits for its server to come back the
    // runner is degraded, not unhealthy: its running jobs go on and their ends are written once the server is
    // back, so a liveness probe must not restart it.
    static HealthReport unreadable(const QString &message, bool waitingForServer);

private:
    void checkRunners(const HealthSnapshot &s, HealthReport &r) const;
    void checkFailures(const HealthSnapshot &s, HealthReport &r) const;
    void checkGrowth(const HealthSnapshot &s, HealthReport &r) const;
    void checkDisk(const HealthSnapshot &s, HealthReport &r) const;

    Thresholds m_thresholds;
};

} // namespace jobdeck
