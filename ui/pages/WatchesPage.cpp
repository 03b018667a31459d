#include "WatchesPage.h"

#include "Console.h"
#include "Icons.h"
#include "JobTableView.h"
#include "actions/JobActions.h"
#include "dialogs/WatchDialog.h"
#include "models/WatchRowsModel.h"
#include "runner/Engine.h"
#include "watch/WatchCommands.h"
#include "widgets/JobTableSetup.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

const char *const kColumnSamples[WatchRowsModel::ColumnCount] = {
    "camera uploads", "/srv/incoming/scans (and subfolders)", "*.csv, *.csv.gz", "thumbnail", "Move to done/",
    "Watching", "Enqueued", "Done 99", "Failed", "Skipped"};

} // namespace

WatchesPage::WatchesPage(Console &console, QWidget *parent) : QWidget(parent), m_console(console)
{
    setObjectName(QStringLiteral("watchesPage"));
    m_header = new PageHeader(tr("Watched folders"), QString(), this);
    m_model = new WatchRowsModel(console.engine, console.reads, this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(WatchRowsModel::SortRole);
    m_sorted->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_sorted->setDynamicSortFilter(true);

    m_table = new JobTableView(this);
    m_table->setObjectName(QStringLiteral("watchesTable"));
    m_table->setModel(m_sorted);
    setUpJobTable(m_table, {});
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(WatchRowsModel::Name, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    for (int c = 0; c < WatchRowsModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, m_table->fontMetrics().horizontalAdvance(QString::fromUtf8(kColumnSamples[c])) + 18);
    // The folder takes what is left: the counts stay beside each other at the right.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(WatchRowsModel::Folder, QHeaderView::Stretch);
    m_table->setEmptyText(tr("No watched folders"),
                          tr("A watched folder enqueues a job for each complete file that arrives in it: New watched "
                             "folder here, or jobdeck watch add on the command line."));

    auto *add = new QAction(tr("&New watched folder…"), this);
    add->setObjectName(QStringLiteral("newWatchAction"));
    Icons::set(add, QStringLiteral("new-job"), palette());
    connect(add, &QAction::triggered, this, [this] { openNewWatchDialog(); });
    m_header->addAction(add);

    auto *menu = new QMenu(this);
    auto *commandRow = new QHBoxLayout;
    commandRow->setSpacing(2);
    m_pause = addCommand(QStringLiteral("pauseWatchAction"), tr("&Pause"), QStringLiteral("pause"),
                         QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_resume = addCommand(QStringLiteral("resumeWatchAction"), tr("Res&ume"), QStringLiteral("resume"),
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Period));
    m_remove = addCommand(QStringLiteral("removeWatchAction"), tr("&Remove…"), QStringLiteral("delete"), QKeySequence::Delete);
    for (QAction *a : {m_pause, m_resume, m_remove}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(a);
        button->setObjectName(a->objectName() + QStringLiteral("Button"));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setIconSize(QSize(16, 16));
        button->setAutoRaise(true);
        commandRow->addWidget(button);
        menu->addAction(a);
    }
    connect(m_pause, &QAction::triggered, this, [this] { setPaused(true); });
    connect(m_resume, &QAction::triggered, this, [this] { setPaused(false); });
    connect(m_remove, &QAction::triggered, this, &WatchesPage::removeSelected);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this, menu](const QPoint &pos) { popUpJobMenu(m_table, pos, menu); });

    m_skipsTitle = new QLabel(this);
    QFont titleFont = m_skipsTitle->font();
    titleFont.setWeight(QFont::DemiBold);
    m_skipsTitle->setFont(titleFont);
    m_skips = new QTreeWidget(this);
    m_skips->setObjectName(QStringLiteral("watchSkips"));
    m_skips->setRootIsDecorated(false);
    m_skips->setAlternatingRowColors(true);
    m_skips->setHeaderLabels({tr("File"), tr("Why it was skipped"), tr("Detail"), tr("When")});
    m_skips->setColumnWidth(0, fontMetrics().horizontalAdvance(QStringLiteral("scans/2026/holiday-video.mov")) + 20);
    m_skips->setColumnWidth(1, fontMetrics().horizontalAdvance(QStringLiteral("symbolic link leading out of the folder")) + 20);
    m_skips->setColumnWidth(2, fontMetrics().horizontalAdvance(QStringLiteral("/home/someone/elsewhere/file")) + 20);
    auto *skipsPanel = new QWidget(this);
    auto *skipsLayout = new QVBoxLayout(skipsPanel);
    skipsLayout->setContentsMargins(0, 6, 0, 0);
    skipsLayout->addWidget(m_skipsTitle);
    skipsLayout->addWidget(m_skips, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(skipsPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showSkips();
    });
    connect(m_model, &WatchRowsModel::loaded, this, [this] {
        updateActions();
        updateSubtitle();
        showSkips();
    });
    connect(m_model, &WatchRowsModel::readFailed, this, [this](const QString &message) {
        Q_EMIT m_console.actions.message(tr("Could not read the watched folders: %1").arg(message), true);
    });

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
    showSkips();
    m_model->setLive(false);
}

QAction *WatchesPage::addCommand(const QString &objectName, const QString &text, const QString &icon,
                                 const QKeySequence &shortcut)
{
    return addTableAction(this, m_table, objectName, text, icon, shortcut);
}

std::vector<WatchRecord> WatchesPage::selectedWatches() const
{
    std::vector<WatchRecord> out;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        out.push_back(m_model->rowAt(m_sorted->mapToSource(index).row()).record);
    return out;
}

bool WatchesPage::selectWatch(const QString &name)
{
    for (int row = 0; row < m_sorted->rowCount(); ++row) {
        const QModelIndex index = m_sorted->index(row, WatchRowsModel::Name);
        if (index.data().toString() == name) {
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index);
            return true;
        }
    }
    return false;
}

WatchDialog *WatchesPage::openNewWatchDialog()
{
    auto *dialog = new WatchDialog(m_console.engine.handlers().kinds(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const auto spec = dialog->spec();
        if (!spec)
            return;
        QString error;
        const auto save = WatchCommands::save(*spec, m_console.engine.clock().nowMs(), false, &error);
        if (!save) {
            Q_EMIT m_console.actions.message(error, true);
            return;
        }
        const QString name = spec->name;
        m_console.engine.submit({*save}, this, [this, name](const BatchResult &r) {
            if (!r.ok)
                Q_EMIT m_console.actions.message(tr("The watch was not saved: %1").arg(r.error), true);
            else if (!r.results.front().applied)
                Q_EMIT m_console.actions.message(tr("A watch named %1 exists already").arg(name), true);
            else
                Q_EMIT m_console.actions.message(tr("Watching for %1").arg(name), false);
        });
    });
    dialog->open();
    return dialog;
}

void WatchesPage::write(WriteBatch batch, const QString &done)
{
    m_console.engine.submit(std::move(batch), this, [this, done](const BatchResult &r) {
        if (!r.ok)
            Q_EMIT m_console.actions.message(tr("Not written: %1").arg(r.error), true);
        else
            Q_EMIT m_console.actions.message(done, false);
    });
}

void WatchesPage::setPaused(bool paused)
{
    WriteBatch batch;
    QStringList names;
    for (const WatchRecord &w : selectedWatches()) {
        if (w.paused == paused)
            continue;
        batch.push_back(WatchCommands::pause(w.spec.name, paused, m_console.engine.clock().nowMs()));
        names << w.spec.name;
    }
    if (batch.empty())
        return;
    write(std::move(batch), paused ? tr("Paused %1").arg(names.join(QStringLiteral(", ")))
                                   : tr("Watching %1 again").arg(names.join(QStringLiteral(", "))));
}

void WatchesPage::removeSelected()
{
    const std::vector<WatchRecord> selected = selectedWatches();
    if (selected.empty())
        return;
    QStringList names;
    for (const WatchRecord &w : selected)
        names << w.spec.name;
    const QString question = selected.size() == 1
        ? tr("Stop watching %1 and forget which of its files were taken? Its jobs and files stay.").arg(names.front())
        : tr("Stop watching %1 folders and forget which of their files were taken? Their jobs and files stay.").arg(selected.size());
    if (!m_console.actions.confirm({ConfirmKind::DeleteWatch, tr("Remove watched folders"), question, int(selected.size())}))
        return;
    WriteBatch batch;
    for (const QString &name : names)
        batch.push_back(DeleteWatch{name});
    write(std::move(batch), tr("Removed %1").arg(names.join(QStringLiteral(", "))));
}

void WatchesPage::updateActions()
{
    const std::vector<WatchRecord> selected = selectedWatches();
    const auto any = [&](bool paused) {
        return std::any_of(selected.begin(), selected.end(), [paused](const WatchRecord &w) { return w.paused == paused; });
    };
    m_pause->setEnabled(any(false));
    m_resume->setEnabled(any(true));
    m_remove->setEnabled(!selected.empty());
}

void WatchesPage::updateSubtitle()
{
    if (!m_model->hasLoaded()) {
        m_header->setSubtitle(tr("Reading the watched folders…"));
        return;
    }
    const int total = m_model->rowCount();
    if (total == 0) {
        m_header->setSubtitle(tr("No folder is watched yet"));
        return;
    }
    int paused = 0;
    qint64 enqueued = 0, failed = 0, skipped = 0;
    for (int row = 0; row < total; ++row) {
        const WatchRecord &r = m_model->rowAt(row).record;
        paused += r.paused ? 1 : 0;
        enqueued += r.enqueued;
        failed += r.failed;
        skipped += r.skipped;
    }
    const QLocale locale;
    QStringList parts{total == 1 ? tr("1 folder") : tr("%1 folders").arg(locale.toString(total))};
    if (paused)
        parts << tr("%1 paused").arg(paused);
    parts << tr("%1 files enqueued").arg(locale.toString(enqueued));
    if (failed)
        parts << tr("%1 failed").arg(locale.toString(failed));
    if (skipped)
        parts << tr("%1 skipped").arg(locale.toString(skipped));
    m_header->setSubtitle(parts.join(QStringLiteral("  ·  ")));
}

void WatchesPage::showSkips()
{
    m_skips->clear();
    const std::vector<WatchRecord> selected = selectedWatches();
    if (selected.size() != 1) {
        m_skipsTitle->setText(tr("Skipped files — select a watched folder"));
        return;
    }
    const WatchRecord &watch = selected.front();
    const WatchRow *row = nullptr;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (m_model->rowAt(i).record.id == watch.id)
            row = &m_model->rowAt(i);
    }
    if (!row)
        return;
    m_skipsTitle->setText(row->skips.empty() ? tr("Skipped files of %1 — none").arg(watch.spec.name)
                                             : tr("Skipped files of %1 (%2)").arg(watch.spec.name).arg(QLocale().toString(watch.skipped)));
    const QDir root(watch.spec.dir);
    for (const WatchSkip &s : row->skips) {
        auto *item = new QTreeWidgetItem(m_skips);
        item->setText(0, QDir::toNativeSeparators(root.relativeFilePath(s.path)));
        item->setToolTip(0, s.path);
        item->setText(1, skipReasonText(s.reason));
        item->setText(2, s.detail);
        item->setToolTip(2, s.detail);
        item->setText(3, QLocale().toString(QDateTime::fromMSecsSinceEpoch(s.atMs), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }
}

void WatchesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setLive(true);
}

void WatchesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setLive(false);
}

} // namespace jobdeck
