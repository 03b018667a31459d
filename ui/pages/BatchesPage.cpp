#include "BatchesPage.h"

#include "Console.h"
#include "Icons.h"
#include "JobTableView.h"
#include "ProgressDelegate.h"
#include "actions/JobActions.h"
#include "models/BatchJobsModel.h"
#include "models/BatchRowsModel.h"
#include "runner/Engine.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

const char *const kColumnSamples[BatchRowsModel::ColumnCount] = {
    "99999", "nightly thumbnails", "100% 10,000 of 10,000", "Succeeded", "Dead", "Cancelled", "Completed",
    "report · succeeded", "14:02:11", "3 Nov 14:02"};

} // namespace

BatchesPage::BatchesPage(Console &console, QWidget *parent) : QWidget(parent), m_console(console)
{
    setObjectName(QStringLiteral("batchesPage"));
    m_header = new PageHeader(tr("Batches"), QString(), this);
    m_model = new BatchRowsModel(console.engine, console.reads, this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(BatchRowsModel::SortRole);
    m_sorted->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_sorted->setDynamicSortFilter(true);

    m_table = new JobTableView(this);
    m_table->setObjectName(QStringLiteral("batchesTable"));
    m_table->setModel(m_sorted);
    setUpJobTable(m_table, {});
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setItemDelegateForColumn(BatchRowsModel::Progress, new ProgressDelegate(m_table));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BatchRowsModel::Id, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    for (int c = 0; c < BatchRowsModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, m_table->fontMetrics().horizontalAdvance(QString::fromUtf8(kColumnSamples[c])) + 20);
    // The name takes what is left: the counts stay beside each other.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(BatchRowsModel::Name, QHeaderView::Stretch);
    m_table->setEmptyText(tr("No batches"),
                          tr("A batch is a set of jobs with a completion job that runs once they have all ended: "
                             "jobdeck batch add NAME --file JOBS.jsonl --then KIND on the command line."),
                          QStringLiteral("batch"));

    m_cancel = addTableAction(this, m_table, QStringLiteral("cancelBatchAction"), tr("&Cancel batch…"),
                              QStringLiteral("cancel"), QKeySequence::Delete);
    m_completion = addTableAction(this, m_table, QStringLiteral("completionDetailsAction"), tr("C&ompletion job…"),
                                  QStringLiteral("details"), {});
    auto *commandRow = new QHBoxLayout;
    commandRow->setSpacing(2);
    auto *menu = new QMenu(this);
    for (QAction *a : {m_completion, m_cancel}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(a);
        button->setObjectName(a->objectName() + QStringLiteral("Button"));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setIconSize(QSize(16, 16));
        button->setAutoRaise(true);
        commandRow->addWidget(button);
        menu->addAction(a);
    }
    connect(m_cancel, &QAction::triggered, this, &BatchesPage::cancelSelected);
    connect(m_completion, &QAction::triggered, this, [this] {
        if (const auto batch = selectedBatch(); batch && batch->thenJobId > 0 && batch->thenState)
            m_console.actions.showDetails(batch->thenJobId);
    });
    connect(m_table, &QWidget::customContextMenuRequested, this, [this, menu](const QPoint &pos) { popUpJobMenu(m_table, pos, menu); });
    connect(m_table, &QAbstractItemView::activated, m_completion, &QAction::trigger);

    m_jobs = new BatchJobsModel(console.engine, console.reads, this);
    m_jobsTitle = new QLabel(this);
    m_jobsTitle->setObjectName(QStringLiteral("batchJobsTitle"));
    QFont titleFont = m_jobsTitle->font();
    titleFont.setWeight(QFont::DemiBold);
    m_jobsTitle->setFont(titleFont);
    m_jobsTable = new JobTableView(this);
    m_jobsTable->setObjectName(QStringLiteral("batchJobsTable"));
    m_jobsTable->setModel(m_jobs);
    setUpJobTable(m_jobsTable, m_jobs->columns());
    m_jobsTable->setEmptyText(tr("Select a batch"), tr("Its jobs are listed here, in the order they were created."),
                              QStringLiteral("batch"));
    m_jobDetails = addTableAction(this, m_jobsTable, QStringLiteral("batchJobDetailsAction"), tr("&Details…"),
                                  QStringLiteral("details"), {});
    auto *jobMenu = new QMenu(this);
    jobMenu->addAction(m_jobDetails);
    connect(m_jobDetails, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedJobIds(m_jobsTable);
        if (!ids.isEmpty())
            m_console.actions.showDetails(ids.first());
    });
    connect(m_jobsTable, &QWidget::customContextMenuRequested, this,
            [this, jobMenu](const QPoint &pos) { popUpJobMenu(m_jobsTable, pos, jobMenu); });
    connect(m_jobsTable, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { m_console.actions.showDetails(m_jobs->jobAt(index.row()).id); });

    auto *jobsPanel = new QWidget(this);
    auto *jobsLayout = new QVBoxLayout(jobsPanel);
    jobsLayout->setContentsMargins(0, 6, 0, 0);
    jobsLayout->addWidget(m_jobsTitle);
    jobsLayout->addWidget(m_jobsTable, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(jobsPanel);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const auto batch = selectedBatch();
        m_jobs->setBatch(batch ? batch->id : 0);
        m_jobsTable->setEmptyText(batch ? tr("No jobs left") : tr("Select a batch"),
                                  batch ? tr("The jobs of this batch were deleted.")
                                        : tr("Its jobs are listed here, in the order they were created."),
                                  QStringLiteral("batch"));
        updateActions();
        updateJobsTitle();
    });
    connect(m_model, &BatchRowsModel::loaded, this, [this] {
        // The newest batch is selected when nothing is, so the jobs below are never empty without a reason.
        if (!m_table->selectionModel()->hasSelection() && m_sorted->rowCount() > 0)
            m_table->selectionModel()->setCurrentIndex(m_sorted->index(0, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        updateActions();
        updateSubtitle();
        updateJobsTitle();
    });
    connect(m_jobs, &BatchJobsModel::loaded, this, &BatchesPage::updateJobsTitle);
    const auto readFailed = [this](const QString &message) {
        Q_EMIT m_console.actions.message(tr("Could not read the batches: %1").arg(message), true);
    };
    connect(m_model, &BatchRowsModel::readFailed, this, readFailed);
    connect(m_jobs, &BatchJobsModel::readFailed, this, readFailed);

    auto *bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addLayout(commandRow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(m_header);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    updateActions();
    updateSubtitle();
    updateJobsTitle();
    m_model->setLive(false);
}

std::optional<JobBatchRecord> BatchesPage::selectedBatch() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->batchAt(m_sorted->mapToSource(rows.front()).row());
}

bool BatchesPage::selectBatch(qint64 id)
{
    const int row = m_model->rowOfBatch(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_sorted->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void BatchesPage::cancelSelected()
{
    const auto batch = selectedBatch();
    if (!batch || batch->state() != JobBatchState::Running)
        return;
    const QString question = batch->thenJobId > 0
        ? tr("Cancel batch %1 (%2)? Its %3 jobs still to run are cancelled (running ones are stopped), and its "
             "completion job will not run.").arg(batch->id).arg(batch->name).arg(QLocale().toString(batch->pending()))
        : tr("Cancel batch %1 (%2)? Its %3 jobs still to run are cancelled; running ones are stopped.")
              .arg(batch->id).arg(batch->name).arg(QLocale().toString(batch->pending()));
    if (!m_console.actions.confirm({ConfirmKind::CancelBatch, tr("Cancel batch"), question, int(batch->pending())}))
        return;
    const qint64 id = batch->id;
    m_console.engine.cancelBatch(id, this, [this, id](const BatchResult &r) {
        if (!r.ok)
            Q_EMIT m_console.actions.message(tr("Batch %1 was not cancelled: %2").arg(id).arg(r.error), true);
        else if (!r.results.front().applied)
            Q_EMIT m_console.actions.message(tr("Batch %1 had ended already").arg(id), false);
        else
            Q_EMIT m_console.actions.message(tr("Cancelled batch %1: %2 of its jobs cancelled or asked to stop")
                                                 .arg(id).arg(r.results.front().affected),
                                             false);
        m_model->reload();
    });
}

void BatchesPage::updateActions()
{
    const auto batch = selectedBatch();
    m_cancel->setEnabled(batch && batch->state() == JobBatchState::Running);
    m_completion->setEnabled(batch && batch->thenJobId > 0 && batch->thenState);
    m_jobDetails->setEnabled(m_jobs->rowCount() > 0);
}

void BatchesPage::updateSubtitle()
{
    if (!m_model->hasLoaded()) {
        m_header->setSubtitle(tr("Reading the batches…"));
        return;
    }
    const int total = m_model->rowCount();
    if (total == 0) {
        m_header->setSubtitle(tr("No batch has been created yet"));
        return;
    }
    int running = 0;
    qint64 pending = 0, dead = 0;
    for (int row = 0; row < total; ++row) {
        const JobBatchRecord &b = m_model->batchAt(row);
        running += b.state() == JobBatchState::Running ? 1 : 0;
        pending += b.state() == JobBatchState::Running ? b.pending() : 0;
        dead += b.dead;
    }
    const QLocale locale;
    QStringList parts{total >= BatchRowsModel::kShown ? tr("The newest %1 batches").arg(locale.toString(total))
                      : total == 1                    ? tr("1 batch")
                                                      : tr("%1 batches").arg(locale.toString(total))};
    parts << (running == 1 ? tr("1 running") : tr("%1 running").arg(running));
    if (pending)
        parts << tr("%1 jobs to go").arg(locale.toString(pending));
    if (dead)
        parts << tr("%1 dead jobs").arg(locale.toString(dead));
    m_header->setSubtitle(parts.join(QStringLiteral("  ·  ")));
}

void BatchesPage::updateJobsTitle()
{
    const auto batch = selectedBatch();
    m_jobDetails->setEnabled(m_jobs->rowCount() > 0);
    if (!batch) {
        m_jobsTitle->setText(tr("Jobs — select a batch"));
        return;
    }
    const QLocale locale;
    const QString shown = m_jobs->rowCount() < batch->total
        ? tr(", first %1 shown").arg(locale.toString(m_jobs->rowCount()))
        : QString();
    m_jobsTitle->setText(tr("Jobs of batch %1, %2 (%3 of %4 ended%5)")
                             .arg(batch->id)
                             .arg(batch->name, locale.toString(batch->ended()), locale.toString(batch->total), shown));
}

void BatchesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setLive(true);
}

void BatchesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setLive(false);
}

} // namespace jobdeck
