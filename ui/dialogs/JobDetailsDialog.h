#pragma once

#include "model/JobRecord.h"
#include "watch/WatchSpec.h"

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
    // What one look at the database finds; read on the read thread.
    struct Snapshot {
        std::optional<JobRecord> job;
        std::vector<AttemptRecord> attempts;
        std::vector<StateChange> changes;
    };

    void reload();
    void present(const Snapshot &snapshot);
    void readLog();
    void showJob();
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);

    Console &m_console;
    const qint64 m_jobId;
    std::optional<JobRecord> m_job;
    std::optional<WatchedFile> m_origin; // the watched file the job was made for
    // At most one read of each kind on its way; a change meanwhile asks for one more when it is back.
    bool m_reloading = false;
    bool m_reloadAgain = false;
    bool m_readingLog = false;
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
