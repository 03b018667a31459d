#pragma once

#include "model/JobRecord.h"

#include <QDialog>
#include <QTimer>
#include <memory>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace jobdeck {

struct Console;
class AttemptTimeline;
class CallbackDeliveriesView;
class ImagePreview;
class LogView;
class StoreReader;
class WatchReader;

// Everything about one job, kept live: its facts, progress and checkpoint, payload and result, the attempts on a
// time line, the log as it grows (ERROR lines coloured), and every change of state with its reason. Cancel,
// requeue and delete from here. Non-modal; several may be open.
class JobDetailsDialog final : public QDialog {
    Q_OBJECT
public:
    static constexpr int kLiveIntervalMs = 1000;

    JobDetailsDialog(Console &console, qint64 jobId, QWidget *parent = nullptr);
    ~JobDetailsDialog() override;

    qint64 jobId() const { return m_jobId; }
    std::optional<JobRecord> job() const { return m_job; }
    LogView *log() const { return m_log; }
    AttemptTimeline *timeline() const { return m_timeline; }
    QTreeWidget *stateChanges() const { return m_changes; }
    QTabWidget *tabs() const { return m_tabs; }
    // The facts, with links to the job's input and output files, and the watched file it came from.
    QLabel *facts() const { return m_facts; }
    // The job's output image, when it made one (read in the background).
    ImagePreview *preview() const { return m_preview; }
    // The callback's URL and deliveries; its tab shows only for a job with a callback.
    CallbackDeliveriesView *callback() const { return m_callback; }

private:
    void reload();
    void readLog();
    void showJob();
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);

    Console &m_console;
    const qint64 m_jobId;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<WatchReader> m_watchReader;
    std::optional<JobRecord> m_job;
    QLabel *m_title;
    QLabel *m_state;
    QLabel *m_reason;
    QLabel *m_facts;
    ImagePreview *m_preview;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QPlainTextEdit *m_payload;
    QPlainTextEdit *m_result;
    QPlainTextEdit *m_checkpoint;
    QLabel *m_error;
    AttemptTimeline *m_timeline;
    LogView *m_log;
    QTreeWidget *m_changes;
    CallbackDeliveriesView *m_callback;
    int m_callbackTab = -1;
    QTabWidget *m_tabs;
    QPushButton *m_cancel;
    QPushButton *m_requeue;
    QPushButton *m_delete;
    QTimer m_live;
};

} // namespace jobdeck
