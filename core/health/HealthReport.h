#pragma once

#include "model/JobState.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace jobdeck {

enum class HealthStatus { Healthy, Degraded, Unhealthy };
QString healthStatusName(HealthStatus status); // "healthy", "degraded", "unhealthy"

// The runner's health with its reasons and the figures they were judged on. Value type.
struct HealthReport {
    struct Reason {
        HealthStatus severity = HealthStatus::Degraded;
        QString text; // one sentence for people
    };

    HealthStatus status = HealthStatus::Healthy;
    std::vector<Reason> reasons; // worst first; empty when healthy
    // What each check that passed found, worded from its figures ("no attempt failed in the last 15m"), so a
    // healthy verdict never claims more than the figures show.
    QStringList passed;

    qint64 queued = 0;
    qint64 running = 0;
    qint64 scheduled = 0;
    qint64 retrying = 0; // failed, waiting for the retry
    qint64 dead = 0;
    int liveRunners = 0;
    int workersTotal = 0;   // of the live runners
    qint64 workersBusy = 0; // running jobs
    bool paused = false;
    qint64 succeededLastHour = 0;
    qint64 failedLastHour = 0;
    double failureRate = 0;     // failed attempts / attempts over the failure window; 0 without attempts
    qint64 attemptsInWindow = 0; // the attempts that rate was taken over
    qint64 failedInWindow = 0;
    double perMinute = 0;       // jobs done per minute, over the last five minutes
    std::vector<qint64> stalledJobs;
    qint64 databaseBytes = 0;   // the file and its write-ahead log
    qint64 diskAvailableBytes = -1; // -1: unknown
    qint64 diskTotalBytes = -1;

    bool isDiskKnown() const { return diskAvailableBytes >= 0 && diskTotalBytes > 0; }

    // "healthy" / … with reasons and figures, for `jobdeck health --json`; unknown disk figures are null.
    QJsonObject toJson() const;
    // Exit code of `jobdeck health`: 0 healthy, 1 degraded, 2 unhealthy.
    int exitCode() const { return static_cast<int>(status); }
};

} // namespace jobdeck
