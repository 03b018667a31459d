#include "FolderWatch.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <limits>

namespace jobdeck {

FolderWatch::FolderWatch(WatchRecord record) : m_record(std::move(record))
{
    const QString canonical = QFileInfo(m_record.spec.dir).canonicalFilePath();
    m_root = canonical.isEmpty() ? QDir::cleanPath(m_record.spec.dir) : canonical;
}

bool FolderWatch::isExcludedDirectory(const QString &dir) const
{
    const QString clean = QDir::cleanPath(dir);
    const QString base = QDir::cleanPath(m_record.spec.dir);
    return clean == base + QLatin1String("/done") || clean == base + QLatin1String("/failed");
}

void FolderWatch::skip(const QString &path, SkipReason reason, const QString &detail, qint64 size, qint64 mtimeMs,
                       qint64 nowMs)
{
    m_pending.remove(path);
    const auto seen = m_taken.constFind(path);
    if (seen != m_taken.constEnd() && seen->size == size && seen->mtimeMs == mtimeMs)
        return; // reported already
    m_taken.insert(path, {size, mtimeMs});
    m_skips.push_back({m_record.id, path, skipReasonName(reason), detail, nowMs});
}

void FolderWatch::consider(const QString &path, qint64 nowMs)
{
    const QFileInfo info(path);
    if (!spec().matches(info.fileName()))
        return;
    if (info.isSymLink()) {
        const QString target = info.canonicalFilePath();
        if (target.isEmpty()) {
            forget(path); // dangling: nothing to take
            return;
        }
        if (!target.startsWith(m_root + u'/')) {
            skip(path, SkipReason::SymlinkOutside, info.symLinkTarget(), 0, 0, nowMs);
            return;
        }
    }
    if (!info.exists()) {
        forget(path);
        return;
    }
    if (info.isDir())
        return;
    const qint64 size = info.size();
    const qint64 mtime = info.lastModified().toMSecsSinceEpoch();
    if (!info.isFile()) {
        skip(path, SkipReason::SpecialFile, {}, size, mtime, nowMs);
        return;
    }
    if (!info.isReadable()) {
        skip(path, SkipReason::Unreadable, QStringLiteral("permission denied"), size, mtime, nowMs);
        return;
    }
    const auto taken = m_taken.constFind(path);
    if (taken != m_taken.constEnd() && taken->size == size && taken->mtimeMs == mtime)
        return;
    // Any change, even with the same size and mtime (a write within the mtime's resolution), starts the settle
    // time again: a file is complete once nothing has happened to it for that long.
    m_pending.insert(path, {size, mtime, nowMs});
}

QStringList FolderWatch::scan(const QString &dir, qint64 nowMs)
{
    QStringList subdirs;
    const QFileInfoList entries = QDir(dir).entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot
                                                          | QDir::Hidden, QDir::NoSort);
    for (const QFileInfo &entry : entries) {
        if (entry.isDir() && !entry.isSymLink()) {
            if (spec().recursive && !isExcludedDirectory(entry.filePath()))
                subdirs << entry.filePath();
            continue;
        }
        consider(entry.filePath(), nowMs);
    }
    return subdirs;
}

void FolderWatch::forget(const QString &path)
{
    m_pending.remove(path);
    m_taken.remove(path);
}

std::vector<FileVersion> FolderWatch::takeComplete(qint64 nowMs)
{
    std::vector<FileVersion> complete;
    std::vector<FileVersion> tooLarge;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (nowMs - it->sinceMs < spec().settleMs) {
            ++it;
            continue;
        }
        const QFileInfo info(it.key());
        if (!info.exists()) {
            it = m_pending.erase(it);
            continue;
        }
        const qint64 size = info.size();
        const qint64 mtime = info.lastModified().toMSecsSinceEpoch();
        if (size != it->size || mtime != it->mtimeMs) {
            *it = {size, mtime, nowMs}; // changed without our hearing of it: settle again
            ++it;
            continue;
        }
        (size > spec().maxSize ? tooLarge : complete).push_back({it.key(), size, mtime, {}});
        it = m_pending.erase(it);
    }
    for (const FileVersion &f : tooLarge)
        skip(f.path, SkipReason::TooLarge,
             QStringLiteral("%1, the limit is %2").arg(QLocale::c().formattedDataSize(f.size), QLocale::c().formattedDataSize(spec().maxSize)),
             f.size, f.mtimeMs, nowMs);
    return complete;
}

qint64 FolderWatch::nextDueMs() const
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const Pending &p : m_pending)
        next = std::min(next, p.sinceMs + spec().settleMs);
    return m_pending.isEmpty() ? 0 : next;
}

std::vector<WatchSkip> FolderWatch::takeSkips()
{
    return std::exchange(m_skips, {});
}

void FolderWatch::markTaken(const FileVersion &file)
{
    m_taken.insert(file.path, {file.size, file.mtimeMs});
}

void FolderWatch::unmarkTaken(const QString &path)
{
    m_taken.remove(path);
}

} // namespace jobdeck
