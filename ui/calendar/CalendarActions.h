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
class ScheduleActions;
struct CalendarEntry;

// What the calendar page does to jobs and schedules: moves (undoably), drops from the palette, the day menu and
// the one-off job dialog; the schedule commands and editor are the window's ScheduleActions. Every write is a
// core command submitted to the engine; a write that does not apply is reported through message(). Main thread
// only.
class CalendarActions final : public QObject {
    Q_OBJECT
public:
    // Dialogs and menus open over `parent`.
    CalendarActions(Engine &engine, CalendarData &data, ScheduleActions &schedules, QWidget *parent);
    ~CalendarActions() override;

    QUndoStack *undoStack() const { return m_undo; }

    void move(const CalendarEntry &entry, qint64 atMs);
    void offerAt(const QDate &date, const QTime &time);
    void dropAt(const QString &type, const QString &name, qint64 atMs);

    NewJobDialog *openOneOffJobDialog(qint64 atMs, const QString &kind);
    NewJobDialog *oneOffJobDialog() const;

Q_SIGNALS:
    void message(const QString &text);

private:
    // Writes through the engine; `done` (main thread) gets whether the first mutation applied.
    void submit(WriteBatch batch, const QString &failure, std::function<void(bool)> done = {});

    Engine &m_engine;
    CalendarData &m_data;
    ScheduleActions &m_schedules;
    QWidget *m_parent;
    QUndoStack *m_undo;
    QPointer<QMenu> m_dayMenu;
    QPointer<NewJobDialog> m_jobDialog;
};

} // namespace jobdeck
