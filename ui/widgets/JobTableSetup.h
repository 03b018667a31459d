#pragma once

#include "JobColumns.h"

#include <QList>
#include <QString>

class QAbstractItemView;
class QAction;
class QKeySequence;
class QMenu;
class QWidget;

namespace jobdeck {

class JobTableView;

// The look every job table shares: whole-row selection of several rows, fixed row heights (no measuring when
// thousands of rows change a second), column widths from the font, the progress bar in the progress column.
void setUpJobTable(JobTableView *table, const QList<JobColumn> &columns);

// The ids of the selected rows (any job model answers JobRoles::JobIdRole), in view order.
QList<qint64> selectedJobIds(const QAbstractItemView *view);

// A command of a page over `table` (owned by `page`): its icon (repainted by Icons::refresh), and a shortcut, if
// any, that works while the table has the focus and is named in the tooltip.
QAction *addTableAction(QWidget *page, QAbstractItemView *table, const QString &objectName, const QString &text,
                        const QString &icon, const QKeySequence &shortcut);

// Opens `menu` at a table's context-menu position, over the row under it (selecting it first when it was not).
void popUpJobMenu(QAbstractItemView *view, const QPoint &pos, QMenu *menu);

} // namespace jobdeck
