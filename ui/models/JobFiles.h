#pragma once

#include "model/JobRecord.h"

#include <QList>
#include <QString>

namespace jobdeck {

// The files a job names: its input (the payload's "path", "paths" or "program", as a drop or a watched file makes
// it) and its output (every absolute path in its result, as the thumbnail and checksum kinds write them), and the
// first output that is an image, to preview. Found in the JSON only: nothing is read from disk. Value type.
struct JobFiles {
    struct File {
        QString label; // the JSON key that named it: "path", "thumbnail", …
        QString path;
    };
    static constexpr int kMaxFiles = 12; // a checksum of a thousand files links the first few

    QList<File> inputs;
    QList<File> outputs;
    QString preview; // empty: no image among the outputs

    static JobFiles of(const JobRecord &job);
};

} // namespace jobdeck
