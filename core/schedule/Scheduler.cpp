#include "Scheduler.h"

#include "model/Duration.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"

#include <algorithm>

namespace jobdeck {

namespace {
// Schedules handled per wake-up before the event loop gets a turn (the rest follow at once).
constexpr int kMaxPerRound = 2000;
} // namespace

Scheduler::Scheduler(Engine &engine, SchedulerOptions options, QObject *parent)
    : QObject(parent), m_engine(engine), m_options(options),
      m_planner(OccurrencePlanner::Options{options.misfireThresholdMs, options.recordLimit})
{
    m_dueTimer.setSingleShot(true);
    m_dueTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dueTimer, &QTimer::timeout, this, &Scheduler::runDue);
    m_leaseTimer.setInterval(int(std::max<qint64>(100, m_engine.options().leaseMs / 3)));
    connect(&m_leaseTimer, &QTimer::timeout, this, &Scheduler::renewLease);
    connect(&m_engine, &Engine::schedulesChanged, this, &Scheduler::reloadIfChanged);
    connect(&m_engine, &Engine::externalChange, this, [this] {
        reloadIfChanged();
        releaseWaiting();
    });
    connect(&m_engine, &Engine::jobsChanged, this, &Scheduler::onJobsChanged);
}

Scheduler::~Scheduler() = default;

void Scheduler::setDefinitionResolver(DefinitionResolver resolver)
{
    m_definitions = std::move(resolver);
}

void Scheduler::start()
{
    if (m_running || !m_options.enabled)
        return;
    try {
        m_reader = m_engine.store().openScheduleReader();
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
        return;
    }
    m_running = true;
    m_leaseTimer.start();
    // Asked at once, not on the first timer tick: a runner that starts after downtime handles what it missed now.
    renewLease();
}

void Scheduler::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_dueTimer.stop();
    m_leaseTimer.stop();
    if (m_leader)
        m_engine.submit({ReleaseSchedulerLease{m_engine.runnerId()}});
    setLeader(false);
    m_entries.clear();
    m_due.clear();
    m_reader.reset();
}

void Scheduler::renewLease()
{
    if (!m_running)
        return;
    const qint64 now = m_engine.clock().nowMs();
    m_engine.submit({AcquireSchedulerLease{m_engine.runnerId(), now, now + m_engine.options().leaseMs}}, this,
                    [this](const BatchResult &r) {
                        if (m_running)
                            setLeader(r.ok && !r.results.empty() && r.results.front().applied);
                    });
}

void Scheduler::setLeader(bool leader)
{
    if (leader == m_leader)
        return;
    m_leader = leader;
    if (m_leader) {
        reload(); // another runner may have fired and changed everything while this one waited
        runDue();
    } else {
        m_dueTimer.stop();
        m_due.clear();
    }
    Q_EMIT leadershipChanged(m_leader);
}

void Scheduler::reloadIfChanged()
{
    if (!m_running || !m_leader)
        return;
    try {
        if (m_reader->version() != m_version)
            reload();
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
    }
}

void Scheduler::reload()
{
    if (!m_running)
        return;
    std::vector<ScheduleRecord> records;
    std::vector<OccurrenceRecord> waiting;
    try {
        m_version = m_reader->version();
        records = m_reader->schedules();
        m_calendars = m_reader->calendars();
        waiting = m_reader->waitingOccurrences();
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
        return;
    }
    m_entries.clear();
    m_due.clear();
    m_waiting.clear();
    for (const OccurrenceRecord &o : waiting)
        m_waiting.insert(o.scheduleId);
    for (ScheduleRecord &record : records) {
        Entry entry;
        QString error;
        entry.recurrence = record.spec.recurrence(&error);
        if (!entry.recurrence) {
            Q_EMIT problem(QStringLiteral("schedule %1 cannot fire: %2").arg(record.spec.name, error));
            continue;
        }
        for (const QString &name : record.spec.exclusions) {
            const auto it = std::find_if(m_calendars.begin(), m_calendars.end(),
                                         [&name](const ExclusionCalendar &c) { return c.name == name; });
            if (it != m_calendars.end())
                entry.calendars.push_back(&*it);
        }
        entry.record = std::move(record);
        const qint64 id = entry.record.id;
        place(m_entries.emplace(id, std::move(entry)).first->second);
    }
    arm();
}

void Scheduler::place(Entry &entry)
{
    if (entry.dueMs > 0)
        m_due.erase({entry.dueMs, entry.record.id});
    entry.dueMs = 0;
    const ScheduleRecord &r = entry.record;
    if (!r.enabled || r.nextFireAtMs <= 0)
        return;
    // A paused schedule is due at its first occurrence after the pause, when the cursor moves past the pause.
    entry.dueMs = OccurrencePlanner::resumeCursor(r, *entry.recurrence);
    if (entry.dueMs > 0)
        m_due.insert({entry.dueMs, r.id});
}

qint64 Scheduler::nextDueMs() const
{
    return m_due.empty() ? 0 : m_due.begin()->first;
}

void Scheduler::arm()
{
    m_dueTimer.stop();
    m_armedWallMs = m_engine.clock().nowMs();
    m_sinceArmed.start();
    if (!m_running || !m_leader || m_due.empty())
        return;
    const qint64 wait = std::clamp<qint64>(m_due.begin()->first - m_armedWallMs, 0, m_options.maxSleepMs);
    m_dueTimer.start(int(wait));
}

QString Scheduler::clockJump(qint64 nowMs)
{
    if (!m_sinceArmed.isValid())
        return {};
    // The timer counts elapsed time; the schedules are in wall-clock time. A machine that slept, or a clock
    // set forward, makes the two disagree.
    const qint64 delta = nowMs - (m_armedWallMs + m_sinceArmed.elapsed());
    if (std::abs(delta) <= m_options.clockJumpMs)
        return {};
    Q_EMIT clockJumped(delta);
    if (delta < 0)
        return {}; // set back: nothing was missed, and what already fired is never fired again
    return QStringLiteral("when the clock jumped forward by %1").arg(formatDuration(delta));
}

void Scheduler::runDue()
{
    if (!m_running)
        return;
    const qint64 now = m_engine.clock().nowMs();
    const QString jumped = clockJump(now);
    if (!m_leader) {
        arm();
        return;
    }
    WriteBatch batch;
    std::vector<qint64> cancels;
    int handled = 0;
    if (!m_due.empty() && m_due.begin()->first <= now)
        m_lastLagMs = now - m_due.begin()->first;
    try {
        while (!m_due.empty() && m_due.begin()->first <= now && handled < kMaxPerRound) {
            const qint64 id = m_due.begin()->second;
            Entry &entry = m_entries.at(id);
            handle(entry, now, jumped, batch, cancels);
            place(entry);
            ++handled;
        }
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
    }
    for (qint64 jobId : cancels)
        m_engine.cancel(jobId);
    if (!batch.empty())
        submit(std::move(batch));
    releaseWaiting();
    arm();
}

void Scheduler::handle(Entry &entry, qint64 nowMs, const QString &missedBecause, WriteBatch &batch,
                       std::vector<qint64> &cancels)
{
    ScheduleRecord &record = entry.record;
    OccurrencePlanner::Input input{record, *entry.recurrence, entry.calendars, nowMs, std::nullopt, false, missedBecause};
    if (record.spec.overlap != OverlapPolicy::Allow) {
        if (const auto run = m_reader->activeRun(record.id))
            input.previous = OccurrencePlanner::PreviousRun{run->jobId, run->state == JobState::Running};
        input.waiting = m_waiting.contains(record.id);
    }
    const OccurrencePlanner::Plan plan = m_planner.plan(input);
    const QString runner = m_engine.runnerId();
    for (const OccurrencePlanner::Decision &d : plan.decisions) {
        FireOccurrence f{record.id, d.fireAtMs, d.outcome, d.reason, std::nullopt, nowMs, runner, runner};
        if (d.outcome == OccurrenceOutcome::Fired) {
            QString error;
            f.job = ScheduleCommands::jobFor(record.spec, m_definitions, &error);
            if (!f.job) {
                f.outcome = OccurrenceOutcome::Skipped;
                f.reason = error;
            } else if (d.cancelJobId > 0) {
                cancels.push_back(d.cancelJobId);
            }
        }
        if (d.outcome == OccurrenceOutcome::Waiting)
            m_waiting.insert(record.id);
        batch.push_back(std::move(f));
    }
    batch.push_back(AdvanceSchedule{record.id, plan.nextFireAtMs, plan.lastFireAtMs, plan.endPause, record.updatedAtMs,
                                    runner, nowMs});
    record.nextFireAtMs = plan.nextFireAtMs;
    record.lastFireAtMs = std::max(record.lastFireAtMs, plan.lastFireAtMs);
    if (plan.endPause)
        record.pausedUntilMs = 0;
}

void Scheduler::submit(WriteBatch batch)
{
    // The batch renews the lease first: after a clock jump the stored lease looks expired, and the writes that
    // follow check it in the same transaction. If another runner has taken it meanwhile, none of them applies.
    const qint64 now = m_engine.clock().nowMs();
    batch.insert(batch.begin(), AcquireSchedulerLease{m_engine.runnerId(), now, now + m_engine.options().leaseMs});
    m_engine.submit(std::move(batch), this, [this](const BatchResult &r) {
        if (!m_running)
            return;
        m_releasing.clear();
        if (!r.ok) {
            // Nothing of it was written: what the store holds is the truth to go on from.
            Q_EMIT problem(QStringLiteral("occurrences could not be recorded: %1").arg(r.error));
            reload();
            return;
        }
        if (!r.results.front().applied) {
            setLeader(false); // another runner fires now
            return;
        }
        Q_EMIT occurrencesRecorded();
    });
}

void Scheduler::onJobsChanged(const QList<JobEvent> &events)
{
    if (m_waiting.isEmpty())
        return;
    for (const JobEvent &e : events) {
        if (isFinal(e.to)) {
            releaseWaiting();
            return;
        }
    }
}

void Scheduler::releaseWaiting()
{
    if (!m_running || !m_leader || m_waiting.isEmpty())
        return;
    const qint64 now = m_engine.clock().nowMs();
    WriteBatch batch;
    try {
        // Read from the store, not from m_waiting: an occurrence just planned to wait is not written yet.
        for (const OccurrenceRecord &o : m_reader->waitingOccurrences()) {
            const auto entry = m_entries.find(o.scheduleId);
            if (m_releasing.contains(o.id) || entry == m_entries.end() || m_reader->activeRun(o.scheduleId))
                continue;
            QString error;
            const auto job = ScheduleCommands::jobFor(entry->second.record.spec, m_definitions, &error);
            if (!job) {
                Q_EMIT problem(QStringLiteral("schedule %1: %2").arg(o.scheduleName, error));
                continue;
            }
            m_releasing.insert(o.id);
            m_waiting.remove(o.scheduleId);
            batch.push_back(ReleaseWaitingOccurrence{o.id, *job, QStringLiteral("ran once the previous run finished "
                                                                                "(overlap policy queue-one)"),
                                                     now, m_engine.runnerId()});
        }
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
        return;
    }
    if (!batch.empty())
        submit(std::move(batch));
}

} // namespace jobdeck
