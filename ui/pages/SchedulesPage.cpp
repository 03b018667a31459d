#include "SchedulesPage.h"

#include "Console.h"
#include "Icons.h"
#include "JobTableView.h"
#include "actions/JobActions.h"
#include "models/ScheduleRowsModel.h"
#include "runner/Engine.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

// Typical contents, in column order, that each column is made wide enough for; the last one stretches.
const char *const kColumnSamples[ScheduleRowsModel::ColumnCount] = {
    "warehouse feed refresh", "process {\"program\":", "Every 15 minutes · Europe/Berlin", "11:45 · in 10 min",
    "● Succeeded · 11:30 · job 1234", "Paused", "Catch up ≤ 10", "Queue one", "holidays"};

} // namespace

SchedulesPage::SchedulesPage(Console &console, ScheduleActions &actions, QWidget *parent)
    : QWidget(parent), m_console(console), m_actions(actions)
{
    setObjectName(QStringLiteral("schedulesPage"));
    m_header = new PageHeader(tr("Schedules"), QString(), this);
    m_model = new ScheduleRowsModel(console.engine, console.reads, this);
    // Two filters in a row: the state filter's tags, then the search text; the second one sorts.
    m_byState = new QSortFilterProxyModel(this);
    m_byState->setSourceModel(m_model);
    m_byState->setFilterRole(ScheduleRowsModel::StatusRole);
    m_byState->setFilterKeyColumn(0);
    m_bySearch = new QSortFilterProxyModel(this);
    m_bySearch->setSourceModel(m_byState);
    m_bySearch->setFilterRole(ScheduleRowsModel::SearchRole);
    m_bySearch->setFilterKeyColumn(0);
    m_bySearch->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_bySearch->setSortRole(ScheduleRowsModel::SortRole);
    m_bySearch->setSortCaseSensitivity(Qt::CaseInsensitive);
    // The rows change in place as they are read again: sorting and filtering follow.
    m_bySearch->setDynamicSortFilter(true);
    m_byState->setDynamicSortFilter(true);

    m_table = new JobTableView(this);
    m_table->setObjectName(QStringLiteral("schedulesTable"));
    m_table->setModel(m_bySearch);
    setUpJobTable(m_table, {});
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ScheduleRowsModel::Next, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    for (int c = 0; c < ScheduleRowsModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, m_table->fontMetrics().horizontalAdvance(QString::fromUtf8(kColumnSamples[c])) + 18);
    m_table->setEmptyText(tr("No schedules"),
                          tr("A schedule enqueues a job at its times: New schedule here or on the calendar, "
                             "jobdeck schedule add on the command line, or \"schedule\" in a job's settings.job."));
    m_table->setMouseTracking(true);

    m_menu = new QMenu(this);
    m_commandRow = new QHBoxLayout;
    m_commandRow->setSpacing(2);
    auto *add = new QAction(tr("&New schedule…"), this);
    add->setObjectName(QStringLiteral("newScheduleAction"));
    Icons::set(add, QStringLiteral("new-job"), palette());
    connect(add, &QAction::triggered, this, [this] { m_actions.openEditor(); });
    m_header->addAction(add);
    addCommand(QStringLiteral("runScheduleNowAction"), tr("&Run now"), QStringLiteral("run-now"),
               ScheduleActions::Command::RunNow, QKeySequence(Qt::CTRL | Qt::Key_Return));
    addCommand(QStringLiteral("pauseScheduleAction"), tr("&Pause"), QStringLiteral("pause"), ScheduleActions::Command::Pause,
               QKeySequence(Qt::CTRL | Qt::Key_Period));
    addCommand(QStringLiteral("resumeScheduleAction"), tr("Res&ume"), QStringLiteral("resume"),
               ScheduleActions::Command::Resume, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Period));
    m_menu->addSeparator();
    addCommand(QStringLiteral("editScheduleAction"), tr("&Edit…"), QStringLiteral("settings"), ScheduleActions::Command::Edit,
               QKeySequence(Qt::Key_Return));
    addCommand(QStringLiteral("duplicateScheduleAction"), tr("D&uplicate…"), QStringLiteral("copy"),
               ScheduleActions::Command::Duplicate, QKeySequence(Qt::CTRL | Qt::Key_D));
    m_menu->addSeparator();
    addCommand(QStringLiteral("deleteScheduleAction"), tr("&Delete…"), QStringLiteral("delete"),
               ScheduleActions::Command::Delete, QKeySequence::Delete);
    m_menu->setToolTipsVisible(true);

    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != ScheduleRowsModel::Last)
            m_actions.perform(ScheduleActions::Command::Edit, selectedSchedules());
    });
    connect(m_table, &QAbstractItemView::clicked, this, &SchedulesPage::openLastRun);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) { popUpJobMenu(m_table, pos, m_menu); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchedulesPage::updateActions);
    connect(m_model, &ScheduleRowsModel::loaded, this, [this] {
        updateActions();
        updateSubtitle();
    });
    connect(m_model, &ScheduleRowsModel::readFailed, this, [this](const QString &message) {
        Q_EMIT m_console.actions.message(tr("Could not read the schedules: %1").arg(message), true);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(m_header);
    layout->addWidget(createFilters());
    layout->addWidget(m_table, 1);
    updateActions();
    updateSubtitle();
    m_model->setLive(false); // until shown: a hidden page reads again when it is shown
}

QWidget *SchedulesPage::createFilters()
{
    auto *bar = new QWidget(this);
    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("scheduleSearch"));
    m_search->setPlaceholderText(tr("Search names, jobs, times, queues, calendars…"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::get(QStringLiteral("search"), palette()), QLineEdit::LeadingPosition);
    m_search->setMaximumWidth(m_search->fontMetrics().averageCharWidth() * 40);
    connect(m_search, &QLineEdit::textChanged, m_bySearch, &QSortFilterProxyModel::setFilterFixedString);
    m_stateFilter = new QComboBox(bar);
    m_stateFilter->setObjectName(QStringLiteral("scheduleStateFilter"));
    m_stateFilter->addItem(tr("All schedules"), QString());
    m_stateFilter->addItem(tr("Active"), QStringLiteral("active"));
    m_stateFilter->addItem(tr("Paused"), QStringLiteral("paused"));
    m_stateFilter->addItem(tr("Done"), QStringLiteral("done"));
    m_stateFilter->addItem(tr("Jobs folder"), QStringLiteral("folder"));
    m_stateFilter->addItem(tr("Last run failed"), QStringLiteral("failed"));
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QString tag = m_stateFilter->currentData().toString();
        m_byState->setFilterRegularExpression(tag.isEmpty() ? QString() : QStringLiteral("\\b%1\\b").arg(tag));
    });
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_search, 1);
    row->addWidget(m_stateFilter);
    row->addSpacing(12);
    row->addStretch(0);
    row->addLayout(m_commandRow);
    return bar;
}

QAction *SchedulesPage::addCommand(const QString &objectName, const QString &text, const QString &icon,
                                   ScheduleActions::Command command, const QKeySequence &shortcut)
{
    QAction *action = addTableAction(this, m_table, objectName, text, icon, shortcut);
    connect(action, &QAction::triggered, this, [this, command] { m_actions.perform(command, selectedSchedules()); });
    // Beside the search rather than in the header: seven commands with their names would widen the page.
    auto *button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setObjectName(objectName + QStringLiteral("Button"));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setIconSize(QSize(16, 16));
    button->setAutoRaise(true);
    m_commandRow->addWidget(button);
    m_menu->addAction(action);
    m_commands.emplace_back(action, command);
    return action;
}

std::vector<ScheduleRecord> SchedulesPage::selectedSchedules() const
{
    std::vector<ScheduleRecord> out;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows) {
        const QModelIndex source = m_byState->mapToSource(m_bySearch->mapToSource(index));
        out.push_back(m_model->rowAt(source.row()).record);
    }
    return out;
}

bool SchedulesPage::selectSchedule(const QString &name)
{
    for (int row = 0; row < m_bySearch->rowCount(); ++row) {
        const QModelIndex index = m_bySearch->index(row, ScheduleRowsModel::Name);
        if (index.data().toString() == name) {
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index);
            return true;
        }
    }
    return false;
}

void SchedulesPage::updateActions()
{
    const std::vector<ScheduleRecord> selected = selectedSchedules();
    for (const auto &[action, command] : m_commands) {
        const bool takesSeveral = command != ScheduleActions::Command::Edit && command != ScheduleActions::Command::Duplicate;
        const bool any = std::any_of(selected.begin(), selected.end(),
                                     [this, command](const ScheduleRecord &s) { return m_actions.applies(command, s); });
        action->setEnabled(any && (takesSeveral || selected.size() == 1));
        // Why not, when a single schedule is selected: the folder's say where they are edited.
        if (!any && selected.size() == 1)
            action->setStatusTip(m_actions.whyNot(command, selected.front()));
        else
            action->setStatusTip(QString());
    }
}

void SchedulesPage::updateSubtitle()
{
    if (!m_model->hasLoaded()) {
        m_header->setSubtitle(tr("Reading the schedules…"));
        return;
    }
    int paused = 0, folder = 0, failed = 0;
    const ScheduleRow *soonest = nullptr;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ScheduleRow &r = m_model->rowAt(row);
        const QString tags = m_model->index(row, 0).data(ScheduleRowsModel::StatusRole).toString();
        paused += tags.startsWith(QLatin1String("paused")) ? 1 : 0;
        folder += r.folder ? 1 : 0;
        failed += tags.contains(QLatin1String("failed")) ? 1 : 0;
        if (r.nextMs > 0 && (!soonest || r.nextMs < soonest->nextMs))
            soonest = &r;
    }
    const int total = m_model->rowCount();
    if (total == 0) {
        m_header->setSubtitle(tr("Nothing runs on its own yet"));
        return;
    }
    const QLocale locale;
    QStringList parts{total == 1 ? tr("1 schedule") : tr("%1 schedules").arg(locale.toString(total))};
    if (paused)
        parts << tr("%1 paused").arg(paused);
    if (folder)
        parts << tr("%1 from the jobs folder").arg(folder);
    if (failed)
        parts << tr("%1 whose last run failed").arg(failed);
    if (soonest)
        parts << tr("next: %1 at %2").arg(soonest->record.spec.name,
                                          QDateTime::fromMSecsSinceEpoch(soonest->nextMs).toString(QStringLiteral("HH:mm")));
    m_header->setSubtitle(parts.join(QStringLiteral("  ·  ")));
}

void SchedulesPage::openLastRun(const QModelIndex &index)
{
    if (index.column() != ScheduleRowsModel::Last)
        return;
    if (const qint64 job = index.data(ScheduleRowsModel::LastJobRole).toLongLong(); job > 0)
        m_console.actions.showDetails(job);
}

void SchedulesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setLive(true);
}

void SchedulesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setLive(false);
}

} // namespace jobdeck
