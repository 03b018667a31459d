#include "MainWindow.h"

#include "AppSettings.h"
#include "Icons.h"
#include "JobTableView.h"
#include "NewJobDialog.h"
#include "storage/ReadThread.h"
#include "StateCounter.h"
#include "StateStyle.h"
#include "actions/JobActions.h"
#include "actions/ScheduleActions.h"
#include "calendar/CalendarPage.h"
#include "desktop/DropController.h"
#include "dialogs/JobDetailsDialog.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/SettingsDialog.h"
#include "models/HealthMonitor.h"
#include "models/HistoryModel.h"
#include "models/QueueSummaryModel.h"
#include "pages/BatchesPage.h"
#include "pages/PipelinesPage.h"
#include "pages/HealthPage.h"
#include "pages/HistoryPage.h"
#include "pages/OverviewPage.h"
#include "pages/PoisonPage.h"
#include "pages/QueuePage.h"
#include "pages/RunningPage.h"
#include "pages/SchedulesPage.h"
#include "pages/WatchesPage.h"
#include "runner/Engine.h"
#include "shell/Navigator.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr int kStatusIntervalMs = 1000;
constexpr int kMessageMs = 6000;

QString compact(qint64 n)
{
    if (n < 10'000)
        return QString::number(n);
    if (n < 1'000'000)
        return QStringLiteral("%1k").arg(n / 1000);
    return QStringLiteral("%1M").arg(double(n) / 1e6, 0, 'f', 1);
}

} // namespace

MainWindow::MainWindow(Engine &engine, QWidget *parent) : QMainWindow(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::app());
    const QString dbName = QFileInfo(engine.store().location()).fileName();
    setWindowTitle(tr("Jobdeck — %1").arg(dbName.isEmpty() ? engine.store().location() : dbName));

    m_reads = new ReadThread(engine.store(), this);
    m_counter = new StateCounter(engine, this);
    m_actions = new JobActions(engine, this);
    m_healthMonitor = new HealthMonitor(engine, *m_reads, this);
    m_console = std::make_unique<Console>(Console{engine, *m_reads, *m_counter, *m_actions});

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *pageArea = new QWidget(central);
    auto *pageLayout = new QVBoxLayout(pageArea);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    QWidget *sidebar = nullptr;
    {
        auto *panel = new QWidget(central);
        panel->setObjectName(QStringLiteral("sidebarPanel"));
        panel->setAttribute(Qt::WA_StyledBackground);
        m_navigator = new Navigator(panel, pageArea);
        sidebar = panel;
    }
    pageLayout->addWidget(m_navigator->pages());
    layout->addWidget(sidebar);
    layout->addWidget(pageArea, 1);
    setCentralWidget(central);
    createSidebar();

    createActions();
    createStatusBar();
    createPages();

    m_drops = new DropController(*this, engine, this);
    connect(m_drops, &DropController::message, this, &MainWindow::showMessage);
    connect(m_actions, &JobActions::message, this, &MainWindow::showMessage);
    connect(m_actions, &JobActions::detailsRequested, this, [this](qint64 id) { openJobDetails(id); });
    connect(&engine, &Engine::pausedChanged, this, &MainWindow::updateRunnerState);
    connect(&engine, &Engine::workersChanged, this, [this](int workers) {
        const QSignalBlocker block(m_workers);
        m_workers->setValue(workers);
        updateWorkersTip();
        updateStatus();
    });
    connect(&engine, &Engine::storeFailed, this,
            [this](const QString &message) { showMessage(tr("Database error: %1").arg(message), true); });
    connect(m_counter, &StateCounter::countsChanged, this, &MainWindow::updateBadges);
    connect(m_healthMonitor, &HealthMonitor::reportChanged, this, &MainWindow::updateBadges);

    // Busy workers have no signal of their own, and the counts change too often to show every change.
    m_statusTimer.setInterval(kStatusIntervalMs);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer.start();

    restoreSettings();
    updateRunnerState();
    updateStatus();
    updateBadges();
}

MainWindow::~MainWindow()
{
    // Pages and dialogs use the console; they go before it does.
    for (const auto &dialog : std::as_const(m_details))
        delete dialog.data();
    delete takeCentralWidget();
}

QWidget *MainWindow::createSidebar()
{
    QWidget *panel = m_navigator->sidebar()->parentWidget();
    auto *brandIcon = new QLabel(panel);
    brandIcon->setPixmap(Icons::app().pixmap(28, 28));
    auto *brandName = new QLabel(tr("Jobdeck"), panel);
    brandName->setObjectName(QStringLiteral("brandName"));
    QFont brandFont = brandName->font();
    brandFont.setPointSizeF(brandFont.pointSizeF() * 1.3);
    brandFont.setWeight(QFont::DemiBold);
    brandName->setFont(brandFont);
    auto *database = new QLabel(QFileInfo(m_engine.store().location()).fileName(), panel);
    database->setObjectName(QStringLiteral("databaseLabel"));
    database->setForegroundRole(QPalette::PlaceholderText);
    database->setToolTip(m_engine.store().location());
    auto *brandText = new QVBoxLayout;
    brandText->setSpacing(0);
    brandText->addWidget(brandName);
    brandText->addWidget(database);
    auto *brand = new QHBoxLayout;
    brand->setContentsMargins(16, 14, 12, 10);
    brand->setSpacing(10);
    brand->addWidget(brandIcon);
    brand->addLayout(brandText, 1);

    m_runnerPill = new QLabel(panel);
    m_runnerPill->setObjectName(QStringLiteral("runnerPill"));
    m_runnerPill->setWordWrap(true);
    m_runnerPill->setTextFormat(Qt::RichText);
    m_runnerPill->setContentsMargins(18, 8, 12, 14);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(brand);
    layout->addWidget(m_navigator->sidebar(), 1);
    layout->addWidget(m_runnerPill);
    const int width = m_navigator->sidebar()->fontMetrics().horizontalAdvance(QStringLiteral("Overview  99999")) + 110;
    panel->setFixedWidth(std::max(210, width));
    return panel;
}

void MainWindow::createPages()
{
    m_overview = new OverviewPage(*m_console, *m_healthMonitor, this);
    m_running = new RunningPage(*m_console, this);
    m_queue = new QueuePage(*m_console, this);
    m_history = new HistoryPage(*m_console, this);
    m_poison = new PoisonPage(*m_console, this);
    m_health = new HealthPage(*m_console, *m_healthMonitor, this);
    addPage(QStringLiteral("overview"), tr("Overview"), QStringLiteral("overview"), m_overview);
    addPage(QStringLiteral("running"), tr("Running"), QStringLiteral("running"), m_running);
    addPage(QStringLiteral("queue"), tr("Queue"), QStringLiteral("queue"), m_queue);
    addPage(QStringLiteral("history"), tr("History"), QStringLiteral("history"), m_history);
    addPage(QStringLiteral("poison"), tr("Poison"), QStringLiteral("poison"), m_poison);
    addPage(QStringLiteral("health"), tr("Health"), QStringLiteral("health"), m_health);
    auto *schedules = new ScheduleActions(m_engine, *m_actions, this);
    connect(schedules, &ScheduleActions::message, this, &MainWindow::showMessage);
    auto *calendar = new CalendarPage(m_engine, this, schedules);
    addPage(QStringLiteral("calendar"), tr("Calendar"), QStringLiteral("calendar"), calendar);
    addPage(QStringLiteral("schedules"), tr("Schedules"), QStringLiteral("schedules"), new SchedulesPage(*m_console, *schedules, this));
    addPage(QStringLiteral("watches"), tr("Watched folders"), QStringLiteral("folder"), new WatchesPage(*m_console, this));
    addPage(QStringLiteral("batches"), tr("Batches"), QStringLiteral("batch"), new BatchesPage(*m_console, this));
    addPage(QStringLiteral("pipelines"), tr("Pipelines"), QStringLiteral("pipeline"), new PipelinesPage(*m_console, this));
    connect(calendar, &CalendarPage::message, this, [this](const QString &text) { showMessage(text, false); });
    connect(m_overview, &OverviewPage::openPage, this, [this](const QString &id, const QList<JobState> &states) {
        if (id == QLatin1String("history"))
            m_history->showStates(states);
        showPage(id);
    });
}

int MainWindow::addPage(const QString &id, const QString &title, const QString &iconName, QWidget *page)
{
    return m_navigator->addPage(id, title, iconName, page);
}

void MainWindow::showPage(const QString &id)
{
    m_navigator->showPage(id);
}

QString MainWindow::currentPage() const
{
    return m_navigator->currentId();
}

void MainWindow::createActions()
{
    const auto make = [this](const QString &name, const QString &icon, const QString &text) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        Icons::set(action, icon, palette());
        addAction(action); // shortcuts work whichever widget has the focus
        return action;
    };
    m_newJobAction = make(QStringLiteral("newJobAction"), QStringLiteral("new-job"), tr("&New job…"));
    m_newJobAction->setShortcut(QKeySequence::New);
    m_newJobAction->setToolTip(tr("Enqueue a job (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    connect(m_newJobAction, &QAction::triggered, this, [this] { openNewJobDialog(); });

    m_pauseAction = make(QStringLiteral("pauseAction"), QStringLiteral("pause"), tr("Pause runner"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    // triggered, not toggled: the check mark follows the engine's state, which setChecked() below mirrors.
    connect(m_pauseAction, &QAction::triggered, this, [this] { m_engine.setPaused(!m_engine.isPaused()); });

    m_openAction = make(QStringLiteral("openDatabaseAction"), QStringLiteral("database"), tr("&Open database…"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open another Jobdeck database (%1)").arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseDatabase);

    m_settingsAction = make(QStringLiteral("settingsAction"), QStringLiteral("settings"), tr("&Settings…"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setToolTip(tr("Workers, retention, durability, tray and appearance (Ctrl+,)"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    auto *about = make(QStringLiteral("aboutAction"), QStringLiteral("details"), tr("&About"));
    about->setShortcut(QKeySequence::HelpContents);
    about->setToolTip(tr("Version, database and licence of Jobdeck (%1)")
                          .arg(QKeySequence(QKeySequence::HelpContents).toString(QKeySequence::NativeText)));
    connect(about, &QAction::triggered, this, [this] {
        auto *dialog = new AboutDialog(m_engine.store().location(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });

    m_refreshAction = make(QStringLiteral("refreshAction"), QStringLiteral("refresh"), tr("&Refresh"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Read everything again (F5)"));
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        m_counter->resync();
        m_healthMonitor->checkNow();
        m_history->model()->reload();
        m_queue->queues()->refresh();
        updateStatus();
    });

    auto *quit = new QAction(tr("&Quit"), this);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, [this] {
        m_hideOnClose = false;
        close();
    });
    addAction(quit);

    m_workers = new QSpinBox(this);
    m_workers->setObjectName(QStringLiteral("workersSpin"));
    m_workers->setRange(1, 256);
    m_workers->setValue(m_engine.workers());
    m_workers->setEnabled(m_engine.runsJobs());
    updateWorkersTip();
    m_workers->setKeyboardTracking(false);
    connect(m_workers, &QSpinBox::valueChanged, this, [this](int workers) {
        m_engine.setWorkers(workers);
        AppSettings::setWorkers(workers);
    });
    auto *workersLabel = new QLabel(tr("Workers"), this);
    workersLabel->setContentsMargins(8, 0, 4, 0);

    auto *toolbar = addToolBar(tr("Runner"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setFloatable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    toolbar->addAction(m_newJobAction);
    toolbar->addSeparator();
    toolbar->addAction(m_pauseAction);
    toolbar->addWidget(workersLabel);
    toolbar->addWidget(m_workers);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addAction(m_refreshAction);
    toolbar->addAction(m_openAction);
    toolbar->addAction(m_settingsAction);
    toolbar->addAction(about);
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
    dialog->setDefinitions(m_console->definitions);
    dialog->setKnownQueues(m_queue->queues()->queueNames());
    connect(dialog, &QDialog::accepted, this, [this, dialog] { enqueueFromDialog(*dialog); });
    m_newJobDialog = dialog;
    // open(), not exec(): no nested event loop, so the pages keep updating and tests can drive the dialog.
    dialog->open();
    return dialog;
}

void MainWindow::enqueueFromDialog(const NewJobDialog &dialog)
{
    const JobSpec spec = dialog.spec();
    m_engine.submit({EnqueueJob{spec, m_engine.clock().nowMs()}}, this,
                    [this](const BatchResult &result) { onEnqueued(result); });
}

void MainWindow::onEnqueued(const BatchResult &result)
{
    if (!result.ok || result.results.empty() || result.results.front().jobId == 0) {
        showMessage(tr("Could not enqueue the job: %1").arg(result.error), true);
        return;
    }
    const qint64 id = result.results.front().jobId;
    showMessage(tr("Enqueued job %1").arg(id), false);
}

JobDetailsDialog *MainWindow::jobDetails(qint64 jobId) const
{
    return m_details.value(jobId).data();
}

JobDetailsDialog *MainWindow::openJobDetails(qint64 jobId)
{
    if (JobDetailsDialog *open = jobDetails(jobId)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *dialog = new JobDetailsDialog(*m_console, jobId, this);
    m_details.insert(jobId, dialog);
    connect(dialog, &QObject::destroyed, this, [this, jobId] { m_details.remove(jobId); });
    dialog->show();
    return dialog;
}

void MainWindow::setJobsFolder(JobsFolder &folder, const JobDefinitions &definitions)
{
    m_console->jobsFolder = &folder;
    m_console->definitions = &definitions;
    m_drops->setDefinitions(&definitions);
    findChild<CalendarPage *>()->followJobDefinitions(definitions);
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(*m_console, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::accepted, this, &MainWindow::settingsChanged);
    connect(dialog, &SettingsDialog::appearanceChosen, this, [this] { Q_EMIT settingsChanged(); });
    dialog->open();
}

void MainWindow::chooseDatabase()
{
    const QString current = m_engine.store().location();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open database"), QFileInfo(current).absolutePath(),
                                                      tr("Jobdeck databases (*.db *.sqlite);;All files (*)"));
    if (!path.isEmpty() && QFileInfo(path).absoluteFilePath() != current)
        Q_EMIT openDatabaseRequested(path);
}

void MainWindow::showMessage(const QString &text, bool problem)
{
    statusBar()->showMessage(text, problem ? kMessageMs * 2 : kMessageMs);
}

void MainWindow::updateRunnerState()
{
    const bool paused = m_engine.isPaused();
    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Resume runner") : tr("Pause runner"));
    Icons::set(m_pauseAction, paused ? QStringLiteral("resume") : QStringLiteral("pause"), palette());
    m_pauseAction->setToolTip(paused ? tr("Start claiming queued jobs again (Ctrl+Shift+P)")
                                     : tr("Stop claiming new jobs; running jobs finish (Ctrl+Shift+P)"));
    const bool console = !m_engine.runsJobs();
    m_runnerLabel->setText(console ? (paused ? tr("Runners paused") : tr("Console")) : paused ? tr("Runner paused") : tr("Runner active"));
    QPalette pal = m_runnerLabel->palette();
    pal.setColor(QPalette::WindowText, paused ? StateStyle::color(JobState::Failed, palette())
                                              : palette().color(QPalette::WindowText));
    m_runnerLabel->setPalette(pal);
    updateStatus();
}

void MainWindow::updateWorkersTip()
{
    if (!m_engine.runsJobs()) {
        m_workers->setToolTip(tr("This window is a console; the runner serving the database sets its workers"));
        return;
    }
    const WorkerRange range = m_engine.workerRange();
    m_workers->setToolTip(range.isFixed() ? tr("Jobs this runner runs at once")
                                          : tr("Jobs this runner runs at once. It scales between %1 and %2 as jobs wait "
                                               "or workers idle; choosing a number here fixes it.")
                                                .arg(range.min)
                                                .arg(range.max));
}

void MainWindow::updateStatus()
{
    const bool paused = m_engine.isPaused();
    if (m_engine.runsJobs()) {
        m_workersLabel->setText(tr("Workers %1/%2 busy").arg(m_engine.busyWorkers()).arg(m_engine.workers()));
    } else if (m_healthMonitor->hasReport()) {
        const HealthReport &r = m_healthMonitor->report();
        m_workersLabel->setText(tr("Workers %1/%2 busy on %3").arg(r.workersBusy).arg(r.workersTotal)
                                    .arg(r.liveRunners == 1 ? tr("1 runner") : tr("%1 runners").arg(r.liveRunners)));
    }
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

    const QColor dot = paused ? StateStyle::color(JobState::Failed, palette())
                              : StateStyle::color(m_engine.busyWorkers() > 0 ? JobState::Running : JobState::Succeeded, palette());
    QString text;
    if (!m_engine.runsJobs())
        text = paused ? tr("Console · runners paused") : tr("Console over other runners");
    else
        text = paused ? tr("Runner paused") : tr("Runner active");
    m_runnerPill->setText(QStringLiteral("<span style='color:%1; font-size:large'>●</span>&nbsp;%2<br>"
                                         "<span style='color:%3'>%4</span>")
                              .arg(dot.name(), text.toHtmlEscaped(), palette().color(QPalette::PlaceholderText).name(),
                                   m_workersLabel->text().toHtmlEscaped()));
}

void MainWindow::updateBadges()
{
    using Tone = Navigator::BadgeTone;
    const auto badge = [this](const QString &id, qint64 n, Tone tone) {
        m_navigator->setBadge(id, n > 0 ? compact(n) : QString(), tone);
    };
    badge(QStringLiteral("running"), m_counter->count(JobState::Running), Tone::Accent);
    badge(QStringLiteral("queue"), m_counter->count(JobState::Queued) + m_counter->count(JobState::Scheduled), Tone::Quiet);
    badge(QStringLiteral("poison"), m_counter->count(JobState::Dead), Tone::Danger);
    if (m_healthMonitor->hasReport()) {
        const HealthStatus status = m_healthMonitor->report().status;
        m_navigator->setBadge(QStringLiteral("health"),
                              status == HealthStatus::Healthy ? QString() : QStringLiteral("!"),
                              status == HealthStatus::Unhealthy ? Tone::Danger : Tone::Warning);
    }
    updateStatus();
}

void MainWindow::restoreSettings()
{
    QSettings settings = AppSettings::open();
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1280, 800);
    m_history->restoreViewState(settings.value(QStringLiteral("history/view")).toMap());
    const QString page = settings.value(QStringLiteral("mainWindow/page")).toString();
    if (!page.isEmpty())
        showPage(page);
    for (JobTableView *table : findChildren<JobTableView *>()) {
        const QByteArray state = settings.value(QStringLiteral("tables/%1").arg(table->objectName())).toByteArray();
        if (!state.isEmpty())
            table->horizontalHeader()->restoreState(state);
    }
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        const QByteArray state = settings.value(QStringLiteral("splitters/%1").arg(splitter->objectName())).toByteArray();
        if (!splitter->objectName().isEmpty() && !state.isEmpty())
            splitter->restoreState(state);
    }
}

void MainWindow::saveSettings() const
{
    QSettings settings = AppSettings::open();
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/page"), currentPage());
    settings.setValue(QStringLiteral("history/view"), m_history->viewState());
    for (JobTableView *table : findChildren<JobTableView *>())
        settings.setValue(QStringLiteral("tables/%1").arg(table->objectName()), table->horizontalHeader()->saveState());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(QStringLiteral("splitters/%1").arg(splitter->objectName()), splitter->saveState());
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (m_hideOnClose) {
        // The tray keeps the runner going; the window comes back from there.
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        Icons::refresh(*this, palette()); // every page's and dialog's actions too
        updateStatus();
    }
    QMainWindow::changeEvent(event);
}

} // namespace jobdeck
