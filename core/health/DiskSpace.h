#pragma once

#include <QString>
#include <functional>

namespace jobdeck {

// Free and total space of the file system holding a folder; -1 where unknown. Value type.
struct DiskSpace {
    qint64 availableBytes = -1; // to an unprivileged user
    qint64 totalBytes = -1;

    bool isKnown() const { return availableBytes >= 0 && totalBytes > 0; }

    // From QStorageInfo, or from statvfs(2) on the folder where QStorageInfo has no figures: in a chroot
    // without /proc (as package builders use) it finds no mount for the folder. Unknown if both fail.
    static DiskSpace of(const QString &folder);
    static DiskSpace fromStatvfs(const QString &folder);
};

// Where the health checks get the disk's figures from; tests give their own.
using DiskSpaceSource = std::function<DiskSpace(const QString &folder)>;

} // namespace jobdeck
