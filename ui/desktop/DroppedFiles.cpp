#include "desktop/DroppedFiles.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QObject>

namespace jobdeck {

namespace {

void addFile(DroppedFiles &out, const QFileInfo &info)
{
    if (!info.isReadable()) {
        out.problems.push_back({info.absoluteFilePath(), QObject::tr("cannot be read")});
        return;
    }
    out.files << info.absoluteFilePath();
}

} // namespace

DroppedFiles DroppedFiles::expand(const QList<QUrl> &urls)
{
    DroppedFiles out;
    for (const QUrl &url : urls) {
        if (!url.isLocalFile()) {
            out.problems.push_back({url.toString(), QObject::tr("is not a local file")});
            continue;
        }
        const QFileInfo info(url.toLocalFile());
        if (!info.exists()) {
            out.problems.push_back({info.absoluteFilePath(), QObject::tr("does not exist")});
        } else if (info.isDir()) {
            ++out.folders;
            if (!info.isReadable() || !info.isExecutable()) {
                out.problems.push_back({info.absoluteFilePath(), QObject::tr("folder cannot be read")});
                continue;
            }
            QDirIterator it(info.absoluteFilePath(), QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                if (out.files.size() >= kLimit) {
                    out.truncated = true;
                    break;
                }
                it.next();
                addFile(out, it.fileInfo());
            }
        } else {
            addFile(out, info);
        }
    }
    out.files.sort();
    return out;
}

QString DroppedFiles::commonSuffix() const
{
    if (files.isEmpty())
        return {};
    const QString suffix = QFileInfo(files.first()).suffix().toLower();
    for (const QString &f : files) {
        if (QFileInfo(f).suffix().toLower() != suffix)
            return {};
    }
    return suffix;
}

} // namespace jobdeck
