#pragma once

#include "schedule/ScheduleCommands.h"

#include <QDate>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QStackedWidget;
class QUndoStack;

namespace jobdeck {

class CalendarActions;
class CalendarData;
class CalendarView;
class Engine;
class JobDefinitions;
class EntryDetails;
class JobPalette;
class MonthView;
class NewJobDialog;
class ScheduleActions;
class ScheduleEditorDialog;
class TimeGridView;
struct CalendarEntry;

// The calendar page: month, week and day views of what ran and what will run, in a chosen time zone, filtered
// by schedule, queue and kind; details of the selected entry; a palette of job definitions and kinds to drag
// onto it; moves with undo. Stands alone over an engine: every write goes through core commands and
// Engine::submit, every read through CalendarData. Objects for tests: previousButton, todayButton, nextButton,
// periodLabel, monthButton, weekButton, dayButton, displayZoneCombo, scheduleFilter, queueFilter, kindFilter,
// undoButton, redoButton, newScheduleButton, dayMenu, scheduleMenu (a chip's context menu). Main thread only.
class CalendarPage final : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Month, Week, Day };

    // `schedules`: the window's schedule commands, shared with its other pages; without them the page makes its own.
    explicit CalendarPage(Engine &engine, QWidget *parent = nullptr, ScheduleActions *schedules = nullptr);
    ~CalendarPage() override;

    // Job definitions of the jobs folder, for the palette and the editor, and how to read them.
    void setJobDefinitions(const QStringList &names, DefinitionResolver resolver);
    // The same from a jobs folder's catalog, its triggered definitions that can run, kept up to date (the catalog
    // must outlive the page).
    void followJobDefinitions(const JobDefinitions &definitions);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // Shows the period (month, week or day) that holds `date`.
    void showDate(const QDate &date);
    QDate shownDate() const { return m_date; }
    void setDisplayZone(const QString &zone);

    CalendarView *currentView() const;
    CalendarData *data() const { return m_data; }
    EntryDetails *details() const { return m_details; }
    ScheduleActions *scheduleActions() const { return m_schedules; }
    QUndoStack *undoStack() const;
    JobPalette *jobPalette() const { return m_palette; }

    // Non-blocking (window-modal) dialogs, so the calendar keeps updating and tests can drive them; each deletes
    // itself when closed. Accepting saves or enqueues.
    ScheduleEditorDialog *openScheduleEditor(const std::optional<ScheduleSpec> &preset = std::nullopt, bool existing = false);
    NewJobDialog *openOneOffJobDialog(qint64 atMs, const QString &kind = {});
    // The dialogs opened by the two functions above while they are open, else null.
    ScheduleEditorDialog *scheduleEditor() const;
    NewJobDialog *oneOffJobDialog() const;

Q_SIGNALS:
    // Something happened worth a line in a status bar.
    void message(const QString &text);

protected:
    // A right-click on a schedule's chip offers the schedule's commands.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createToolbar();
    void refreshView();
    void refreshFilters();
    void applyFilter();
    void step(int direction);
    void onEntrySelected(const CalendarEntry &entry, int more);

    Engine &m_engine;
    CalendarData *m_data = nullptr;
    CalendarActions *m_actions = nullptr;
    ScheduleActions *m_schedules = nullptr;
    Mode m_mode = Mode::Month;
    QDate m_date;
    QStackedWidget *m_views = nullptr;
    MonthView *m_month = nullptr;
    TimeGridView *m_grid = nullptr;
    EntryDetails *m_details = nullptr;
    JobPalette *m_palette = nullptr;
    QLabel *m_period = nullptr;
    QButtonGroup *m_modes = nullptr;
    QComboBox *m_zone = nullptr;
    QComboBox *m_scheduleFilter = nullptr;
    QComboBox *m_queueFilter = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QLabel *m_notice = nullptr;
};

} // namespace jobdeck
