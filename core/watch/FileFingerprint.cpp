#include "FileFingerprint.h"

#include <QCryptographicHash>
#include <QFile>

namespace jobdeck::FileFingerprint {

std::optional<QString> of(const QString &path)
{
    constexpr qint64 kPart = 64 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const qint64 size = file.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray::number(size));
    const QByteArray head = file.read(kPart);
    if (head.size() != std::min(size, kPart))
        return std::nullopt;
    hash.addData(head);
    if (size > kPart) {
        if (!file.seek(std::max(kPart, size - kPart)))
            return std::nullopt;
        hash.addData(file.read(kPart));
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}

} // namespace jobdeck::FileFingerprint
