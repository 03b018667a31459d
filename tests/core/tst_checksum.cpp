// The checksum handler: digests that match the standard tools, files that cannot be read, and an attempt
// stopped in the middle of a large file that the next one continues without reading its beginning again.

#include "CoreTestSupport.h"

#include "handlers/ChecksumHandler.h"
#include "handlers/ResumableHash.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(generator.bounded(256));
    return data;
}

// What the standard tool (sha256sum, sha1sum, md5sum) prints for each file: path -> digest.
QHash<QString, QString> standardDigests(const QString &tool, const QStringList &files)
{
    QProcess p;
    p.start(tool, files);
    p.waitForFinished(120'000);
    QHash<QString, QString> out;
    for (const QString &line : QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts))
        out.insert(line.mid(line.indexOf(QLatin1String("  ")) + 2), line.left(line.indexOf(u' ')));
    return out;
}

JobSpec checksumJob(const QStringList &paths, const QString &algorithm = {}, int checkpointMs = -1)
{
    QJsonObject payload{{QStringLiteral("paths"), QJsonArray::fromStringList(paths)}};
    if (!algorithm.isEmpty())
        payload.insert(QStringLiteral("algorithm"), algorithm);
    if (checkpointMs >= 0)
        payload.insert(QStringLiteral("checkpoint_ms"), checkpointMs);
    JobSpec s = makeSpec(QStringLiteral("checksum"), payload);
    s.maxAttempts = 3;
    return s;
}

QJsonArray resultOf(TempStore &t, qint64 id)
{
    [&] { QTRY_COMPARE_WITH_TIMEOUT(t.stateOf(id), QStringLiteral("succeeded"), 60'000); }();
    return QJsonDocument::fromJson(t.reader->job(id)->result).array();
}

// The figure the handler logs at the end of an attempt.
qint64 bytesReadByLastAttempt(TempStore &t, qint64 id)
{
    static const QRegularExpression s_read(QStringLiteral("; (\\d+) bytes read in this attempt$"));
    qint64 bytes = -1;
    for (const LogLine &l : t.reader->logTail(id, 50)) {
        const auto m = s_read.match(l.text);
        if (m.hasMatch())
            bytes = m.captured(1).toLongLong();
    }
    return bytes;
}

} // namespace

class ChecksumTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void folderMatchesTheStandardTools_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("tool");
        QTest::newRow("sha256 (default)") << QString() << QStringLiteral("sha256sum");
        QTest::newRow("sha1") << QStringLiteral("sha1") << QStringLiteral("sha1sum");
        QTest::newRow("md5") << QStringLiteral("md5") << QStringLiteral("md5sum");
    }

    void folderMatchesTheStandardTools()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, tool);
        QTemporaryDir data;
        const QString root = data.filePath(QStringLiteral("photos"));
        writeFile(root + QStringLiteral("/b.txt"), "hello\n");
        writeFile(root + QStringLiteral("/a large file.bin"), randomBytes(3 * 1024 * 1024 + 17)); // several chunks
        writeFile(root + QStringLiteral("/empty"), {});
        writeFile(root + QStringLiteral("/.hidden"), "secret");
        writeFile(root + QStringLiteral("/sub/deeper/ünïcode name.txt"), "ü\n");
        const QString single = data.filePath(QStringLiteral("single.txt"));
        writeFile(single, "one file given by itself\n");

        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(2));
        engine.start();
        const qint64 id = enqueueVia(engine, checksumJob({single, root + u'/'}, algorithm));
        const QJsonArray result = resultOf(t, id);

        QStringList expectedOrder{single};
        QStringList inFolder{root + QStringLiteral("/.hidden"), root + QStringLiteral("/a large file.bin"),
                             root + QStringLiteral("/b.txt"), root + QStringLiteral("/empty"),
                             root + QStringLiteral("/sub/deeper/ünïcode name.txt")};
        inFolder.sort();
        expectedOrder += inFolder;
        const auto expected = standardDigests(tool, expectedOrder);
        QCOMPARE(expected.size(), 6);
        QCOMPARE(result.size(), 6);
        for (int i = 0; i < result.size(); ++i) {
            const QJsonObject entry = result[i].toObject();
            QCOMPARE(entry.value(QLatin1String("path")).toString(), expectedOrder[i]);
            QCOMPARE(entry.value(QLatin1String("digest")).toString(), expected.value(expectedOrder[i]));
            QCOMPARE(qint64(entry.value(QLatin1String("size")).toDouble()), QFileInfo(expectedOrder[i]).size());
        }

        // Idempotent: the same input gives the same output.
        const qint64 again = enqueueVia(engine, checksumJob({single, root + u'/'}, algorithm));
        QCOMPARE(resultOf(t, again), result);
    }

    void missingAndUnreadableFilesAreReportedPerFile()
    {
        QTemporaryDir data;
        const QString good = data.filePath(QStringLiteral("good.txt"));
        writeFile(good, "fine\n");
        const QString missing = data.filePath(QStringLiteral("vanished.txt"));
        // A file without read permission; whoever may read any file (root) gets one the kernel refuses to read.
        QString unreadable = data.filePath(QStringLiteral("locked.txt"));
        writeFile(unreadable, "private\n");
        QFile(unreadable).setPermissions(QFileDevice::Permissions());
        if (QFile probe(unreadable); probe.open(QIODevice::ReadOnly))
            unreadable = QStringLiteral("/proc/self/clear_refs");

        TempStore t;
        const HandlerRegistry registry = builtIns();
        Engine engine(*t.store, registry, engineOptions(1));
        engine.start();
        const qint64 id = enqueueVia(engine, checksumJob({missing, unreadable, good}));
        const QJsonArray result = resultOf(t, id);
        QCOMPARE(result.size(), 3);
        QCOMPARE(result[0].toObject(), (QJsonObject{{QStringLiteral("path"), missing}, {QStringLiteral("error"), QStringLiteral("no such file")}}));
        QCOMPARE(result[1].toObject().value(QLatin1String("path")).toString(), unreadable);
        QVERIFY2(!result[1].toObject().value(QLatin1String("error")).toString().isEmpty(),
                 qPrintable(QJsonDocument(result[1].toObject()).toJson()));
        QVERIFY(!result[1].toObject().contains(QLatin1String("digest")));
        QCOMPARE(result[2].toObject().value(QLatin1String("digest")).toString(),
                 standardDigests(QStringLiteral("sha256sum"), {good}).value(good));
        QStringList errors;
        for (const LogLine &l : t.reader->logTail(id, 20)) {
            if (l.level == LogLevel::Error)
                errors << l.text;
        }
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors[0], missing + QStringLiteral(": no such file"));
        QVERIFY(errors[1].startsWith(unreadable + QStringLiteral(": ")));
    }

    void stoppedInsideALargeFileContinuesWithoutReadingItsBeginningAgain()
    {
        QTemporaryDir data;
        const QString small = data.filePath(QStringLiteral("a-small.txt"));
        writeFile(small, "before the large one\n");
        const QString large = data.filePath(QStringLiteral("b-large.bin"));
        {
            QFile f(large);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(1) << 30)); // sparse: 1 GiB that takes no disk space
        }
        TempStore t;
        const HandlerRegistry registry = builtIns();
        qint64 id = 0;
        qint64 offset = 0;
        {
            Engine first(*t.store, registry, engineOptions(1));
            QSignalSpy progress(&first, &Engine::progressChanged);
            first.start();
            id = enqueueVia(first, checksumJob({data.path()}, {}, 20));
            QTRY_VERIFY_WITH_TIMEOUT(QJsonDocument::fromJson(t.reader->job(id)->checkpoint).object().contains(QLatin1String("current")), 30'000);
            QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 2, 30'000);
            first.stopAndWait();

            // Progress counts bytes, a chunk at a time: inside the large file it stands at the small file plus whole
            // chunks of the large one (a count of files would say one half), and only moves forward.
            const double total = double(QFileInfo(small).size() + QFileInfo(large).size());
            double before = 0;
            for (const QList<QVariant> &p : std::as_const(progress)) {
                QCOMPARE(p.at(0).toLongLong(), id);
                const double fraction = p.at(1).toDouble();
                QVERIFY(fraction > before && fraction < 0.5);
                before = fraction;
                if (p.at(2).toString() == QLatin1String("file 1 of 2: a-small.txt")) {
                    QCOMPARE(std::round(fraction * total), double(QFileInfo(small).size()));
                    continue;
                }
                QCOMPARE(p.at(2).toString(), QStringLiteral("file 2 of 2: b-large.bin"));
                const double largeBytes = fraction * total - double(QFileInfo(small).size());
                const double chunks = largeBytes / double(ChecksumHandler::kChunkBytes);
                QVERIFY2(chunks >= 1 && std::abs(chunks - std::round(chunks)) < 1e-3, qPrintable(QString::number(chunks)));
            }
            const QJsonObject checkpoint = QJsonDocument::fromJson(t.reader->job(id)->checkpoint).object();
            const QJsonObject current = checkpoint.value(QLatin1String("current")).toObject();
            QCOMPARE(current.value(QLatin1String("path")).toString(), large);
            offset = qint64(current.value(QLatin1String("offset")).toDouble());
            QVERIFY2(offset > 0 && offset < QFileInfo(large).size(), "stopped inside the large file");
            QCOMPARE(checkpoint.value(QLatin1String("done")).toArray().size(), 1); // the small file
        }
        QCOMPARE(t.stateOf(id), QStringLiteral("queued"));

        Engine second(*t.store, registry, engineOptions(1));
        second.start();
        const QJsonArray result = resultOf(t, id);
        QVERIFY(t.reader->attempts(id).back().fromCheckpoint);
        // Only the rest of the large file was read: neither the small file nor the part hashed before the stop.
        QCOMPARE(bytesReadByLastAttempt(t, id), QFileInfo(large).size() - offset);
        const auto expected = standardDigests(QStringLiteral("sha256sum"), {small, large});
        QCOMPARE(result.size(), 2);
        QCOMPARE(result[0].toObject().value(QLatin1String("digest")).toString(), expected.value(small));
        QCOMPARE(result[1].toObject().value(QLatin1String("digest")).toString(), expected.value(large));
    }

    void savedHashStateContinuesToTheStandardDigest()
    {
        const QByteArray data = randomBytes(100'003);
        for (auto algorithm : {ResumableHash::Algorithm::Sha256, ResumableHash::Algorithm::Sha1, ResumableHash::Algorithm::Md5}) {
            ResumableHash whole(algorithm);
            whole.addData(data.constData(), data.size());
            ResumableHash first(algorithm);
            first.addData(data.constData(), 40'001);
            auto resumed = ResumableHash::restore(algorithm, first.saveState());
            QVERIFY(resumed);
            resumed->addData(data.constData() + 40'001, data.size() - 40'001);
            QCOMPARE(resumed->hexDigest(), whole.hexDigest());
            const auto qtAlgorithm = algorithm == ResumableHash::Algorithm::Sha256 ? QCryptographicHash::Sha256
                : algorithm == ResumableHash::Algorithm::Sha1                      ? QCryptographicHash::Sha1
                                                                                   : QCryptographicHash::Md5;
            QCOMPARE(whole.hexDigest(), QCryptographicHash::hash(data, qtAlgorithm).toHex());
        }
        QVERIFY(!ResumableHash::restore(ResumableHash::Algorithm::Sha256, QByteArray("not a state")));
    }

    void badPayloadsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("no paths") << QByteArray("{}");
        QTest::newRow("empty paths") << QByteArray(R"({"paths": []})");
        QTest::newRow("path not text") << QByteArray(R"({"paths": [1]})");
        QTest::newRow("unknown algorithm") << QByteArray(R"({"paths": ["/tmp"], "algorithm": "crc32"})");
    }

    void badPayloadsAreRefused()
    {
        QFETCH(QByteArray, payload);
        const HandlerRegistry registry = builtIns();
        QVERIFY(!registry.find(QStringLiteral("checksum"))->validate(QJsonDocument::fromJson(payload).object()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ChecksumTest)
#include "tst_checksum.moc"
