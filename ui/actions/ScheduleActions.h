#pragma once

#include "schedule/ExclusionCalendar.h"
#include "schedule/ScheduleCommands.h"

#include <QObject>
#include <QPointer>
#include <memory>
#include <vector>

class QMenu;
class QWidget;

namespace jobdeck {

class Engine;
class JobActions;
class ScheduleEditorDialog;
class ScheduleReader;

// The commands a user gives on schedules, wherever in the window (the Schedules page, a calendar chip's menu, the
// calendar's details): run now, pause and resume, edit, duplicate, delete (asked first, with the occurrences that
// will not happen), and the schedule editor. Each is a ScheduleCommands mutation written through the engine, so
// the window follows the same rules as `jobdeck schedule`. The jobs folder's schedules (jobs/NAME) are edited in
// the folder: only run now, pause and resume apply to them. Results come back as one-line messages. Main thread
// only.
class ScheduleActions final : public QObject {
    Q_OBJECT
public:
    enum class Command { RunNow, Pause, Resume, Edit, Duplicate, Delete };
    // How far ahead Delete counts the occurrences that will not happen.
    static constexpr qint64 kDeleteHorizonMs = 30LL * 86'400'000;

    // Dialogs open over `dialogParent`; destructive commands ask through `confirmations`.
    ScheduleActions(Engine &engine, JobActions &confirmations, QWidget *dialogParent);
    ~ScheduleActions() override;

    // The jobs folder's definitions that can be scheduled, and how to turn one into a job.
    void setDefinitions(const QStringList &names, DefinitionResolver resolver);
    const QStringList &definitions() const { return m_definitions; }

    // Whether `command` applies to the schedule: the folder's schedules are changed in the folder, pause only to
    // an enabled one, resume only to a disabled or paused one.
    bool applies(Command command, const ScheduleRecord &schedule) const;
    // Why it does not apply, for a tooltip; empty when it does.
    QString whyNot(Command command, const ScheduleRecord &schedule) const;

    void runNow(const std::vector<ScheduleRecord> &schedules);
    void pause(const std::vector<ScheduleRecord> &schedules);
    void resume(const std::vector<ScheduleRecord> &schedules);
    // Asks first (ConfirmKind::DeleteSchedule), naming how many occurrences will not happen.
    void remove(const std::vector<ScheduleRecord> &schedules);
    ScheduleEditorDialog *edit(const ScheduleRecord &schedule);
    // The editor on a copy, named "NAME (copy)", saved as a new schedule.
    ScheduleEditorDialog *duplicate(const ScheduleRecord &schedule);
    // Does `command` to those of `schedules` it applies to (edit and duplicate: the first).
    void perform(Command command, const std::vector<ScheduleRecord> &schedules);

    // A menu of the commands for `schedules`, each enabled when it applies to one of them; `parent` owns it.
    QMenu *menuFor(const std::vector<ScheduleRecord> &schedules, QWidget *parent);

    // Non-blocking (window-modal); deletes itself when closed. Accepting saves the schedule, with the exclusion
    // calendars made in it, in one write.
    ScheduleEditorDialog *openEditor(const std::optional<ScheduleSpec> &preset = std::nullopt, bool existing = false);
    // The editor while it is open, else null.
    ScheduleEditorDialog *editor() const;

Q_SIGNALS:
    // A command's outcome, for the status bar; `problem` when something was refused or failed.
    void message(const QString &text, bool problem);
    // A write of schedules or calendars was applied (or refused): views read again.
    void written();

private:
    // Writes `batch`; `describe` turns how many mutations applied into the message.
    void write(WriteBatch batch, std::function<QString(int applied, int total)> describe);
    std::vector<ScheduleRecord> applicable(Command command, const std::vector<ScheduleRecord> &schedules) const;
    // Read when a dialog or a question needs them, on this thread.
    ScheduleReader &reader();

    Engine &m_engine;
    JobActions &m_confirmations;
    QWidget *m_dialogParent;
    QStringList m_definitions;
    DefinitionResolver m_resolver;
    std::unique_ptr<ScheduleReader> m_reader;
    QPointer<ScheduleEditorDialog> m_editor;
};

} // namespace jobdeck
