#include "JobListPage.h"

#include "Console.h"
#include "Icons.h"
#include "JobTableModel.h"
#include "JobTableView.h"
#include "actions/JobActions.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QEvent>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QMenu>
#include <QSplitter>
#include <QVBoxLayout>

namespace jobdeck {

JobListPage::JobListPage(Console &console, const QString &title, const QString &subtitle, const JobFilter &filter,
                         const QList<JobColumn> &columns, QWidget *parent)
    : QWidget(parent), m_console(console)
{
    m_header = new PageHeader(title, subtitle, this);
    m_model = new JobTableModel(console.engine, this);
    m_model->setColumns(columns);
    m_model->setFilter(filter);
    m_table = new JobTableView(this);
    m_table->setModel(m_model);
    setUpJobTable(m_table, columns);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_table);
    m_menu = new QMenu(this);

    auto *details = new QAction(tr("&Details…"), this);
    details->setObjectName(QStringLiteral("detailsAction"));
    Icons::set(details, QStringLiteral("details"), palette());
    m_commands.push_back({details, [](const JobRecord &) { return true; }, {}});
    connect(details, &QAction::triggered, this, [this] {
        if (const JobRecord *job = currentJob())
            m_console.actions.showDetails(job->id);
    });
    m_menu->addAction(details);
    m_menu->addSeparator();
    connect(m_table, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { m_console.actions.showDetails(m_model->jobIdAt(index.row())); });
    connect(m_table, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { popUpJobMenu(m_table, pos, m_menu); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &JobListPage::selectionChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &JobListPage::selectionChanged);
    // A selected job that changes state may no longer allow a command.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobListPage::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &JobListPage::updateActions);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(m_header);
    layout->addWidget(m_splitter, 1);
    updateActions();
}

QAction *JobListPage::addJobAction(const QString &objectName, const QString &text, const QString &icon, Run run,
                                   Allowed allowed, const QKeySequence &shortcut)
{
    QAction *action = addTableAction(this, m_table, objectName, text, icon, shortcut);
    // Only the selected jobs the command suits: a question before it names as many jobs as it acts on.
    connect(action, &QAction::triggered, this, [this, run, allowed] {
        QList<qint64> ids;
        for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
            if (const JobRecord &job = m_model->jobAt(index.row()); allowed(job))
                ids << job.id;
        }
        if (!ids.isEmpty())
            run(ids);
    });
    m_header->addAction(action);
    m_menu->addAction(action);
    m_commands.push_back({action, std::move(allowed), {}});
    updateActions();
    return action;
}

QAction *JobListPage::addPageAction(const QString &objectName, const QString &text, const QString &icon,
                                    std::function<void()> run, std::function<bool()> enabled)
{
    auto *action = new QAction(text, this);
    action->setObjectName(objectName);
    Icons::set(action, icon, palette());
    connect(action, &QAction::triggered, this, std::move(run));
    m_header->addAction(action);
    m_commands.push_back({action, {}, std::move(enabled)});
    updateActions();
    return action;
}

void JobListPage::addBanner(QWidget *banner)
{
    auto *column = static_cast<QVBoxLayout *>(layout());
    column->insertWidget(column->indexOf(m_splitter), banner);
}

void JobListPage::setSidePanel(QWidget *panel)
{
    m_splitter->addWidget(panel);
    m_splitter->setObjectName(panel->objectName() + QStringLiteral("Splitter")); // the window remembers its sizes
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({3000, 2000}); // scaled to the page: three fifths for the list
}

QList<qint64> JobListPage::selectedIds() const
{
    return selectedJobIds(m_table);
}

const JobRecord *JobListPage::currentJob() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), {}))
        return nullptr;
    return &m_model->jobAt(current.row());
}

void JobListPage::selectionChanged()
{
    updateActions();
}

void JobListPage::updateActions()
{
    QList<const JobRecord *> selected;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        selected << &m_model->jobAt(index.row());
    for (const Command &c : m_commands) {
        if (!c.allowed) {
            c.action->setEnabled(!c.enabled || c.enabled());
            continue;
        }
        c.action->setEnabled(std::any_of(selected.begin(), selected.end(),
                                         [&c](const JobRecord *job) { return c.allowed(*job); }));
    }
}

} // namespace jobdeck
