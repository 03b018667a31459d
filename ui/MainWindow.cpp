#include "MainWindow.h"

#include "ActionIcons.h"
#include "JobTableModel.h"
#include "JobTableView.h"
#include "NewJobDialog.h"
#include "ProgressDelegate.h"
#include "StateCounter.h"
#include "StateStyle.h"
#include "runner/Engine.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr int kStatusIntervalMs = 1000;
constexpr int kMessageMs = 6000;

QSettings appSettings()
{
    return QSettings(QStringLiteral("Jobdeck"), QStringLiteral("jobdeck"));
}

} // namespace

MainWindow::MainWindow(Engine &engine, QWidget *parent) : QMainWindow(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("mainWindow"));
    const QString dbName = QFileInfo(engine.store().location()).fileName();
    setWindowTitle(tr("Jobdeck — %1").arg(dbName.isEmpty() ? engine.store().location() : dbName));

    m_model = new JobTableModel(engine, this);
    m_counter = new StateCounter(engine, this);

    m_table = new JobTableView(this);
    m_table->setObjectName(QStringLiteral("jobTable"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(false); // rows are keyset pages newest first; sorting a page would mislead
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setItemDelegateForColumn(JobTableModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setEmptyText(tr("No jobs yet"),
                          tr("Use New job to enqueue one, or from a terminal:\n"
                             "jobdeck enqueue sleep --payload '{\"ms\": 2000}'"));
    m_table->verticalHeader()->hide();
    // Fixed row heights: no per-row measuring when thousands of rows change every second.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from what the columns hold, so they fit the user's font rather than a guess in pixels.
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [&fm](const QString &sample, int extra = 0) { return fm.horizontalAdvance(sample) + 24 + extra; };
    m_table->setColumnWidth(JobTableModel::IdColumn, fit(QStringLiteral("000000")));
    m_table->setColumnWidth(JobTableModel::KindColumn, fit(QStringLiteral("thumbnail")));
    m_table->setColumnWidth(JobTableModel::QueueColumn, fit(QStringLiteral("thumbnails")));
    m_table->setColumnWidth(JobTableModel::StateColumn, fit(QStringLiteral("succeeded"), 20));
    m_table->setColumnWidth(JobTableModel::ProgressColumn, fit(QStringLiteral("90000000 of 90000000"), 110 + 20));
    m_table->setColumnWidth(JobTableModel::AttemptsColumn, fit(tr("Attempts")));
    m_table->setColumnWidth(JobTableModel::UpdatedColumn, fit(QStringLiteral("30 Nov 00:00")));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 4, 8, 0);
    layout->addWidget(m_table);
    setCentralWidget(central);

    createActions();
    createStatusBar();

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    // A selected job that finishes can no longer be cancelled.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::revealPendingJob);
    connect(m_model, &JobTableModel::readFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Could not read the job list: %1").arg(message), kMessageMs);
    });
    connect(&engine, &Engine::pausedChanged, this, &MainWindow::updateRunnerState);

    // Busy workers have no signal of their own, and the counts change too often to show every change.
    m_statusTimer.setInterval(kStatusIntervalMs);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer.start();

    restoreSettings();
    updateActions();
    updateRunnerState();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    const QPalette pal = palette();
    m_newJobAction = new QAction(ActionIcons::newJob(pal), tr("&New job…"), this);
    m_newJobAction->setObjectName(QStringLiteral("newJobAction"));
    m_newJobAction->setShortcut(QKeySequence::New);
    m_newJobAction->setToolTip(tr("Enqueue a job (%1)").arg(QKeySequence(QKeySequence::New).toString()));
    connect(m_newJobAction, &QAction::triggered, this, [this] { openNewJobDialog(); });

    m_cancelAction = new QAction(ActionIcons::cancel(pal), tr("&Cancel"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setToolTip(tr("Cancel the selected jobs"));
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelSelectedJobs);

    m_pauseAction = new QAction(this);
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setCheckable(true);
    // triggered, not toggled: the check mark follows the engine's state, which setChecked() below mirrors.
    connect(m_pauseAction, &QAction::triggered, this, [this] { m_engine.setPaused(!m_engine.isPaused()); });

    m_refreshAction = new QAction(ActionIcons::refresh(pal), tr("&Refresh"), this);
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Read the job list again"));
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        m_model->refresh();
        m_counter->resync();
        updateStatus();
    });

    auto *toolbar = addToolBar(tr("Jobs"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setFloatable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    toolbar->addAction(m_newJobAction);
    toolbar->addAction(m_cancelAction);
    toolbar->addSeparator();
    toolbar->addAction(m_pauseAction);
    toolbar->addSeparator();
    toolbar->addAction(m_refreshAction);
    toolbar->toggleViewAction()->setEnabled(false); // a window without its controls is not a state to offer
}

void MainWindow::createStatusBar()
{
    m_runnerLabel = new QLabel(this);
    m_runnerLabel->setObjectName(QStringLiteral("runnerStateLabel"));
    m_workersLabel = new QLabel(this);
    m_workersLabel->setObjectName(QStringLiteral("workersLabel"));
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    for (QLabel *label : {m_countsLabel, m_workersLabel, m_runnerLabel}) {
        label->setContentsMargins(10, 0, 10, 0);
        statusBar()->addPermanentWidget(label);
    }
}

NewJobDialog *MainWindow::newJobDialog() const
{
    return m_newJobDialog.data();
}

NewJobDialog *MainWindow::openNewJobDialog()
{
    if (m_newJobDialog) {
        m_newJobDialog->raise();
        m_newJobDialog->activateWindow();
        return m_newJobDialog;
    }
    auto *dialog = new NewJobDialog(m_engine.handlers(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { enqueueFromDialog(*dialog); });
    m_newJobDialog = dialog;
    // open(), not exec(): no nested event loop, so the table keeps updating and tests can drive the dialog.
    dialog->open();
    return dialog;
}

void MainWindow::enqueueFromDialog(const NewJobDialog &dialog)
{
    const JobSpec spec = dialog.spec();
    QPointer<MainWindow> self(this);
    m_engine.submit({EnqueueJob{spec, m_engine.clock().nowMs()}}, [self](const BatchResult &result) {
        // On the store's writer thread: hand the result to the main thread, where the window may be gone.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, result] {
                if (self)
                    self->onEnqueued(result);
            },
            Qt::QueuedConnection);
    });
}

void MainWindow::onEnqueued(const BatchResult &result)
{
    if (!result.ok || result.results.empty() || result.results.front().jobId == 0) {
        statusBar()->showMessage(tr("Could not enqueue the job: %1").arg(result.error), kMessageMs * 2);
        return;
    }
    const qint64 id = result.results.front().jobId;
    statusBar()->showMessage(tr("Enqueued job %1").arg(id), kMessageMs);
    m_revealJobId = id;
    revealPendingJob();
}

void MainWindow::revealPendingJob()
{
    if (m_revealJobId == 0)
        return;
    const QModelIndex index = m_model->indexOfJob(m_revealJobId);
    if (!index.isValid())
        return; // not read in yet: rowsInserted brings us back
    m_revealJobId = 0;
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

QList<qint64> MainWindow::selectedJobIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(JobTableModel::IdColumn);
    for (const QModelIndex &index : rows)
        ids.append(index.data(JobRoles::JobIdRole).toLongLong());
    return ids;
}

void MainWindow::cancelSelectedJobs()
{
    int asked = 0;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(JobTableModel::IdColumn);
    for (const QModelIndex &index : rows) {
        if (isFinal(static_cast<JobState>(index.data(JobRoles::StateRole).toInt())))
            continue;
        m_engine.cancel(index.data(JobRoles::JobIdRole).toLongLong());
        ++asked;
    }
    if (asked > 0)
        statusBar()->showMessage(tr("Cancelling %n job(s)", nullptr, asked), kMessageMs);
}

void MainWindow::updateActions()
{
    bool cancellable = false;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(JobTableModel::StateColumn);
    for (const QModelIndex &index : rows) {
        if (!isFinal(static_cast<JobState>(index.data(JobRoles::StateRole).toInt()))) {
            cancellable = true;
            break;
        }
    }
    m_cancelAction->setEnabled(cancellable);
}

void MainWindow::updateRunnerState()
{
    const bool paused = m_engine.isPaused();
    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Resume runner") : tr("Pause runner"));
    m_pauseAction->setIcon(paused ? ActionIcons::resume(palette()) : ActionIcons::pause(palette()));
    m_pauseAction->setToolTip(paused ? tr("Start claiming queued jobs again")
                                     : tr("Stop claiming new jobs; running jobs finish"));
    m_runnerLabel->setText(paused ? tr("Runner paused") : tr("Runner active"));
    QPalette pal = m_runnerLabel->palette();
    pal.setColor(QPalette::WindowText, paused ? StateStyle::color(JobState::Failed, palette())
                                              : palette().color(QPalette::WindowText));
    m_runnerLabel->setPalette(pal);
}

void MainWindow::updateStatus()
{
    m_workersLabel->setText(tr("Workers %1/%2 busy").arg(m_engine.busyWorkers()).arg(m_engine.workers()));
    QStringList parts;
    parts << tr("%1 running").arg(m_counter->count(JobState::Running))
          << tr("%1 queued").arg(m_counter->count(JobState::Queued));
    // The rest only when there is something to look at.
    if (const qint64 n = m_counter->count(JobState::Scheduled))
        parts << tr("%1 scheduled").arg(n);
    if (const qint64 n = m_counter->count(JobState::Failed))
        parts << tr("%1 retrying").arg(n);
    if (const qint64 n = m_counter->count(JobState::Dead))
        parts << tr("%1 dead").arg(n);
    m_countsLabel->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::restoreSettings()
{
    QSettings settings = appSettings();
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1180, 720);
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("mainWindow/jobTableHeader")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings = appSettings();
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/jobTableHeader"), m_table->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace jobdeck
