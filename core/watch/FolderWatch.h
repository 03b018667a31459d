#pragma once

#include "WatchCommands.h"

#include <QHash>
#include <vector>

namespace jobdeck {

// The files of one watched folder on their way to a job: which are still being written, which are complete (size
// and mtime unchanged for the settle time), which were taken already and which are passed over. Knows nothing of
// inotify or the store; the WatchService feeds it paths and the time. Main thread only.
class FolderWatch {
public:
    explicit FolderWatch(WatchRecord record);

    const WatchRecord &record() const { return m_record; }
    const WatchSpec &spec() const { return m_record.spec; }
    // Whether a directory is the folder's own done/ or failed/, which are never watched.
    bool isExcludedDirectory(const QString &dir) const;

    // Looks at one path (found by a scan or named by a change): a matching regular file becomes pending, or
    // starts its settle time again when it changed; a file that cannot be taken is skipped (see takeSkips()).
    void consider(const QString &path, qint64 nowMs);
    // The files of one directory; returns its subdirectories that are to be watched too (recursive watches).
    QStringList scan(const QString &dir, qint64 nowMs);
    void forget(const QString &path);

    // Pending files whose settle time is over: each is looked at again and comes out when it is unchanged.
    std::vector<FileVersion> takeComplete(qint64 nowMs);
    // When the next pending file's settle time is over; 0 when nothing is pending.
    qint64 nextDueMs() const;
    int pendingCount() const { return int(m_pending.size()); }
    // Files passed over since the last call, to be recorded.
    std::vector<WatchSkip> takeSkips();

    // This version was handed on (or passed over): it is not looked at again until it changes.
    void markTaken(const FileVersion &file);
    // It was not enqueued after all (the write failed): it may be taken again.
    void unmarkTaken(const QString &path);

private:
    struct Pending {
        qint64 size = 0;
        qint64 mtimeMs = 0;
        qint64 sinceMs = 0;
    };
    struct Seen {
        qint64 size = 0;
        qint64 mtimeMs = 0;
    };
    void skip(const QString &path, SkipReason reason, const QString &detail, qint64 size, qint64 mtimeMs, qint64 nowMs);

    WatchRecord m_record;
    QString m_root;          // canonical
    QHash<QString, Pending> m_pending;
    QHash<QString, Seen> m_taken;   // versions handed on or skipped
    std::vector<WatchSkip> m_skips;
};

} // namespace jobdeck
