#include "PipelinesPage.h"

#include "Console.h"
#include "JobTableView.h"
#include "actions/JobActions.h"
#include "models/PipelineDetail.h"
#include "models/PipelineRowsModel.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"
#include "widgets/PipelineChain.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

const char *const kColumnSamples[PipelineRowsModel::ColumnCount] = {
"99999", "order 5521", "step 10 of 10 failed", "Undoing step 2", "3 Nov 14:02", "3 Nov 14:02", "step 3 (charge) ended dead"};

} // namespace

PipelinesPage::PipelinesPage(Console &console, QWidget *parent) : QWidget(parent), m_console(console)
{
    setObjectName(QStringLiteral("pipelinesPage"));
    m_header = new PageHeader(tr("Pipelines"), QString(), this);
    m_model = new PipelineRowsModel(console.engine, console.reads, this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(PipelineRowsModel::SortRole);
    m_sorted->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_sorted->setDynamicSortFilter(true);

    m_table = new JobTableView(this);
    m_table->setObjectName(QStringLiteral("pipelinesTable"));
    m_table->setModel(m_sorted);
    setUpJobTable(m_table, {});
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PipelineRowsModel::Id, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    for (int c = 0; c < PipelineRowsModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, m_table->fontMetrics().horizontalAdvance(QString::fromUtf8(kColumnSamples[c])) + 20);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(PipelineRowsModel::Outcome, QHeaderView::Stretch);
    m_table->setEmptyText(tr("No pipelines"),
                          tr("A pipeline runs its steps one after another and undoes those that succeeded when a "
                             "later one fails: jobdeck pipeline run FILE.json on the command line."),
                          QStringLiteral("pipeline"));

    m_detail = new PipelineDetail(console.engine, console.reads, this);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pipelineTitle"));
    QFont titleFont = m_title->font();
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_chain = new PipelineChain(this);
    m_chain->setObjectName(QStringLiteral("pipelineChain"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_chain);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_stepDetails = new QAction(tr("&Step details…"), this);
    m_stepDetails->setObjectName(QStringLiteral("stepDetailsAction"));
    m_stepDetails->setEnabled(false);
    auto *stepButton = new QToolButton(this);
    stepButton->setDefaultAction(m_stepDetails);
    stepButton->setObjectName(QStringLiteral("stepDetailsActionButton"));
    stepButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    stepButton->setAutoRaise(true);
    connect(m_stepDetails, &QAction::triggered, this, [this] {
        if (const qint64 job = m_chain->selectedJobId(); job > 0)
            m_console.actions.showDetails(job);
    });
    connect(m_chain, &PipelineChain::jobActivated, this, [this](qint64 job) { m_console.actions.showDetails(job); });
    connect(m_chain, &PipelineChain::selectionChanged, this,
            [this] { m_stepDetails->setEnabled(m_chain->selectedJobId() > 0); });

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(stepButton);
    auto *chainPanel = new QWidget(this);
    auto *chainLayout = new QVBoxLayout(chainPanel);
    chainLayout->setContentsMargins(12, 0, 0, 0);
    chainLayout->addLayout(titleRow);
    chainLayout->addWidget(scroll, 1);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(chainPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({700, 420}); // in proportion: the list gets the room its columns need

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const auto pipeline = selectedPipeline();
        m_detail->setPipeline(pipeline ? pipeline->id : 0);
        updateTitle();
    });
    connect(m_detail, &PipelineDetail::loaded, this, [this] {
        m_chain->setPipeline(m_detail->pipeline());
        updateTitle();
    });
    connect(m_model, &PipelineRowsModel::loaded, this, [this] {
        // The newest pipeline is selected when nothing is, so the chain is never empty without a reason.
        if (!m_table->selectionModel()->hasSelection() && m_sorted->rowCount() > 0)
            m_table->selectionModel()->setCurrentIndex(m_sorted->index(0, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        updateSubtitle();
        updateTitle();
    });
    const auto readFailed = [this](const QString &message) {
        Q_EMIT m_console.actions.message(tr("Could not read the pipelines: %1").arg(message), true);
    };
    connect(m_model, &PipelineRowsModel::readFailed, this, readFailed);
    connect(m_detail, &PipelineDetail::readFailed, this, readFailed);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);
    updateSubtitle();
    updateTitle();
    m_model->setLive(false);
    m_detail->setLive(false);
}

std::optional<PipelineRecord> PipelinesPage::selectedPipeline() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->pipelineAt(m_sorted->mapToSource(rows.front()).row());
}

bool PipelinesPage::selectPipeline(qint64 id)
{
    const int row = m_model->rowOfPipeline(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_sorted->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void PipelinesPage::updateSubtitle()
{
    if (!m_model->hasLoaded()) {
        m_header->setSubtitle(tr("Reading the pipelines…"));
        return;
    }
    const int total = m_model->rowCount();
    if (total == 0) {
        m_header->setSubtitle(tr("No pipeline has been started yet"));
        return;
    }
    int running = 0, undoing = 0, failed = 0;
    for (int row = 0; row < total; ++row) {
        switch (m_model->pipelineAt(row).state) {
        case PipelineState::Running:
            ++running;
            break;
        case PipelineState::Compensating:
            ++undoing;
            break;
        case PipelineState::Failed:
            ++failed;
            break;
        case PipelineState::Succeeded:
            break;
        }
    }
    const QLocale locale;
    QStringList parts{total >= PipelineRowsModel::kShown ? tr("The newest %1 pipelines").arg(locale.toString(total))
                      : total == 1                       ? tr("1 pipeline")
                                                         : tr("%1 pipelines").arg(locale.toString(total))};
    parts << (running == 1 ? tr("1 running") : tr("%1 running").arg(running));
    if (undoing)
        parts << (undoing == 1 ? tr("1 undoing its steps") : tr("%1 undoing their steps").arg(undoing));
    if (failed)
        parts << (failed == 1 ? tr("1 failed") : tr("%1 failed").arg(failed));
    m_header->setSubtitle(parts.join(QStringLiteral("  ·  ")));
}

void PipelinesPage::updateTitle()
{
    const auto selected = selectedPipeline();
    if (!selected) {
        m_title->setText(tr("Steps — select a pipeline"));
        return;
    }
    // The detail's read is newer than the list's row when it has arrived.
    const PipelineRecord &p = m_detail->pipeline() && m_detail->pipeline()->id == selected->id ? *m_detail->pipeline() : *selected;
    m_title->setText(tr("Pipeline %1, %2: %3").arg(p.id).arg(p.name, PipelineRowsModel::stateText(p).toLower()));
}

void PipelinesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setLive(true);
    m_detail->setLive(true);
}

void PipelinesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setLive(false);
    m_detail->setLive(false);
}

} // namespace jobdeck
