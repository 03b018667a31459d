#include "HistoryPage.h"

#include "Console.h"
#include "Icons.h"
#include "JobTableView.h"
#include "storage/ReadThread.h"
#include "actions/JobActions.h"
#include "models/HistoryModel.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr int kTypingPauseMs = 250;
// However many jobs finish, the page reads at most this often.
constexpr int kCatchUpMs = 250;
constexpr qint64 kHourMs = 3'600'000;

enum TimeChoice { AnyTime, LastHour, LastDay, LastWeek, LastMonth, Between };

} // namespace

HistoryPage::HistoryPage(Console &console, QWidget *parent) : QWidget(parent), m_console(console)
{
    m_header = new PageHeader(tr("History"), tr("Every finished job"), this);
    m_model = new HistoryModel(console.engine, console.reads, this);
    m_table = new JobTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_model);
    setUpJobTable(m_table, m_model->columns());
    QHeaderView *header = m_table->horizontalHeader();
    header->setSortIndicatorShown(true);
    header->setSectionsClickable(true);
    header->setSortIndicator(m_model->columnOf(JobColumn::Finished), Qt::DescendingOrder);
    connect(header, &QHeaderView::sectionClicked, this, &HistoryPage::onHeaderClicked);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search payloads, errors and log lines…"));
    m_search->setClearButtonEnabled(true);
    Icons::set(m_search->addAction(QIcon(), QLineEdit::LeadingPosition), QStringLiteral("search"), palette());
    m_search->setMinimumWidth(m_search->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 22);
    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("historyStateFilter"));
    m_state->addItem(tr("All finished"));
    for (JobState s : {JobState::Succeeded, JobState::Dead, JobState::Cancelled})
        m_state->addItem(tr("%1 only").arg(stateName(s)), static_cast<int>(s));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("historyKindFilter"));
    m_kind->addItem(tr("Any kind"), QString());
    m_queue = new QComboBox(this);
    m_queue->setObjectName(QStringLiteral("historyQueueFilter"));
    m_queue->addItem(tr("Any queue"), QString());
    m_time = new QComboBox(this);
    m_time->setObjectName(QStringLiteral("historyTimeFilter"));
    m_time->addItems({tr("Any time"), tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days"),
                      tr("Between…")});
    const QDateTime now = QDateTime::currentDateTime();
    m_from = new QDateTimeEdit(now.addDays(-1), this);
    m_from->setObjectName(QStringLiteral("historyFrom"));
    m_to = new QDateTimeEdit(now, this);
    m_to->setObjectName(QStringLiteral("historyTo"));
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setVisible(false);
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this] { m_typing.start(); });
    }
    auto *filters = new QHBoxLayout;
    filters->setSpacing(8);
    filters->addWidget(m_search, 3);
    filters->addWidget(m_state);
    filters->addWidget(m_kind);
    filters->addWidget(m_queue);
    filters->addWidget(m_time);
    filters->addWidget(m_from);
    filters->addWidget(m_to);

    m_newJobs = new QPushButton(this);
    m_newJobs->setObjectName(QStringLiteral("historyNewJobs"));
    m_newJobs->setFlat(true);
    m_newJobs->setCursor(Qt::PointingHandCursor);
    m_newJobs->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_newJobs);

    const auto addAction = [this](const QString &name, const QString &text, const QString &icon, const QKeySequence &shortcut) {
        return addTableAction(this, m_table, name, text, icon, shortcut);
    };
    m_details = addAction(QStringLiteral("historyDetailsAction"), tr("&Details…"), QStringLiteral("details"), {});
    m_requeue = addAction(QStringLiteral("historyRequeueAction"), tr("&Requeue"), QStringLiteral("requeue"),
                          QKeySequence(Qt::CTRL | Qt::Key_R));
    m_delete = addAction(QStringLiteral("historyDeleteAction"), tr("&Delete"), QStringLiteral("delete"), QKeySequence::Delete);
    m_export = addAction(QStringLiteral("historyExportAction"), tr("&Export…"), QStringLiteral("export"),
                         QKeySequence(Qt::CTRL | Qt::Key_E));
    for (QAction *a : {m_requeue, m_delete, m_export})
        m_header->addAction(a);
    m_menu = new QMenu(this);
    m_menu->addAction(m_details);
    m_menu->addSeparator();
    m_menu->addActions({m_requeue, m_delete, m_export});
    connect(m_details, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedJobIds(m_table);
        if (!ids.isEmpty())
            m_console.actions.showDetails(ids.first());
    });
    connect(m_requeue, &QAction::triggered, this, [this] { m_console.actions.requeue(selectedJobIds(m_table)); });
    connect(m_delete, &QAction::triggered, this, [this] {
        const QList<qint64> ids = selectedJobIds(m_table);
        if (!ids.isEmpty()
            && m_console.actions.confirm({ConfirmKind::DeleteJobs, tr("Delete jobs"),
                                          tr("Delete %n job(s) with their attempts and log? This cannot be undone.",
                                             nullptr, int(ids.size())),
                                          int(ids.size())})) {
            m_console.actions.remove(ids);
            m_model->reload();
        }
    });
    connect(m_export, &QAction::triggered, this, [this] {
        const QString path = m_choosePath();
        QString error;
        if (!path.isEmpty() && !m_console.actions.exportJson(selectedJobIds(m_table), path, &error))
            Q_EMIT m_console.actions.message(tr("Could not export to %1: %2").arg(path, error), true);
    });
    m_choosePath = [this] {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        return QFileDialog::getSaveFileName(this, tr("Export jobs"), QDir(folder).filePath(QStringLiteral("jobs.json")),
                                            tr("JSON (*.json)"));
    };
    connect(m_table, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { popUpJobMenu(m_table, pos, m_menu); });
    connect(m_table, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { m_console.actions.showDetails(m_model->jobAt(index.row()).id); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPage::updateActions);

    m_typing.setSingleShot(true);
    m_typing.setInterval(kTypingPauseMs);
    connect(&m_typing, &QTimer::timeout, this, &HistoryPage::applyFilters);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_typing.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &HistoryPage::applyFilters);
    for (QComboBox *combo : {m_state, m_kind, m_queue})
        connect(combo, &QComboBox::currentIndexChanged, this, &HistoryPage::applyFilters);
    connect(m_time, &QComboBox::currentIndexChanged, this, [this](int choice) {
        m_from->setVisible(choice == Between);
        m_to->setVisible(choice == Between);
        applyFilters();
    });
    connect(m_newJobs, &QPushButton::clicked, m_model, &HistoryModel::reload);
    m_catchUp.setSingleShot(true);
    m_catchUp.setInterval(kCatchUpMs);
    connect(&m_catchUp, &QTimer::timeout, this, &HistoryPage::catchUp);
    // Not restarted by each change: a steady stream of finishing jobs still shows every kCatchUpMs.
    connect(m_model, &HistoryModel::outdated, this, [this] {
        if (isVisible() && !m_catchUp.isActive())
            m_catchUp.start();
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if ((value == 0) == m_atTop)
            return;
        m_atTop = value == 0;
        if (m_atTop && m_model->isOutdated() && !m_catchUp.isActive())
            m_catchUp.start(); // back at the top: what changed meanwhile comes in
        updateStatus();
    });
    connect(m_model, &HistoryModel::loadingChanged, this, &HistoryPage::updateStatus);
    connect(m_model, &HistoryModel::countChanged, this, &HistoryPage::updateStatus);
    connect(m_model, &HistoryModel::pageLoaded, this, &HistoryPage::updateStatus);
    connect(m_model, &HistoryModel::newSinceLoadChanged, this, &HistoryPage::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HistoryPage::updateStatus); // a shown job deleted
    connect(m_model, &HistoryModel::readFailed, this,
            [this](const QString &message) { Q_EMIT m_console.actions.message(tr("Could not read the history: %1").arg(message), true); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 12);
    layout->setSpacing(10);
    layout->addWidget(m_header);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(statusRow);
    applyFilters();
    updateActions();
}

HistoryQuery HistoryPage::queryFromFilters() const
{
    HistoryQuery q;
    q.order = m_order;
    q.search = m_search->text().trimmed();
    if (m_state->currentIndex() > 0)
        q.states = {static_cast<JobState>(m_state->currentData().toInt())};
    q.kind = m_kind->currentData().toString();
    q.queue = m_queue->currentData().toString();
    const qint64 now = m_console.engine.clock().nowMs();
    switch (m_time->currentIndex()) {
    case LastHour: q.finishedFromMs = now - kHourMs; break;
    case LastDay: q.finishedFromMs = now - 24 * kHourMs; break;
    case LastWeek: q.finishedFromMs = now - 7 * 24 * kHourMs; break;
    case LastMonth: q.finishedFromMs = now - 30 * 24 * kHourMs; break;
    case Between:
        q.finishedFromMs = m_from->dateTime().toMSecsSinceEpoch();
        q.finishedToMs = m_to->dateTime().toMSecsSinceEpoch();
        break;
    default: break;
    }
    return q;
}

void HistoryPage::applyFilters()
{
    m_typing.stop();
    const HistoryQuery q = queryFromFilters();
    // A search yields jobs by id: show the sort that is in effect.
    const HistoryQuery::Order order = q.effectiveOrder();
    const bool byId = order == HistoryQuery::Order::IdNewest || order == HistoryQuery::Order::IdOldest;
    const bool newest = order == HistoryQuery::Order::FinishedNewest || order == HistoryQuery::Order::IdNewest;
    m_table->horizontalHeader()->setSortIndicator(m_model->columnOf(byId ? JobColumn::Id : JobColumn::Finished),
                                                  newest ? Qt::DescendingOrder : Qt::AscendingOrder);
    if (q == m_model->query() && m_model->rowCount() > 0)
        return;
    m_model->setQuery(q);
}

void HistoryPage::showStates(const QList<JobState> &states)
{
    if (states.size() == 1) {
        const int index = m_state->findData(static_cast<int>(states.first()));
        if (index >= 0) {
            m_state->setCurrentIndex(index);
            return;
        }
    }
    m_state->setCurrentIndex(0);
}

QVariantMap HistoryPage::viewState() const
{
    return {{QStringLiteral("state"), m_state->currentData()},
            {QStringLiteral("kind"), m_kind->currentData()},
            {QStringLiteral("queue"), m_queue->currentData()},
            {QStringLiteral("time"), m_time->currentIndex()},
            {QStringLiteral("order"), static_cast<int>(m_order)}};
}

void HistoryPage::restoreViewState(const QVariantMap &state)
{
    const QSignalBlocker blockState(m_state);
    const QSignalBlocker blockTime(m_time);
    m_state->setCurrentIndex(std::max(0, m_state->findData(state.value(QStringLiteral("state")))));
    const int time = state.value(QStringLiteral("time"), AnyTime).toInt();
    m_time->setCurrentIndex(time >= AnyTime && time < Between ? time : AnyTime); // "between" times are of their day
    const int order = state.value(QStringLiteral("order"), static_cast<int>(HistoryQuery::Order::FinishedNewest)).toInt();
    using Order = HistoryQuery::Order;
    for (Order o : {Order::FinishedNewest, Order::FinishedOldest, Order::IdNewest, Order::IdOldest}) {
        if (static_cast<int>(o) == order)
            m_order = o;
    }
    // Kinds and queues are listed once the page is shown: keep them as choices until then.
    for (auto [combo, key] : {std::pair{m_kind, QStringLiteral("kind")}, std::pair{m_queue, QStringLiteral("queue")}}) {
        const QString name = state.value(key).toString();
        const QSignalBlocker block(combo);
        if (!name.isEmpty() && combo->findData(name) < 0)
            combo->addItem(name, name);
        combo->setCurrentIndex(std::max(0, combo->findData(name)));
    }
    if (!(queryFromFilters() == m_model->query()))
        applyFilters();
}

void HistoryPage::onHeaderClicked(int section)
{
    const JobColumn column = m_model->columns().value(section);
    using Order = HistoryQuery::Order;
    if (column == JobColumn::Finished)
        m_order = m_order == Order::FinishedNewest ? Order::FinishedOldest : Order::FinishedNewest;
    else if (column == JobColumn::Id)
        m_order = m_order == Order::IdNewest ? Order::IdOldest : Order::IdNewest;
    else
        Q_EMIT m_console.actions.message(tr("History sorts by finishing time or by id: click Finished or ID"), false);
    applyFilters(); // also puts the indicator back where the order is
}

void HistoryPage::fillChoices()
{
    m_console.reads.read<std::vector<JobCount>>(
        this, [](StoreReader &reader) { return reader.counts(); },
        [this](const std::vector<JobCount> &counts) { showChoices(counts); });
}

void HistoryPage::showChoices(const std::vector<JobCount> &counts)
{
    QSet<QString> kinds;
    QSet<QString> queues;
    for (const JobCount &c : counts) {
        if (isFinal(c.state)) {
            kinds.insert(c.kind);
            queues.insert(c.queue);
        }
    }
    for (auto [combo, names] : {std::pair{m_kind, kinds}, std::pair{m_queue, queues}}) {
        QStringList sorted(names.begin(), names.end());
        sorted.sort();
        const QString current = combo->currentData().toString();
        const QSignalBlocker block(combo);
        while (combo->count() > 1)
            combo->removeItem(1);
        for (const QString &name : sorted)
            combo->addItem(name, name);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    }
    m_choicesFilled = true;
    if (!(queryFromFilters() == m_model->query())) // a remembered kind or queue no longer has finished jobs
        applyFilters();
}

void HistoryPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fillChoices(); // new kinds and queues appear as jobs finish
    catchUp();     // what changed while the page was hidden
}

bool HistoryPage::followsLive() const
{
    const HistoryQuery::Order order = m_model->query().effectiveOrder();
    return isVisible() && m_table->verticalScrollBar()->value() == 0
        && (order == HistoryQuery::Order::FinishedNewest || order == HistoryQuery::Order::IdNewest);
}

void HistoryPage::catchUp()
{
    m_catchUp.stop();
    if (!isVisible() || !m_model->isOutdated())
        return;
    if (followsLive())
        m_model->refresh();
    else
        m_model->refreshChangedRows();
    updateStatus();
}

void HistoryPage::updateStatus()
{
    const QLocale locale;
    const int shown = m_model->rowCount();
    QString text;
    if (m_model->hasCount()) {
        const BoundedCount c = m_model->count();
        const QString total = c.exact ? locale.toString(c.count) : tr("%1+").arg(locale.toString(c.count));
        text = c.count == 0 && c.exact ? tr("No jobs") : tr("%1 of %2 jobs").arg(locale.toString(shown), total);
        if (isFiltered())
            m_header->setSubtitle(c.exact ? tr("%1 finished jobs match").arg(total)
                                          : tr("More than %1 finished jobs match").arg(locale.toString(c.count)));
        else
            m_header->setSubtitle(c.exact ? tr("%1 finished jobs").arg(total)
                                          : tr("More than %1 finished jobs").arg(locale.toString(c.count)));
    } else {
        text = tr("%1 jobs").arg(locale.toString(shown));
    }
    if (m_model->isLoading())
        text += tr(" · reading…");
    else if (!m_model->atEnd())
        text += tr(" · scroll for more");
    m_status->setText(text);
    const qint64 fresh = m_model->newSinceLoad();
    m_newJobs->setVisible(fresh != 0 && !followsLive()); // live, they come in by themselves in a moment
    m_newJobs->setText(fresh < 0 ? tr("The database changed — show the latest") : tr("%1 more finished — show them").arg(locale.toString(fresh)));
    updateEmptyText();
}

bool HistoryPage::isFiltered() const
{
    const HistoryQuery q = m_model->query();
    return q.searching() || !q.states.isEmpty() || !q.kind.isEmpty() || !q.queue.isEmpty() || q.finishedFromMs != 0
        || q.finishedToMs != 0;
}

void HistoryPage::updateEmptyText()
{
    QString title;
    QString hint;
    if (m_model->isLoading() && m_model->rowCount() == 0) {
        // Nothing to say before the first page is in.
    } else if (isFiltered()) {
        title = tr("No finished jobs match");
        hint = tr("Change the filters or the search words.");
    } else {
        title = tr("No finished jobs yet");
        hint = tr("Jobs appear here once they succeed, end dead or are cancelled.");
    }
    if (title != m_table->emptyTitle())
        m_table->setEmptyText(title, hint, QStringLiteral("history"));
}

void HistoryPage::updateActions()
{
    const QList<qint64> ids = selectedJobIds(m_table);
    for (QAction *a : {m_details, m_requeue, m_delete, m_export})
        a->setEnabled(!ids.isEmpty());
}

} // namespace jobdeck
