#include "HeadlessHost.h"

#include "CommandLine.h"
#include "SignalWatcher.h"
#include "model/Duration.h"
#include "runner/Engine.h"
#include "schedule/Scheduler.h"
#include "storage/ScheduleReader.h"
#include "storage/StoreError.h"
#include "watch/WatchService.h"

#include <QCoreApplication>
#include <unistd.h>

namespace jobdeck {

HeadlessHost::HeadlessHost(Engine &engine, Options options, QObject *parent)
    : QObject(parent), m_engine(engine), m_options(options)
{
    connect(&m_engine, &Engine::jobsChanged, this, &HeadlessHost::log);
    connect(&m_engine, &Engine::storeFailed, this, [this](const QString &message) {
        err() << "jobdeck: database error: " << message << Qt::endl;
        if (!m_registered && m_exitCode == 0) {
            // A runner that cannot register cannot run anything; a service manager restarts it and says why.
            m_exitCode = ExitFailed;
            m_engine.stop();
        }
    });
    connect(&m_engine, &Engine::registered, this, [this] {
        m_registered = true;
        if (!m_options.quiet) {
            const WorkerRange range = m_engine.workerRange();
            out() << QStringLiteral("runner %1 started on %2 with %3 workers%4")
                         .arg(m_engine.runnerId(), m_engine.store().location(), range.toString(),
                              range.isFixed() ? QString() : QStringLiteral(" (%1 now)").arg(m_engine.workers()))
                  << Qt::endl;
        }
    });
    // Only a scaling pool changes size by itself; the line tells an operator why the process's threads changed.
    connect(&m_engine, &Engine::workersChanged, this, [this](int workers) {
        if (!m_options.quiet && m_registered)
            out() << QStringLiteral("workers now %1 of %2").arg(workers).arg(m_engine.workerRange().toString()) << Qt::endl;
    });
    connect(&m_engine, &Engine::stopped, this, [this] {
        if (!m_options.quiet)
            out() << "runner stopped" << Qt::endl;
        QCoreApplication::exit(m_exitCode);
    });
    const Scheduler *scheduler = &m_engine.scheduler();
    connect(scheduler, &Scheduler::problem, this,
            [](const QString &message) { err() << "jobdeck: schedules: " << message << Qt::endl; });
    connect(scheduler, &Scheduler::leadershipChanged, this, [this](bool leader) {
        if (!m_options.quiet)
            out() << leadershipText(leader) << Qt::endl;
    });
    connect(scheduler, &Scheduler::clockJumped, this, [this](qint64 deltaMs) {
        if (!m_options.quiet)
            out() << QStringLiteral("the clock jumped %1 by %2; missed occurrences follow their misfire policy")
                         .arg(deltaMs > 0 ? QStringLiteral("forward") : QStringLiteral("back"),
                              formatDuration(std::abs(deltaMs)))
                  << Qt::endl;
    });
    if (const WatchService *watches = m_engine.watchService()) {
        connect(watches, &WatchService::problem, this,
                [](const QString &message) { err() << "jobdeck: watches: " << message << Qt::endl; });
        connect(watches, &WatchService::watchStarted, this, [this](const QString &name, const QString &dir, int found) {
            if (!m_options.quiet)
                out() << QStringLiteral("watching %1 for %2 (%3 files found)").arg(dir, name).arg(found) << Qt::endl;
        });
    }
    auto *watcher = new SignalWatcher(this);
    watcher->stopOnSignal(m_engine, [quiet = m_options.quiet](const QString &message, bool atOnce) {
        if (atOnce)
            err() << "jobdeck: " << message << Qt::endl;
        else if (!quiet)
            out() << message << Qt::endl;
    });
    if (m_options.drain) {
        connect(&m_engine, &Engine::jobsChanged, this, &HeadlessHost::checkDrained);
        connect(&m_drainCheck, &QTimer::timeout, this, &HeadlessHost::checkDrained);
        m_drainCheck.start(200);
    }
}

HeadlessHost::~HeadlessHost() = default;

int HeadlessHost::exec()
{
    m_reader = m_engine.store().openReader();
    m_engine.start();
    if (m_engine.status() != Engine::Status::Running)
        return ExitFailed;
    const int code = QCoreApplication::exec();
    if (m_engine.abandonedWorkers() > 0) {
        // A handler that never returned holds a thread the process could wait on forever.
        err() << "jobdeck: " << m_engine.abandonedWorkers() << " handler(s) did not stop; exiting without them"
              << Qt::endl;
        out().flush();
        ::_exit(code);
    }
    return code;
}

QString HeadlessHost::leadershipText(bool leader) const
{
    if (leader)
        return QStringLiteral("this runner fires the schedules");
    // The scheduler is stopped before it lets go when the runner stops: nobody took over.
    if (!m_engine.scheduler().isRunning())
        return QStringLiteral("this runner stopped firing the schedules");
    // Lost while running: another runner took the lease, or it could not be renewed (a database error).
    try {
        const ScheduleReader::Lease lease = m_engine.store().openScheduleReader()->schedulerLease();
        if (!lease.owner.isEmpty() && lease.owner != m_engine.runnerId() && lease.untilMs >= m_engine.clock().nowMs())
            return QStringLiteral("another runner (%1) fires the schedules").arg(lease.owner);
    } catch (const StoreError &) {
    }
    return QStringLiteral("this runner could not renew the scheduler lease; it tries again");
}

void HeadlessHost::log(const QList<JobEvent> &events)
{
    if (m_options.quiet)
        return;
    for (const JobEvent &e : events) {
        if (e.removed || (!e.created && e.from == e.to))
            continue; // deletions, retention and priority changes are not state changes
        const QString line = QStringLiteral("%1 job %2 %3 [%4]: %5 -> %6 (%7)")
                                 .arg(formatIsoTime(e.atMs))
                                 .arg(e.jobId)
                                 .arg(e.kind, e.queue)
                                 .arg(e.created ? QStringLiteral("new") : stateName(e.from), stateName(e.to), e.reason);
        if (e.to == JobState::Failed || e.to == JobState::Dead)
            err() << line << '\n';
        else
            out() << line << '\n';
    }
    out().flush();
    err().flush();
}

void HeadlessHost::checkDrained()
{
    if (!m_registered || m_engine.status() != Engine::Status::Running || !m_engine.isIdle())
        return;
    try {
        if (m_reader->pendingCount() > 0)
            return;
    } catch (const StoreError &) {
        return;
    }
    if (!m_options.quiet)
        out() << "drained: nothing queued, running or waiting for a retry" << Qt::endl;
    m_drainCheck.stop();
    m_engine.stop();
}

} // namespace jobdeck
