#include "imaging/ThumbnailHandler.h"

#include "imaging/JpegEnd.h"
#include "runner/JobContext.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QSaveFile>

namespace jobdeck {

namespace {

// Same source and size, same file: a second run replaces the thumbnail instead of adding one. The hash of the
// source's path keeps photos with the same name from different folders apart.
QString thumbnailName(const QFileInfo &source, int size, const char *suffix)
{
    const QByteArray pathHash = QCryptographicHash::hash(source.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    return QStringLiteral("%1_%2px_%3.%4").arg(source.completeBaseName()).arg(size).arg(QString::fromLatin1(pathHash),
                                                                                       QLatin1String(suffix));
}

QString defaultOutDir(const JobContext &ctx)
{
    return QFileInfo(ctx.databasePath()).absoluteDir().filePath(QStringLiteral("thumbnails"));
}

} // namespace

QString ThumbnailHandler::validate(const QJsonObject &payload) const
{
    if (!payload.value(QLatin1String("path")).isString() || payload.value(QLatin1String("path")).toString().isEmpty())
        return QStringLiteral("thumbnail: \"path\" (an image file) is required");
    if (payload.contains(QLatin1String("size"))) {
        const double size = payload.value(QLatin1String("size")).toDouble(-1);
        if (size < 1 || size > kMaxSize || size != double(int(size)))
            return QStringLiteral("thumbnail: \"size\" must be a whole number of pixels from 1 to %1").arg(kMaxSize);
    }
    if (payload.contains(QLatin1String("out_dir")) && !payload.value(QLatin1String("out_dir")).isString())
        return QStringLiteral("thumbnail: \"out_dir\" must be a folder path");
    return {};
}

void ThumbnailHandler::run(JobContext &ctx)
{
    const QJsonObject p = ctx.payload();
    if (const QString invalid = validate(p); !invalid.isEmpty())
        ctx.fail(invalid, false);
    const QString path = p.value(QLatin1String("path")).toString();
    const int size = p.value(QLatin1String("size")).toInt(kDefaultSize);
    const QFileInfo source(path);
    if (!source.isFile())
        ctx.fail(QStringLiteral("no such file: %1").arg(path), false);

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        ctx.fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    QImageReader reader(&file);
    reader.setAutoTransform(true); // EXIF orientation
    if (!reader.canRead())
        ctx.fail(QStringLiteral("%1 is not an image (or not a format Jobdeck can read)").arg(path), false);
    const QByteArray format = reader.format();
    const QSize stored = reader.size(); // from the header: nothing is decoded yet
    if (!stored.isValid())
        ctx.fail(QStringLiteral("%1: cannot read the image size: %2").arg(path, reader.errorString()), false);
    const qint64 pixels = qint64(stored.width()) * stored.height();
    if (pixels > kMaxPixels)
        ctx.fail(QStringLiteral("%1 is %2×%3 pixels (%4 megapixels), over the limit of %5 megapixels")
                     .arg(path)
                     .arg(stored.width())
                     .arg(stored.height())
                     .arg(double(pixels) / 1e6, 0, 'f', 1)
                     .arg(kMaxPixels / 1'000'000),
                 false);
    // Scaled while decoding where the format allows it (JPEG), so a large photo is never held at full size.
    if (std::max(stored.width(), stored.height()) > size)
        reader.setScaledSize(stored.scaled(size, size, Qt::KeepAspectRatio));
    ctx.throwIfCancelled();
    const QImage image = reader.read();
    if (image.isNull())
        ctx.fail(QStringLiteral("%1 could not be decoded (truncated or damaged?): %2").arg(path, reader.errorString()), false);
    if (format == "jpeg") {
        file.seek(0);
        const QByteArray data = file.readAll();
        if (!jpegReachesItsEnd(data))
            ctx.fail(QStringLiteral("%1 is truncated or damaged: the JPEG data ends before the image does").arg(path), false);
    }
    ctx.setProgress(0.5, QStringLiteral("decoded"));
    ctx.throwIfCancelled();

    const QString outDir = p.value(QLatin1String("out_dir")).toString(defaultOutDir(ctx));
    if (!QDir().mkpath(outDir))
        ctx.fail(QStringLiteral("cannot create the folder %1").arg(outDir));
    const bool opaque = format == "jpeg" && !image.hasAlphaChannel();
    const char *suffix = opaque ? "jpg" : "png";
    const QString target = QDir(outDir).filePath(thumbnailName(source, size, suffix));
    QSaveFile out(target);
    if (!out.open(QIODevice::WriteOnly))
        ctx.fail(QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
    QImageWriter writer(&out, opaque ? "jpeg" : "png");
    if (opaque)
        writer.setQuality(85);
    if (!writer.write(image)) {
        out.cancelWriting();
        ctx.fail(QStringLiteral("cannot write %1: %2").arg(target, writer.errorString()));
    }
    if (!out.commit()) // the rename that makes it appear whole, or not at all
        ctx.fail(QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));

    const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
    ctx.setResult(QJsonObject{{QStringLiteral("thumbnail"), target},
                              {QStringLiteral("width"), image.width()},
                              {QStringLiteral("height"), image.height()},
                              {QStringLiteral("source"), source.absoluteFilePath()},
                              {QStringLiteral("source_width"), turned ? stored.height() : stored.width()},
                              {QStringLiteral("source_height"), turned ? stored.width() : stored.height()}});
}

} // namespace jobdeck
