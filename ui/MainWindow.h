#pragma once

#include "Console.h"
#include "model/JobState.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <memory>

class QAction;
class QLabel;
class QSpinBox;

namespace jobdeck {

class DropController;
class Engine;
class HealthMonitor;
class HistoryPage;
class JobActions;
class JobDefinitions;
class JobsFolder;
class JobDetailsDialog;
class Navigator;
class NewJobDialog;
class OverviewPage;
class PoisonPage;
class QueuePage;
class ReadThread;
class RunningPage;
class HealthPage;
class StateCounter;
struct BatchResult;

// The job console: a sidebar of pages (Overview, Running, Queue, History, Poison, Health, and any page added with
// addPage), the runner's controls in the toolbar, and the counts in the status bar.
//
// Everything it changes goes through the engine (submit, cancel, setPaused, setWorkers) and JobCommands; it
// reads through store readers of its models and a read thread, never writing SQL. With an engine that runs no
// jobs (--no-runner) it is a console over the runner of another process. Main thread only.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(jobdeck::Engine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page to the sidebar and the page area (Ctrl+<position> opens the first nine). `iconName` names an SVG
    // in resources/icons. Returns the page's position.
    int addPage(const QString &id, const QString &title, const QString &iconName, QWidget *page);
    void showPage(const QString &id);
    QString currentPage() const;
    Navigator *navigator() const { return m_navigator; }

    Console &console() { return *m_console; }
    OverviewPage *overviewPage() const { return m_overview; }
    RunningPage *runningPage() const { return m_running; }
    QueuePage *queuePage() const { return m_queue; }
    HistoryPage *historyPage() const { return m_history; }
    PoisonPage *poisonPage() const { return m_poison; }
    HealthPage *healthPage() const { return m_health; }
    HealthMonitor *healthMonitor() const { return m_healthMonitor; }
    DropController *drops() const { return m_drops; }

    // Opens the New job dialog without blocking (window-modal) and returns it; accepting it enqueues the job.
    // The dialog deletes itself when closed. The "New job" action calls this.
    NewJobDialog *openNewJobDialog();
    // The dialog opened by openNewJobDialog() while it is open, else null.
    NewJobDialog *newJobDialog() const;
    // Opens (or raises) the details of a job.
    JobDetailsDialog *openJobDetails(qint64 jobId);
    JobDetailsDialog *jobDetails(qint64 jobId) const;

    // The database's jobs folder and its definitions, which the host keeps: the Settings dialog changes the folder,
    // the drop chooser and the New job dialog offer its triggered definitions. Without it they offer kinds only.
    void setJobsFolder(jobdeck::JobsFolder &folder, const jobdeck::JobDefinitions &definitions);

    // Whether closing the window hides it (the runner keeps working in the tray) instead of stopping.
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }

Q_SIGNALS:
    // The user chose another database: the host stops this session and opens that one.
    void openDatabaseRequested(const QString &path);
    void settingsChanged();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createPages();
    void createActions();
    void createStatusBar();
    QWidget *createSidebar();
    void enqueueFromDialog(const NewJobDialog &dialog);
    void onEnqueued(const BatchResult &result);
    void updateRunnerState();
    void updateStatus();
    // The workers spin box says whether the runner scales its pool, and between what.
    void updateWorkersTip();
    void updateBadges();
    void openSettings();
    void chooseDatabase();
    void showMessage(const QString &text, bool problem);
    void restoreSettings();
    void saveSettings() const;

    Engine &m_engine;
    ReadThread *m_reads = nullptr;
    StateCounter *m_counter = nullptr;
    JobActions *m_actions = nullptr;
    HealthMonitor *m_healthMonitor = nullptr;
    DropController *m_drops = nullptr;
    std::unique_ptr<Console> m_console;
    Navigator *m_navigator = nullptr;
    OverviewPage *m_overview = nullptr;
    RunningPage *m_running = nullptr;
    QueuePage *m_queue = nullptr;
    HistoryPage *m_history = nullptr;
    PoisonPage *m_poison = nullptr;
    HealthPage *m_health = nullptr;
    QAction *m_newJobAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QSpinBox *m_workers = nullptr;
    QLabel *m_runnerLabel = nullptr;
    QLabel *m_runnerPill = nullptr;
    QLabel *m_workersLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QPointer<NewJobDialog> m_newJobDialog;
    QHash<qint64, QPointer<JobDetailsDialog>> m_details;
    QTimer m_statusTimer;
    bool m_hideOnClose = false;
};

} // namespace jobdeck
