#pragma once

#include "schedule/ScheduleCommands.h"

#include <QObject>
#include <QPointer>

class QMenu;
class QUndoStack;
class QWidget;

namespace jobdeck {

class CalendarData;
class Engine;
class NewJobDialog;
class ScheduleEditorDialog;
struct CalendarEntry;

// What the calendar page does to jobs and schedules: moves (undoably), drops from the palette, the day menu,
// the schedule editor and the one-off job dialog, run now. Every write is a core command submitted to the
// engine; a write that does not apply is reported through message(). Main thread only.
class CalendarActions final : public QObject {
    Q_OBJECT
public:
    // Dialogs and menus open over `parent`.
    CalendarActions(Engine &engine, CalendarData &data, QWidget *parent);
    ~CalendarActions() override;

    void setDefinitions(const QStringList &names, DefinitionResolver resolver);
    const QStringList &definitions() const { return m_definitions; }
    QUndoStack *undoStack() const { return m_undo; }

    void move(const CalendarEntry &entry, qint64 atMs);
    void offerAt(const QDate &date, const QTime &time);
    void dropAt(const QString &type, const QString &name, qint64 atMs);
    void editSchedule(qint64 scheduleId);
    void runNow(qint64 scheduleId);

    ScheduleEditorDialog *openScheduleEditor(const std::optional<ScheduleSpec> &preset, bool existing);
    NewJobDialog *openOneOffJobDialog(qint64 atMs, const QString &kind);
    ScheduleEditorDialog *scheduleEditor() const;
    NewJobDialog *oneOffJobDialog() const;

Q_SIGNALS:
    void message(const QString &text);

private:
    // Writes through the engine; `done` (main thread) gets whether the first mutation applied.
    void submit(WriteBatch batch, const QString &failure, std::function<void(bool)> done = {});
    ScheduleEditorDialog *newEditor();

    Engine &m_engine;
    CalendarData &m_data;
    QWidget *m_parent;
    QUndoStack *m_undo;
    QStringList m_definitions;
    DefinitionResolver m_resolver;
    QPointer<QMenu> m_dayMenu;
    QPointer<ScheduleEditorDialog> m_editor;
    QPointer<NewJobDialog> m_jobDialog;
};

} // namespace jobdeck
