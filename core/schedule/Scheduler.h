#pragma once

#include "OccurrencePlanner.h"
#include "ScheduleCommands.h"
#include "SchedulerOptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <memory>
#include <set>
#include <unordered_map>

namespace jobdeck {

class Engine;
class ScheduleReader;
struct JobEvent;

// Fires schedules: sleeps until the next due occurrence (one single-shot timer, no polling), then records each
// due occurrence and enqueues its job through the engine, in one transaction per wake-up. Only the runner
// holding the database's scheduler lease fires; another takes over once that lease expires. Occurrences
// missed while no runner fired (or skipped by a clock jump) go through the misfire policy, occurrences while a
// previous run is unfinished through the overlap policy, and days of exclusion calendars are recorded as
// excluded. Owned and started by the Engine. Main thread only.
class Scheduler final : public QObject {
    Q_OBJECT
public:
    Scheduler(Engine &engine, SchedulerOptions options, QObject *parent = nullptr);
    ~Scheduler() override;

    // How schedules with `--job NAME` find their job; without one their occurrences are skipped with the reason.
    void setDefinitionResolver(DefinitionResolver resolver);
    const DefinitionResolver &definitionResolver() const { return m_definitions; }

    void start();
    // Stops firing and hands the lease back, so another runner takes over at once.
    void stop();
    bool isRunning() const { return m_running; }
    bool isLeader() const { return m_leader; }

    // Takes or renews the lease; a timer calls it every third of the lease length.
    void renewLease();
    // Handles every due occurrence; the timer calls it. Tests call it after moving an injected clock.
    void runDue();
    // Reads schedules and calendars again.
    void reload();
    // When runDue is due next (epoch ms), 0 when no schedule is active.
    qint64 nextDueMs() const;
    int scheduleCount() const { return int(m_entries.size()); }
    // How late the last round of firing was behind the earliest occurrence it handled (0 before the first).
    qint64 lastLagMs() const { return m_lastLagMs; }

Q_SIGNALS:
    void leadershipChanged(bool leader);
    // Occurrences were recorded (fired, skipped, excluded, misfired or waiting).
    void occurrencesRecorded();
    // The wall clock moved by this much more (or less) than time passed; missed occurrences follow the misfire policy.
    void clockJumped(qint64 deltaMs);
    void problem(const QString &message);

private:
    struct Entry {
        ScheduleRecord record;
        std::optional<Recurrence> recurrence;
        std::vector<const ExclusionCalendar *> calendars;
        qint64 dueMs = 0; // its key in m_due; 0 when not due at all
    };
    void setLeader(bool leader);
    void reloadIfChanged();
    void place(Entry &entry);
    void arm();
    void handle(Entry &entry, qint64 nowMs, const QString &missedBecause, WriteBatch &batch, std::vector<qint64> &cancels);
    void releaseWaiting();
    void onJobsChanged(const QList<JobEvent> &events);
    void submit(WriteBatch batch);
    QString clockJump(qint64 nowMs);

    Engine &m_engine;
    SchedulerOptions m_options;
    OccurrencePlanner m_planner;
    DefinitionResolver m_definitions;
    std::unique_ptr<ScheduleReader> m_reader;
    std::unordered_map<qint64, Entry> m_entries;
    std::set<std::pair<qint64, qint64>> m_due; // (due time, schedule id), soonest first
    std::vector<ExclusionCalendar> m_calendars;
    QSet<qint64> m_waiting;   // schedules with an occurrence waiting for the previous run (queue-one)
    QSet<qint64> m_releasing; // waiting occurrences whose release is being written
    QString m_version;
    bool m_running = false;
    bool m_leader = false;
    QTimer m_dueTimer;
    QTimer m_leaseTimer;
    qint64 m_armedWallMs = 0; // wall clock when the timer was armed, for noticing clock jumps
    QElapsedTimer m_sinceArmed;
    qint64 m_lastLagMs = 0;
};

} // namespace jobdeck
