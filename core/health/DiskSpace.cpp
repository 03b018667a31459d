#include "DiskSpace.h"

#include <QFile>
#include <QStorageInfo>
#include <sys/statvfs.h>

namespace jobdeck {

DiskSpace DiskSpace::of(const QString &folder)
{
    const QStorageInfo storage(folder);
    if (storage.isValid()) {
        const DiskSpace space{storage.bytesAvailable(), storage.bytesTotal()};
        if (space.isKnown())
            return space;
    }
    return fromStatvfs(folder);
}

DiskSpace DiskSpace::fromStatvfs(const QString &folder)
{
    struct statvfs fs {};
    if (::statvfs(QFile::encodeName(folder).constData(), &fs) != 0)
        return {};
    const qint64 unit = qint64(fs.f_frsize != 0 ? fs.f_frsize : fs.f_bsize);
    const DiskSpace space{qint64(fs.f_bavail) * unit, qint64(fs.f_blocks) * unit};
    return space.isKnown() ? space : DiskSpace{};
}

} // namespace jobdeck
