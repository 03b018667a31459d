#pragma once

#include "schedule/ScheduleCommands.h"
#include "storage/Mutation.h"

#include <optional>

namespace jobdeck {

// A file version a watch found complete: what the job is made from.
struct FileVersion {
    QString path; // absolute
    qint64 size = 0;
    qint64 mtimeMs = 0;
    QString fingerprint;
};

// User commands on watched folders as mutations, so the window, the command line and the runner apply the
// same rules.
namespace WatchCommands {
// A new watch (or a replacement of the one of that name). Nothing and an error when the spec is invalid.
std::optional<SaveWatch> save(const WatchSpec &spec, qint64 nowMs, bool replace, QString *error);
SetWatchPaused pause(const QString &name, bool paused, qint64 nowMs);
// The payload template with the file filled in: "path" always, "size" and "mtime" unless the template sets them
// (a thumbnail's "size" is the picture's), and "{path}", "{name}", "{size}", "{mtime}" inside its strings.
QByteArray payloadFor(const QByteArray &payloadTemplate, const FileVersion &file);
// The job a file version enqueues; nothing and an error when the watch's definition cannot be used.
std::optional<JobSpec> jobFor(const WatchSpec &spec, const FileVersion &file, const DefinitionResolver &definitions,
                              QString *error);
} // namespace WatchCommands

} // namespace jobdeck
