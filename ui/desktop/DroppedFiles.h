#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace jobdeck {

// What a drop holds once folders are expanded: the files to make jobs of, and the paths that cannot be used,
// each with the reason. Expanding reads directories, so it runs off the main thread (expand() is thread-safe).
struct DroppedFiles {
    struct Problem {
        QString path;
        QString reason;
    };
    QStringList files;
    QList<Problem> problems;
    int folders = 0;
    bool truncated = false; // stopped at the limit

    static constexpr int kLimit = 200'000;
    static DroppedFiles expand(const QList<QUrl> &urls);
    // The one file type every file shares ("jpg"), or empty.
    QString commonSuffix() const;
};

} // namespace jobdeck
