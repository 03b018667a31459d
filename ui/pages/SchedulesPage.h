#pragma once

#include "actions/ScheduleActions.h"

#include <QWidget>

class QAction;
class QComboBox;
class QHBoxLayout;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;

namespace jobdeck {

struct Console;
class JobTableView;
class PageHeader;
class ScheduleRowsModel;

// Every schedule of the database, live: what it runs, when in words, the next run, the last run with its outcome
// (a click opens its job), whether it is paused, its misfire and overlap policies and exclusion calendars. Sort by
// any column; search and filter by state. Commands on the selected schedules (header, context menu, keys): New
// schedule, Run now, Pause, Resume, Edit, Duplicate, Delete — all through ScheduleActions. The jobs folder's
// schedules are marked and offer only Run now, Pause and Resume. Objects for tests: schedulesTable,
// scheduleSearch, scheduleStateFilter, and the actions newScheduleAction, runScheduleNowAction, pauseScheduleAction,
// resumeScheduleAction, editScheduleAction, duplicateScheduleAction, deleteScheduleAction. Main thread only.
class SchedulesPage final : public QWidget {
    Q_OBJECT
public:
    SchedulesPage(Console &console, ScheduleActions &actions, QWidget *parent = nullptr);

    ScheduleRowsModel *model() const { return m_model; }
    JobTableView *table() const { return m_table; }
    // The selected schedules, in view order.
    std::vector<ScheduleRecord> selectedSchedules() const;
    // Selects the schedule of that name (replacing the selection); false if it is not shown.
    bool selectSchedule(const QString &name);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QAction *addCommand(const QString &objectName, const QString &text, const QString &icon,
                        ScheduleActions::Command command, const QKeySequence &shortcut = {});
    QWidget *createFilters();
    void updateActions();
    void updateSubtitle();
    void openLastRun(const QModelIndex &index);

    Console &m_console;
    ScheduleActions &m_actions;
    PageHeader *m_header = nullptr;
    ScheduleRowsModel *m_model = nullptr;
    QSortFilterProxyModel *m_byState = nullptr;
    QSortFilterProxyModel *m_bySearch = nullptr;
    JobTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_stateFilter = nullptr;
    QMenu *m_menu = nullptr;
    QHBoxLayout *m_commandRow = nullptr; // the buttons of the commands on the selection
    std::vector<std::pair<QAction *, ScheduleActions::Command>> m_commands;
};

} // namespace jobdeck
