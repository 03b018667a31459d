#include "QueuePage.h"

#include "Console.h"
#include "Icons.h"
#include "JobTableView.h"
#include "StateCounter.h"
#include "actions/JobActions.h"
#include "models/QueueSummaryModel.h"
#include "models/WaitingJobsModel.h"
#include "widgets/HeldJobsNote.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace jobdeck {

QueuePage::QueuePage(Console &console, QWidget *parent) : QWidget(parent), m_console(console)
{
    m_header = new PageHeader(tr("Queue"), QString(), this);
    m_queues = new QueueSummaryModel(console.engine, this);
    m_waiting = new WaitingJobsModel(console.engine, this);

    m_queueTable = new QTableView(this);
    m_queueTable->setObjectName(QStringLiteral("queueTable"));
    m_queueTable->setModel(m_queues);
    m_queueTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queueTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_queueTable->setShowGrid(false);
    m_queueTable->setAlternatingRowColors(true);
    m_queueTable->verticalHeader()->hide();
    m_queueTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_queueTable->verticalHeader()->setDefaultSectionSize(m_queueTable->fontMetrics().height() + 14);
    m_queueTable->horizontalHeader()->setHighlightSections(false);
    m_queueTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_queueTable->horizontalHeader()->setSectionResizeMode(QueueSummaryModel::NameColumn, QHeaderView::Interactive);
    // Wide enough for "next start 14:03:12" on one line.
    m_queueTable->horizontalHeader()->setSectionResizeMode(QueueSummaryModel::StateColumn, QHeaderView::ResizeToContents);
    m_queueTable->setColumnWidth(QueueSummaryModel::NameColumn, m_queueTable->fontMetrics().horizontalAdvance(QStringLiteral("thumbnails-big")) + 40);
    m_queueTable->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_waitingTable = new JobTableView(this);
    m_waitingTable->setObjectName(QStringLiteral("waitingTable"));
    m_waitingTable->setModel(m_waiting);
    setUpJobTable(m_waitingTable, m_waiting->columns());
    // Room for the State of a held job, "queued (paused)" or "blocked by job 12345".
    m_waitingTable->setColumnWidth(int(m_waiting->columns().indexOf(JobColumn::State)),
                                   m_waitingTable->fontMetrics().horizontalAdvance(tr("blocked by job 123456")) + 24);
    m_held = new HeldJobsNote(console, true, this);
    m_waitingTable->setEmptyText(tr("Nothing is waiting"), tr("Queued and scheduled jobs appear here in the order they will run."),
                                 QStringLiteral("queue"));

    const auto addAction = [this](const QString &name, const QString &text, const QString &icon, const QKeySequence &shortcut) {
        return addTableAction(this, m_waitingTable, name, text, icon, shortcut);
    };
    m_details = addAction(QStringLiteral("waitingDetailsAction"), tr("&Details…"), QStringLiteral("details"), {});
    m_runNow = addAction(QStringLiteral("runNowAction"), tr("Run &now"), QStringLiteral("run-now"), QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_priority = addAction(QStringLiteral("priorityAction"), tr("&Priority…"), QStringLiteral("priority"), QKeySequence(Qt::CTRL | Qt::Key_P));
    m_cancel = addAction(QStringLiteral("cancelWaitingAction"), tr("&Cancel"), QStringLiteral("cancel"), QKeySequence::Delete);
    m_pauseQueue = new QAction(tr("Pause queue"), this);
    m_pauseQueue->setObjectName(QStringLiteral("pauseQueueAction"));
    Icons::set(m_pauseQueue, QStringLiteral("pause"), palette());
    m_queueTable->addAction(m_pauseQueue);
    m_limit = new QAction(tr("Change limit…"), this);
    m_limit->setObjectName(QStringLiteral("queueLimitAction"));
    connect(m_limit, &QAction::triggered, this, [this] {
        const int row = m_queueTable->currentIndex().row();
        if (row > 0)
            m_queueTable->edit(m_queues->index(row, QueueSummaryModel::LimitColumn));
    });
    m_queueTable->addAction(m_limit);
    auto *rate = new QAction(tr("Change rate limit…"), this);
    rate->setObjectName(QStringLiteral("queueRateAction"));
    connect(rate, &QAction::triggered, this, [this] {
        const int row = m_queueTable->currentIndex().row();
        if (row > 0)
            m_queueTable->edit(m_queues->index(row, QueueSummaryModel::RateColumn));
    });
    m_queueTable->addAction(rate);
    for (QAction *a : {m_runNow, m_priority, m_cancel})
        m_header->addAction(a);

    m_menu = new QMenu(this);
    m_menu->addAction(m_details);
    m_menu->addSeparator();
    m_menu->addActions({m_runNow, m_priority, m_cancel});
    connect(m_waitingTable, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { popUpJobMenu(m_waitingTable, pos, m_menu); });
    connect(m_waitingTable, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { m_console.actions.showDetails(m_waiting->jobAt(index.row()).id); });
    connect(m_details, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedJobIds(m_waitingTable);
        if (!ids.isEmpty())
            m_console.actions.showDetails(ids.first());
    });
    connect(m_runNow, &QAction::triggered, this, [this] { m_console.actions.runNow(selectedJobIds(m_waitingTable)); });
    connect(m_cancel, &QAction::triggered, this, [this] { m_console.actions.cancel(selectedJobIds(m_waitingTable)); });
    connect(m_priority, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedJobIds(m_waitingTable);
        if (ids.isEmpty())
            return;
        const int current = m_waiting->jobAt(m_waiting->rowOfJob(ids.first())).priority;
        if (const auto chosen = m_choosePriority(current))
            m_console.actions.setPriority(ids, *chosen);
    });
    m_choosePriority = [this](int current) -> std::optional<int> {
        bool ok = false;
        const int value = QInputDialog::getInt(this, tr("Priority"), tr("Higher runs first:"), current, -1000, 1000, 1, &ok);
        return ok ? std::optional<int>(value) : std::nullopt;
    };
    connect(m_pauseQueue, &QAction::triggered, this, [this] {
        const QString queue = selectedQueue();
        const int row = m_queues->rowOfQueue(queue);
        if (row > 0)
            m_queues->setPaused(queue, !m_queues->index(row, 0).data(QueueSummaryModel::PausedRole).toBool());
    });

    connect(m_queueTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_waiting->setQueue(selectedQueue());
        m_held->setQueue(selectedQueue());
        updateActions();
        updateSubtitle();
    });
    // A new queue resets the list: keep the one the user chose.
    connect(m_queues, &QAbstractItemModel::modelAboutToBeReset, this, [this] { setProperty("keepQueue", selectedQueue()); });
    connect(m_queues, &QAbstractItemModel::modelReset, this, [this] {
        const int row = std::max(0, m_queues->rowOfQueue(property("keepQueue").toString()));
        m_queueTable->selectionModel()->setCurrentIndex(m_queues->index(row, 0),
                                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    });
    connect(m_queues, &QAbstractItemModel::dataChanged, this, &QueuePage::updateActions);
    connect(m_waitingTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &QueuePage::updateActions);
    connect(m_waiting, &QAbstractItemModel::dataChanged, this, &QueuePage::updateActions);
    connect(m_waiting, &QAbstractItemModel::rowsRemoved, this, &QueuePage::updateActions);
    connect(&console.counts, &StateCounter::countsChanged, this, &QueuePage::updateSubtitle);

    auto *queuesLabel = new QLabel(tr("Queues — double-click a limit or a rate to change it; right-click to pause a queue"), this);
    queuesLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *waitingLabel = new QLabel(tr("Waiting jobs, in the order they will run"), this);
    waitingLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 6);
    topLayout->addWidget(queuesLabel);
    topLayout->addWidget(m_queueTable);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 6, 0, 0);
    bottomLayout->addWidget(waitingLabel);
    bottomLayout->addWidget(m_held);
    bottomLayout->addWidget(m_waitingTable);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("queueSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 2); // room for eight or so queues before the list scrolls
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);

    m_queueTable->selectionModel()->setCurrentIndex(m_queues->index(0, 0),
                                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    updateActions();
    updateSubtitle();
}

QString QueuePage::selectedQueue() const
{
    const QModelIndex current = m_queueTable->selectionModel()->currentIndex();
    return current.isValid() ? current.siblingAtColumn(0).data(QueueSummaryModel::QueueNameRole).toString() : QString();
}

void QueuePage::updateActions()
{
    bool any = false;
    bool due = false;
    for (const QModelIndex &index : m_waitingTable->selectionModel()->selectedRows()) {
        any = true;
        const JobState s = m_waiting->jobAt(index.row()).state;
        due = due || s == JobState::Scheduled || s == JobState::Failed;
    }
    m_details->setEnabled(any);
    m_runNow->setEnabled(due);
    m_priority->setEnabled(any);
    m_cancel->setEnabled(any);
    const QString queue = selectedQueue();
    const int row = m_queues->rowOfQueue(queue);
    const bool paused = row > 0 && m_queues->index(row, 0).data(QueueSummaryModel::PausedRole).toBool();
    m_pauseQueue->setEnabled(row > 0); // the first row, all queues, has neither a switch nor a limit
    m_limit->setEnabled(row > 0);
    m_pauseQueue->setText(paused ? tr("Resume queue %1").arg(queue) : queue.isEmpty() ? tr("Pause queue") : tr("Pause queue %1").arg(queue));
    Icons::set(m_pauseQueue, paused ? QStringLiteral("resume") : QStringLiteral("pause"), palette());
}

void QueuePage::updateSubtitle()
{
    const StateCounter &c = m_console.counts;
    QString subtitle = tr("%1 queued · %2 scheduled · %3 waiting for a retry")
                           .arg(c.count(JobState::Queued))
                           .arg(c.count(JobState::Scheduled))
                           .arg(c.count(JobState::Failed));
    if (const qint64 after = c.count(JobState::Waiting))
        subtitle += tr(" · %1 waiting for other jobs").arg(after);
    m_header->setSubtitle(subtitle);
}

} // namespace jobdeck
