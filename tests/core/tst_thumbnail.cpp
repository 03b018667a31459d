// The thumbnail handler: PNG and JPEG images made here, EXIF orientation, where the thumbnails go, running twice,
// and the files it must refuse at once: not an image, truncated, or too many pixels.

#include "CoreTestSupport.h"

#include "imaging/ThumbnailHandler.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QtEndian>
#include <QtTest>
#include <cstring>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Left half red, right half blue: which way up a thumbnail is shows in its colours.
QImage twoColours(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, x < width / 2 ? qRgb(220, 20, 20) : qRgb(20, 20, 220));
    }
    return image;
}

bool isRed(QRgb c)
{
    return qRed(c) > 150 && qBlue(c) < 100;
}

bool isBlue(QRgb c)
{
    return qBlue(c) > 150 && qRed(c) < 100;
}

QByteArray encoded(const QImage &image, const char *format, QImageIOHandler::Transformations transformation = {})
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setTransformation(transformation);
    writer.write(image);
    return data;
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    char length[4], crc[4];
    qToBigEndian(quint32(data.size()), length);
    qToBigEndian(crc32(type + data), crc);
    return QByteArray(length, 4) + type + data + QByteArray(crc, 4);
}

// A PNG whose header claims width × height; its pixel data is a few bytes not worth decoding.
QByteArray pngHeaderClaiming(quint32 width, quint32 height)
{
    char header[13];
    qToBigEndian(width, header);
    qToBigEndian(height, header + 4);
    std::memcpy(header + 8, "\x08\x02\x00\x00\x00", 5); // 8-bit RGB
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", QByteArray(header, 13))
        + pngChunk("IDAT", QByteArray("\x78\x9c\x03\x00", 4)) + pngChunk("IEND", {});
}

} // namespace

class ThumbnailTest : public QObject {
    Q_OBJECT

private:
    QString writeFile(const QString &name, const QByteArray &data)
    {
        const QString path = m_sources.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(data);
        return path;
    }

    JobSpec thumbnailJob(const QString &path, const QJsonObject &extra = {})
    {
        QJsonObject payload{{QStringLiteral("path"), path}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            payload.insert(it.key(), it.value());
        JobSpec s = makeSpec(QStringLiteral("thumbnail"), payload);
        s.maxAttempts = 3;
        return s;
    }

    // Runs one job to a final state; returns the job.
    JobRecord runJob(TempStore &t, const JobSpec &spec)
    {
        HandlerRegistry registry = builtIns();
        registry.add(std::make_unique<ThumbnailHandler>());
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const qint64 id = enqueueVia(engine, spec);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(isFinal(t.reader->job(id)->state), 30'000); }();
        return *t.reader->job(id);
    }

    QTemporaryDir m_sources;

private Q_SLOTS:
    void thumbnailKeepsTheAspectRatio_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("format");
        QTest::addColumn<QSize>("source");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("png landscape") << QStringLiteral("wide.png") << QByteArray("png") << QSize(800, 600) << 256 << QStringLiteral("png");
        QTest::newRow("jpeg portrait") << QStringLiteral("tall.jpg") << QByteArray("jpeg") << QSize(600, 900) << 256 << QStringLiteral("jpg");
        QTest::newRow("jpeg, size 100") << QStringLiteral("photo.jpeg") << QByteArray("jpeg") << QSize(1000, 500) << 100 << QStringLiteral("jpg");
        QTest::newRow("smaller than the size") << QStringLiteral("tiny.png") << QByteArray("png") << QSize(40, 30) << 256 << QStringLiteral("png");
    }

    void thumbnailKeepsTheAspectRatio()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, format);
        QFETCH(QSize, source);
        QFETCH(int, size);
        QFETCH(QString, suffix);
        const QString path = writeFile(name, encoded(twoColours(source.width(), source.height()), format.constData()));
        QTemporaryDir out;
        TempStore t;
        const JobRecord job = runJob(t, thumbnailJob(path, {{QStringLiteral("size"), size}, {QStringLiteral("out_dir"), out.path()}}));
        QCOMPARE(stateName(job.state), QStringLiteral("succeeded"));
        const QJsonObject result = QJsonDocument::fromJson(job.result).object();
        const QString thumbnail = result.value(QLatin1String("thumbnail")).toString();
        QCOMPARE(QFileInfo(thumbnail).absolutePath(), QFileInfo(out.path()).absoluteFilePath());
        QCOMPARE(QFileInfo(thumbnail).suffix(), suffix);
        QCOMPARE(result.value(QLatin1String("source_width")).toInt(), source.width());
        QCOMPARE(result.value(QLatin1String("source_height")).toInt(), source.height());

        const QImage image(thumbnail);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(result.value(QLatin1String("width")).toInt(), result.value(QLatin1String("height")).toInt()));
        QCOMPARE(std::max(image.width(), image.height()), std::min(size, std::max(source.width(), source.height())));
        const double sourceRatio = double(source.width()) / source.height();
        const double ratio = double(image.width()) / image.height();
        QVERIFY2(std::abs(ratio - sourceRatio) < 0.02, qPrintable(QStringLiteral("%1 vs %2").arg(ratio).arg(sourceRatio)));
        QVERIFY(isRed(image.pixel(image.width() / 4, image.height() / 2)));
        QVERIFY(isBlue(image.pixel(image.width() * 3 / 4, image.height() / 2)));
    }

    void exifOrientationIsApplied()
    {
        // Stored 800×400 (red left, blue right), with an EXIF tag saying "turn 90° clockwise to view".
        const QByteArray jpeg = encoded(twoColours(800, 400), "jpeg", QImageIOHandler::TransformationRotate90);
        QImageReader check(writeFile(QStringLiteral("turned-check.jpg"), jpeg));
        check.setAutoTransform(true);
        QCOMPARE(check.read().size(), QSize(400, 800)); // the EXIF tag is really there
        const QString path = writeFile(QStringLiteral("turned.jpg"), jpeg);
        QTemporaryDir out;
        TempStore t;
        const JobRecord job = runJob(t, thumbnailJob(path, {{QStringLiteral("out_dir"), out.path()}}));
        QCOMPARE(stateName(job.state), QStringLiteral("succeeded"));
        const QJsonObject result = QJsonDocument::fromJson(job.result).object();
        const QImage image(result.value(QLatin1String("thumbnail")).toString());
        QCOMPARE(image.size(), QSize(128, 256)); // upright: portrait
        QVERIFY(isRed(image.pixel(64, 64)));      // what was on the left is now on top
        QVERIFY(isBlue(image.pixel(64, 192)));
        QCOMPARE(result.value(QLatin1String("source_width")).toInt(), 400);
        QCOMPARE(result.value(QLatin1String("source_height")).toInt(), 800);
    }

    void thumbnailsGoBesideTheDatabaseAndRunningTwiceAddsNothing()
    {
        const QString path = writeFile(QStringLiteral("again.png"), encoded(twoColours(640, 480), "png"));
        TempStore t;
        const JobRecord first = runJob(t, thumbnailJob(path));
        const JobRecord second = runJob(t, thumbnailJob(path));
        QCOMPARE(stateName(first.state), QStringLiteral("succeeded"));
        QCOMPARE(stateName(second.state), QStringLiteral("succeeded"));
        QCOMPARE(second.result, first.result);
        const QString thumbnail = QJsonDocument::fromJson(first.result).object().value(QLatin1String("thumbnail")).toString();
        const QDir folder(t.dir.filePath(QStringLiteral("thumbnails")));
        QCOMPARE(QFileInfo(thumbnail).absolutePath(), folder.absolutePath());
        // One thumbnail, and no temporary file left behind by the atomic write.
        QCOMPARE(folder.entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(thumbnail).fileName()});
    }

    void filesThatAreNotWholeImagesFailWithoutRetries_data()
    {
        const QByteArray png = encoded(twoColours(800, 600), "png");
        const QByteArray jpeg = encoded(twoColours(800, 600), "jpeg");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("error");
        QTest::newRow("text") << QStringLiteral("notes.txt") << QByteArray("just some words\n") << QStringLiteral("is not an image");
        QTest::newRow("text named .png") << QStringLiteral("fake.png") << QByteArray("just some words\n") << QStringLiteral("is not an image");
        QTest::newRow("truncated png") << QStringLiteral("cut.png") << png.left(png.size() * 2 / 3) << QStringLiteral("could not be decoded");
        QTest::newRow("truncated jpeg") << QStringLiteral("cut.jpg") << jpeg.left(jpeg.size() * 2 / 3) << QStringLiteral("is truncated or damaged");
        QTest::newRow("jpeg cut just before its end") << QStringLiteral("almost.jpg") << jpeg.left(jpeg.size() - 2) << QStringLiteral("is truncated or damaged");
        QTest::newRow("over the pixel limit") << QStringLiteral("huge.png") << pngHeaderClaiming(20'000, 20'000)
                                              << QStringLiteral("is 20000×20000 pixels (400.0 megapixels), over the limit of 100 megapixels");
        QTest::newRow("missing") << QString() << QByteArray() << QStringLiteral("no such file");
    }

    void filesThatAreNotWholeImagesFailWithoutRetries()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, data);
        QFETCH(QString, error);
        const QString path = name.isEmpty() ? m_sources.filePath(QStringLiteral("absent.png")) : writeFile(name, data);
        QTemporaryDir out;
        TempStore t;
        const JobRecord job = runJob(t, thumbnailJob(path, {{QStringLiteral("out_dir"), out.path()}}));
        QCOMPARE(stateName(job.state), QStringLiteral("dead"));
        QVERIFY2(job.error.contains(error), qPrintable(job.error));
        QCOMPARE(int(t.reader->attempts(job.id).size()), 1);
        QVERIFY(QDir(out.path()).isEmpty()); // nothing half-written
    }

    void badPayloadsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("no path") << QByteArray("{}");
        QTest::newRow("size zero") << QByteArray(R"({"path": "/a.png", "size": 0})");
        QTest::newRow("size too large") << QByteArray(R"({"path": "/a.png", "size": 100000})");
        QTest::newRow("size fraction") << QByteArray(R"({"path": "/a.png", "size": 12.5})");
        QTest::newRow("out_dir not text") << QByteArray(R"({"path": "/a.png", "out_dir": 3})");
    }

    void badPayloadsAreRefused()
    {
        QFETCH(QByteArray, payload);
        QVERIFY(!ThumbnailHandler().validate(QJsonDocument::fromJson(payload).object()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ThumbnailTest)
#include "tst_thumbnail.moc"
