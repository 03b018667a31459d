#pragma once

#include "model/JobRecord.h"
#include "watch/WatchSpec.h"

#include <QList>
#include <QString>
#include <optional>

namespace jobdeck {

// The files a job names: its input (the payload's "path", "paths" or "program", as a drop or a watched file makes
// it) and its output (every absolute path in its result, as the thumbnail and checksum kinds write them), and the
// first output that is an image, to preview. Found in the JSON only: nothing is read from disk. A job a watched
// folder started also names the file version it came from, and where that file went after the job. Value type.
struct JobFiles {
    struct File {
        QString label; // the JSON key that named it: "path", "thumbnail", …
        QString path;
    };
    static constexpr int kMaxFiles = 12; // a checksum of a thousand files links the first few

    QList<File> inputs;
    QList<File> outputs;
    QString preview; // empty: no image among the outputs
    std::optional<WatchedFile> origin; // the watched file version that started the job

    // `origin` as the store's lineage gives it (WatchReader::fileOfJob): the input then links to where the file
    // is now (done/, failed/), not where it was found.
    static JobFiles of(const JobRecord &job, const std::optional<WatchedFile> &origin = std::nullopt);
};

} // namespace jobdeck
