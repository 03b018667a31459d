#include "ChecksumFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QStringList>
#include <algorithm>

namespace jobdeck {

std::vector<ChecksumFile> listChecksumFiles(const QStringList &paths)
{
    std::vector<ChecksumFile> files;
    for (const QString &given : paths) {
        const QFileInfo info(given);
        const QString path = QDir::cleanPath(info.absoluteFilePath());
        if (!info.isDir()) {
            files.push_back({path, info.exists() ? info.size() : 0});
            continue;
        }
        std::vector<ChecksumFile> inFolder;
        QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            inFolder.push_back({QDir::cleanPath(it.filePath()), it.fileInfo().size()});
        }
        std::sort(inFolder.begin(), inFolder.end(),
                  [](const ChecksumFile &a, const ChecksumFile &b) { return a.path < b.path; });
        files.insert(files.end(), inFolder.begin(), inFolder.end());
    }
    return files;
}

} // namespace jobdeck
