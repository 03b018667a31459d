#pragma once

#include "DirectoryNotifier.h"
#include "FolderWatch.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <map>
#include <memory>

namespace jobdeck {

class Engine;
class WatchReader;
struct JobEvent;
struct WatchedFile;

// Watches the folders of the database's active watches and enqueues a job for each complete file version,
// through the engine, a batch of files per transaction. Each folder is scanned once when its watch starts (files
// that arrived while no runner ran) and when the kernel lost changes; otherwise inotify names each changed file.
// A file is complete when its size and mtime stayed the same for the watch's settle time, measured on the
// engine's clock. The database records each version once, so several runners on one database and restarts
// enqueue it once. When a job of a watched file ends here, the file is moved to done/ or deleted (success) or
// moved to failed/ (dead), as the watch says. Owned and started by a runner's Engine. Main thread only.
class WatchService final : public QObject {
    Q_OBJECT
public:
    explicit WatchService(Engine &engine, QObject *parent = nullptr);
    ~WatchService() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    // Reads the watches again, keeping the folders of those that did not change.
    void reload();
    // Hands on every file whose settle time is over; the timer calls it. Tests call it after moving a clock.
    void settleNow();
    int watchCount() const { return int(m_watches.size()); }
    // Files waiting for their settle time, or to be written.
    int pendingCount() const;
    // When settleNow() is due next (epoch ms on the engine's clock), 0 when no file waits.
    qint64 nextDueMs() const;

    static constexpr int kBatchSize = 500;

Q_SIGNALS:
    // A batch of file versions was committed: `enqueued` started jobs, the others had been taken before.
    void batchWritten(int enqueued, int taken);
    // A file was moved or deleted after its job ended.
    void fileSettled(qint64 jobId, const QString &disposition);
    void problem(const QString &message);
    // A watch's folder is watched (and was scanned: `found` files wait for their settle time).
    void watchStarted(const QString &name, const QString &dir, int found);

private:
    struct Watched {
        std::unique_ptr<FolderWatch> folder;
        std::unique_ptr<DirectoryNotifier> notifier;
    };
    void open(const WatchRecord &record);
    void watchTree(qint64 watchId, const QString &dir);
    void onFileChanged(qint64 watchId, const QString &path);
    void arm();
    void pump();
    void writeSkips(FolderWatch &folder);
    void reloadIfChanged();
    void onJobsChanged(const QList<JobEvent> &events);
    void settleFile(const WatchedFile &file, const WatchSpec &spec, bool succeeded);

    Engine &m_engine;
    std::unique_ptr<WatchReader> m_reader;
    std::map<qint64, Watched> m_watches;       // active ones
    std::map<qint64, WatchRecord> m_records;   // every watch, paused ones too (their files still settle)
    std::deque<std::pair<qint64, FileVersion>> m_ready;
    QString m_version;
    bool m_running = false;
    QTimer m_settleTimer;
    QTimer m_pumpTimer;
};

} // namespace jobdeck
