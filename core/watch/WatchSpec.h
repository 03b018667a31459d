#pragma once

#include "model/JobSpec.h"

#include <QStringList>
#include <optional>

namespace jobdeck {

// What happens to a file once the job it started has succeeded. A file whose job died goes to failed/ unless
// the watch leaves files alone.
enum class AfterAction { Leave, MoveDone, Delete };
QString afterActionName(AfterAction action); // leave, move-done, delete
std::optional<AfterAction> afterActionFromName(const QString &name);

// Why a file of a watched folder was passed over. Stored by name; the window and the command line turn it
// into a sentence.
enum class SkipReason { SymlinkOutside, Unreadable, SpecialFile, TooLarge };
QString skipReasonName(SkipReason reason); // symlink-outside, unreadable, special-file, too-large
std::optional<SkipReason> skipReasonFromName(const QString &name);
QString skipReasonText(const QString &name);

// What a user defines: a folder, which of its files, and the job each complete file enqueues. Value type.
struct WatchSpec {
    static constexpr qint64 kDefaultSettleMs = 2000;
    static constexpr qint64 kDefaultMaxSize = 16LL * 1024 * 1024 * 1024;

    QString name;
    QString dir;          // absolute
    QStringList patterns; // globs on the file name; empty: every file
    bool recursive = false;
    QString definition;   // a job definition of the jobs folder; empty: `job`
    JobSpec job;          // kind and payload template (a JSON object) when there is no definition
    qint64 settleMs = kDefaultSettleMs; // size and mtime unchanged this long: the file is complete
    AfterAction after = AfterAction::Leave;
    qint64 maxSize = kDefaultMaxSize; // bigger files are skipped

    // Checks everything but the job kind and definition, which depend on the runner; empty when valid.
    QString validate() const;
    // Whether a file name matches the patterns (hidden files never do: they are partial downloads and editors'
    // temporary files more often than work).
    bool matches(const QString &fileName) const;
    // "thumbnail" or "definition NAME", for lists.
    QString target() const;
};

// A stored watch and what it did. Value type.
struct WatchRecord {
    qint64 id = 0;
    WatchSpec spec;
    bool paused = false;
    qint64 enqueued = 0; // file versions that started a job
    qint64 done = 0;     // files moved to done/ or deleted after their job succeeded
    qint64 failed = 0;   // files moved to failed/ after their job died
    qint64 skipped = 0;  // files passed over (see WatchSkip)
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
};

// A file passed over, with the reason. One per watch and path: the newest reason.
struct WatchSkip {
    qint64 watchId = 0;
    QString path;
    QString reason; // skipReasonName()
    QString detail; // e.g. where the link leads, the size
    qint64 atMs = 0;
};

// One version of a file that started a job, and what became of it: its lineage.
struct WatchedFile {
    qint64 id = 0;
    qint64 watchId = 0;
    QString watchName;
    QString path;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    QString fingerprint;
    qint64 jobId = 0;
    qint64 enqueuedAtMs = 0;
    QString disposition; // "", "done", "deleted", "failed"
    QString movedTo;     // where the file went after its job, if it was moved
    // Of the job, when it still exists.
    QString jobKind;
    QString jobState;
    QByteArray jobResult;
};

} // namespace jobdeck
