#pragma once

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QLabel;

namespace jobdeck {

class Engine;
class JobTableModel;
class JobTableView;
class NewJobDialog;
class StateCounter;
struct BatchResult;

// The job console: the newest jobs with live state and progress, and the runner's controls.
//
// Everything it changes goes through the engine (submit, cancel, setPaused); it reads through its models'
// own store readers. Widgets tests drive carry object names: jobTable, newJobAction, cancelAction,
// pauseAction, refreshAction, workersLabel, countsLabel, runnerStateLabel, newJobDialog.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(jobdeck::Engine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    JobTableModel *jobModel() const { return m_model; }
    JobTableView *jobTable() const { return m_table; }
    StateCounter *stateCounter() const { return m_counter; }

    // Opens the New job dialog without blocking (window-modal) and returns it; accepting it enqueues the job.
    // The dialog deletes itself when closed. The "New job" action calls this.
    NewJobDialog *openNewJobDialog();
    // The dialog opened by openNewJobDialog() while it is open, else null.
    NewJobDialog *newJobDialog() const;

    QList<qint64> selectedJobIds() const;
    // Asks the engine to cancel every selected job that has not finished.
    void cancelSelectedJobs();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void enqueueFromDialog(const NewJobDialog &dialog);
    void onEnqueued(const BatchResult &result);
    void revealPendingJob();
    void updateActions();
    void updateRunnerState();
    void updateStatus();
    void restoreSettings();
    void saveSettings() const;

    Engine &m_engine;
    JobTableModel *m_model = nullptr;
    JobTableView *m_table = nullptr;
    StateCounter *m_counter = nullptr;
    QAction *m_newJobAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QLabel *m_runnerLabel = nullptr;
    QLabel *m_workersLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QPointer<NewJobDialog> m_newJobDialog;
    QTimer m_statusTimer;
    qint64 m_revealJobId = 0; // a job just enqueued here: selected once its row arrives
};

} // namespace jobdeck
