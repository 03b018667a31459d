#pragma once

#include <QString>
#include <vector>

namespace jobdeck {

// The files a checksum job covers: each path given, with folders walked recursively (hidden files included,
// symbolic links to folders not followed) and their files in path order, so two runs list the same files in
// the same order. A path that does not exist stays in the list, to be reported.
struct ChecksumFile {
    QString path; // absolute and clean
    qint64 size = 0;
};

std::vector<ChecksumFile> listChecksumFiles(const QStringList &paths);

} // namespace jobdeck
