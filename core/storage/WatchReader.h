#pragma once

#include "watch/WatchSpec.h"

#include <optional>
#include <vector>

namespace jobdeck {

// Read access to watched folders and the lineage of their files, for one thread. Create it on the thread that
// uses it and destroy it there.
class WatchReader {
public:
    virtual ~WatchReader() = default;

    virtual std::vector<WatchRecord> watches() = 0; // by name
    virtual std::optional<WatchRecord> watch(const QString &name) = 0;
    // The watch's skipped files, newest first, at most `limit`.
    virtual std::vector<WatchSkip> skips(qint64 watchId, int limit) = 0;
    // The versions of the file at `path` (where it was found, or where it was moved to) that started jobs, newest
    // first, with the state and result of each job.
    virtual std::vector<WatchedFile> filesAt(const QString &path, int limit) = 0;
    // The file version a job came from, if it came from one.
    virtual std::optional<WatchedFile> fileOfJob(qint64 jobId) = 0;
    // Moves on whenever a user changes watches; "0" before the first change.
    virtual QString version() = 0;
};

} // namespace jobdeck
