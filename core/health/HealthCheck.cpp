#include "HealthCheck.h"

#include "storage/postgres/PostgresUrl.h"

#include "model/Duration.h"

#include <QFileInfo>
#include <QLocale>
#include <algorithm>

namespace jobdeck {

namespace {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;

void add(HealthReport &r, HealthStatus severity, const QString &text)
{
    r.reasons.push_back({severity, text});
    r.status = std::max(r.status, severity);
}

QString size(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString jobs(qint64 n)
{
    return n == 1 ? QStringLiteral("1 job") : QStringLiteral("%1 jobs").arg(n);
}

QString waitingReason()
{
    return QStringLiteral("The database server is out of reach: running jobs go on, and what they do is written once "
                          "it is back.");
}

QString percent(double fraction)
{
    return QStringLiteral("%1%").arg(qRound(fraction * 100));
}

} // namespace

HealthSnapshot HealthSnapshot::read(StoreReader &reader, const QString &databasePath, qint64 nowMs,
                                    const DiskSpaceSource &disk)
{
    HealthSnapshot s;
    s.nowMs = nowMs;
    s.counts = reader.counts();
    // An hour and a little more, so the depth at the start of the window is known.
    s.minutes = reader.minutes(nowMs - kHourMs - 10 * kMinuteMs);
    s.runners = reader.activeRunners();
    s.stalledJobs = reader.stalledJobs(nowMs, 100);
    s.paused = reader.setting(QStringLiteral("paused"), QStringLiteral("0")) == QLatin1String("1");
    s.databaseBytes = reader.databaseBytes();
    // The disk a PostgreSQL server writes to is the server's to watch, not this machine's.
    if (PostgresUrl::isPostgres(databasePath))
        return s;
    if (const DiskSpace space = disk(QFileInfo(databasePath).absolutePath()); space.isKnown()) {
        s.diskAvailableBytes = space.availableBytes;
        s.diskTotalBytes = space.totalBytes;
    }
    return s;
}

HealthReport HealthCheck::unreadable(const QString &message, bool waitingForServer)
{
    HealthReport r;
    if (waitingForServer) {
        add(r, HealthStatus::Degraded, waitingReason());
    } else {
        add(r, HealthStatus::Unhealthy, QStringLiteral("The database cannot be read: %1").arg(message));
    }
    return r;
}

HealthReport HealthCheck::evaluate(const HealthSnapshot &s) const
{
    HealthReport r;
    for (const JobCount &c : s.counts) {
        switch (c.state) {
        case JobState::Queued:
            r.queued += c.count;
            break;
        case JobState::Running:
            r.running += c.count;
            break;
        case JobState::Scheduled:
            r.scheduled += c.count;
            break;
        case JobState::Failed:
            r.retrying += c.count;
            break;
        case JobState::Dead:
            r.dead += c.count;
            break;
        default:
            break;
        }
    }
    r.paused = s.paused;
    r.workersBusy = r.running;
    r.stalledJobs = s.stalledJobs;
    r.databaseBytes = s.databaseBytes;
    r.diskAvailableBytes = s.diskAvailableBytes;
    r.diskTotalBytes = s.diskTotalBytes;
    const qint64 hourAgo = (s.nowMs - kHourMs) / kMinuteMs;
    const qint64 fiveAgo = (s.nowMs - 5 * kMinuteMs) / kMinuteMs;
    qint64 doneInFive = 0;
    for (const MinuteStats &m : s.minutes) {
        if (m.minute > hourAgo) {
            r.succeededLastHour += m.succeeded;
            r.failedLastHour += m.failed;
        }
        if (m.minute > fiveAgo)
            doneInFive += m.succeeded + m.failed;
    }
    r.perMinute = double(doneInFive) / 5.0;

    checkRunners(s, r);
    checkFailures(s, r);
    checkGrowth(s, r);
    checkDisk(s, r);
    if (s.waitingForServer)
        add(r, HealthStatus::Degraded, waitingReason());
    for (const QString &error : s.databaseErrors.mid(0, 1))
        add(r, HealthStatus::Degraded, QStringLiteral("The database reported an error: %1").arg(error));
    std::stable_sort(r.reasons.begin(), r.reasons.end(),
                     [](const HealthReport::Reason &a, const HealthReport::Reason &b) { return a.severity > b.severity; });
    return r;
}

void HealthCheck::checkRunners(const HealthSnapshot &s, HealthReport &r) const
{
    for (const auto &runner : s.runners) {
        if (s.nowMs - runner.heartbeatMs <= m_thresholds.runnerSilenceMs) {
            ++r.liveRunners;
            r.workersTotal += runner.workers;
        }
    }
    const qint64 waiting = r.queued + r.running + r.retrying;
    if (r.liveRunners == 0 && waiting > 0) {
        add(r, HealthStatus::Unhealthy,
            QStringLiteral("No runner is serving this database: %1 waiting or running.").arg(jobs(waiting)));
    } else if (s.paused && r.queued > 0) {
        add(r, HealthStatus::Degraded, QStringLiteral("Runners are paused: %1 queued.").arg(jobs(r.queued)));
    } else if (r.liveRunners == 0) {
        r.passed << QStringLiteral("no runner is serving the database, but no job waits for one");
    } else {
        r.passed << (r.liveRunners == 1 ? QStringLiteral("1 runner is serving the database")
                                        : QStringLiteral("%1 runners are serving the database").arg(r.liveRunners))
                        + (s.paused ? QStringLiteral(" (paused, with nothing queued)") : QString());
    }
    if (!s.stalledJobs.empty()) {
        QStringList ids;
        for (size_t i = 0; i < std::min<size_t>(s.stalledJobs.size(), 5); ++i)
            ids << QString::number(s.stalledJobs[i]);
        add(r, HealthStatus::Degraded,
            QStringLiteral("%1 stopped sending heartbeats while running (lease expired): %2%3.")
                .arg(jobs(qint64(s.stalledJobs.size())))
                .arg(ids.join(QStringLiteral(", ")), s.stalledJobs.size() > 5 ? QStringLiteral(", …") : QString()));
    }
}

void HealthCheck::checkFailures(const HealthSnapshot &s, HealthReport &r) const
{
    const qint64 from = (s.nowMs - m_thresholds.failureWindowMs) / kMinuteMs;
    qint64 failed = 0;
    qint64 attempts = 0;
    for (const MinuteStats &m : s.minutes) {
        if (m.minute > from) {
            failed += m.failed;
            attempts += m.failed + m.succeeded;
        }
    }
    r.failureRate = attempts > 0 ? double(failed) / double(attempts) : 0.0;
    r.attemptsInWindow = attempts;
    r.failedInWindow = failed;
    const QString window = formatDuration(m_thresholds.failureWindowMs);
    const QString share = QStringLiteral("%1 of %2").arg(failed).arg(attempts);
    // The words follow the figures: "rare" only below failureRare, and a rate over too few attempts is no verdict.
    if (attempts == 0) {
        r.passed << QStringLiteral("no attempt ended in the last %1").arg(window);
    } else if (failed == 0) {
        r.passed << QStringLiteral("no attempt failed in the last %1 (%2)")
                        .arg(window, attempts == 1 ? QStringLiteral("1 attempt") : QStringLiteral("%1 attempts").arg(attempts));
    } else if (attempts < m_thresholds.failureMinAttempts) {
        r.passed << QStringLiteral("%1 attempts failed in the last %2 (%3), too few attempts to judge a rate")
                        .arg(share, window, percent(r.failureRate));
    } else if (r.failureRate < m_thresholds.failureRare) {
        r.passed << QStringLiteral("failures are rare: %1 of attempts in the last %2 (%3)")
                        .arg(percent(r.failureRate), window, share);
    } else if (r.failureRate < m_thresholds.failureDegraded) {
        r.passed << QStringLiteral("some attempts fail: %1 in the last %2 (%3), below the %4 that degrades health")
                        .arg(percent(r.failureRate), window, share, percent(m_thresholds.failureDegraded));
    } else {
        const QString text = failed == attempts
            ? QStringLiteral("Every attempt failed in the last %1 (%2).").arg(window, share)
            : QStringLiteral("%1 of attempts failed in the last %2 (%3).").arg(percent(r.failureRate), window, share);
        add(r, r.failureRate >= m_thresholds.failureUnhealthy ? HealthStatus::Unhealthy : HealthStatus::Degraded, text);
    }
}

void HealthCheck::checkGrowth(const HealthSnapshot &s, HealthReport &r) const
{
    const qint64 start = (s.nowMs - m_thresholds.growthWindowMs) / kMinuteMs;
    qint64 startDepth = -1;
    qint64 enqueued = 0;
    qint64 done = 0;
    for (const MinuteStats &m : s.minutes) {
        if (m.minute <= start) {
            if (m.queued >= 0)
                startDepth = m.queued; // the last sample at or before the window's start
            continue;
        }
        if (startDepth < 0 && m.queued >= 0)
            startDepth = m.queued; // no earlier sample: the first one inside the window
        enqueued += m.enqueued;
        done += m.succeeded + m.failed;
    }
    if (startDepth < 0) {
        r.passed << QStringLiteral("%1 queued").arg(jobs(r.queued));
        return;
    }
    const qint64 growth = r.queued - startDepth;
    const qint64 needed = std::max<qint64>(m_thresholds.growthMinJobs,
                                           qint64(double(startDepth) * m_thresholds.growthMinFraction));
    const QString window = formatDuration(m_thresholds.growthWindowMs);
    if (growth >= needed && enqueued > done) {
        add(r, HealthStatus::Degraded,
            QStringLiteral("The queue grows faster than it drains: from %1 to %2 in the last %3 "
                           "(%4 enqueued, %5 done).")
                .arg(startDepth)
                .arg(jobs(r.queued))
                .arg(window)
                .arg(enqueued)
                .arg(done));
    } else if (growth > 0) {
        r.passed << QStringLiteral("the queue grew from %1 to %2 in the last %3, within bounds")
                        .arg(startDepth).arg(r.queued).arg(window);
    } else {
        r.passed << QStringLiteral("the queue keeps up (%1 queued now, %2 at the start of the last %3)")
                        .arg(r.queued).arg(startDepth).arg(window);
    }
}

void HealthCheck::checkDisk(const HealthSnapshot &s, HealthReport &r) const
{
    if (s.diskAvailableBytes < 0 || s.diskTotalBytes <= 0) {
        r.passed << QStringLiteral("the disk's free space is not known");
        return; // unknown figures say nothing about the disk; they are not a full one
    }
    const double free = double(s.diskAvailableBytes) / double(s.diskTotalBytes);
    const QString text = QStringLiteral("The disk holding the database is nearly full: %1 free of %2.")
                             .arg(size(s.diskAvailableBytes), size(s.diskTotalBytes));
    if (free < m_thresholds.diskUnhealthyFraction || s.diskAvailableBytes < m_thresholds.diskUnhealthyBytes)
        add(r, HealthStatus::Unhealthy, text);
    else if (free < m_thresholds.diskDegradedFraction || s.diskAvailableBytes < m_thresholds.diskDegradedBytes)
        add(r, HealthStatus::Degraded, text);
    else
        r.passed << QStringLiteral("the disk holding the database has %1 free").arg(size(s.diskAvailableBytes));
}

} // namespace jobdeck
