#include "JobTableSetup.h"

#include "Icons.h"
#include "JobRoles.h"
#include "JobTableView.h"
#include "ProgressDelegate.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>

namespace jobdeck {

void setUpJobTable(JobTableView *table, const QList<JobColumn> &columns)
{
    table->setSortingEnabled(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 14);
    QHeaderView *header = table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionsMovable(true);
    for (int i = 0; i < columns.size(); ++i) {
        // The last column stretches to the edge; a wide start would only push a narrow table into scrolling.
        const int width = JobColumns::width(columns[i], table->fontMetrics());
        table->setColumnWidth(i, i + 1 == columns.size() ? std::min(width, table->fontMetrics().averageCharWidth() * 12) : width);
        if (columns[i] == JobColumn::Progress)
            table->setItemDelegateForColumn(i, new ProgressDelegate(table));
    }
}

QList<qint64> selectedJobIds(const QAbstractItemView *view)
{
    QList<qint64> ids;
    if (!view->selectionModel())
        return ids;
    QModelIndexList rows = view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        ids.append(index.data(JobRoles::JobIdRole).toLongLong());
    return ids;
}

QAction *addTableAction(QWidget *page, QAbstractItemView *table, const QString &objectName, const QString &text,
                        const QString &icon, const QKeySequence &shortcut)
{
    auto *action = new QAction(text, page);
    action->setObjectName(objectName);
    Icons::set(action, icon, page->palette());
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        table->addAction(action);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(u'&'), shortcut.toString(QKeySequence::NativeText)));
    }
    return action;
}

void popUpJobMenu(QAbstractItemView *view, const QPoint &pos, QMenu *menu)
{
    const QModelIndex index = view->indexAt(pos);
    if (index.isValid() && !view->selectionModel()->isRowSelected(index.row(), index.parent()))
        view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    menu->popup(view->viewport()->mapToGlobal(pos));
}

} // namespace jobdeck
