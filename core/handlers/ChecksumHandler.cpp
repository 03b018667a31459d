#include "ChecksumHandler.h"

#include "ChecksumFiles.h"
#include "ResumableHash.h"
#include "runner/JobContext.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>

namespace jobdeck {

namespace {

// Where an earlier attempt stopped inside a file.
struct FilePosition {
    QString path;
    qint64 offset = 0;
    qint64 size = 0;
    qint64 modifiedMs = 0;
    QByteArray state;

    QJsonObject toJson() const
    {
        return {{QStringLiteral("path"), path},
                {QStringLiteral("offset"), double(offset)},
                {QStringLiteral("size"), double(size)},
                {QStringLiteral("modified_ms"), double(modifiedMs)},
                {QStringLiteral("state"), QString::fromLatin1(state.toBase64())}};
    }
    static FilePosition fromJson(const QJsonObject &o)
    {
        return {o.value(QLatin1String("path")).toString(), qint64(o.value(QLatin1String("offset")).toDouble()),
                qint64(o.value(QLatin1String("size")).toDouble()), qint64(o.value(QLatin1String("modified_ms")).toDouble()),
                QByteArray::fromBase64(o.value(QLatin1String("state")).toString().toLatin1())};
    }
};

QJsonObject failedFile(const QString &path, const QString &error)
{
    return {{QStringLiteral("path"), path}, {QStringLiteral("error"), error}};
}

// One attempt of a checksum job: the files, what earlier attempts finished, and the checkpoints.
class ChecksumRun {
public:
    ChecksumRun(JobContext &ctx, ResumableHash::Algorithm algorithm, qint64 checkpointMs)
        : m_ctx(ctx), m_algorithm(algorithm), m_checkpointMs(checkpointMs)
    {
        m_sinceCheckpoint.start();
    }

    void run(const QStringList &paths)
    {
        const std::vector<ChecksumFile> files = listChecksumFiles(paths);
        for (const ChecksumFile &f : files)
            m_totalBytes += f.size;
        resumeFromCheckpoint();
        int failed = 0;
        for (size_t i = 0; i < files.size(); ++i) {
            const ChecksumFile &file = files[i];
            QJsonObject entry = m_earlier.value(file.path);
            if (entry.isEmpty()) {
                entry = hash(file, int(i), int(files.size()));
                m_results.append(entry);
                checkpoint(std::nullopt, false);
            } else {
                m_results.append(entry);
            }
            m_doneBytes += file.size;
            if (entry.contains(QLatin1String("error"))) {
                ++failed;
                m_ctx.error(QStringLiteral("%1: %2").arg(file.path, entry.value(QLatin1String("error")).toString()));
            }
        }
        m_ctx.setProgress(1.0, QStringLiteral("%1 files").arg(files.size()));
        m_ctx.info(QStringLiteral("%1 of %2 files hashed with %3%4; %5 bytes read in this attempt")
                       .arg(files.size() - size_t(failed))
                       .arg(files.size())
                       .arg(ResumableHash::algorithmName(m_algorithm))
                       .arg(failed ? QStringLiteral(", %1 could not be read").arg(failed) : QString())
                       .arg(m_bytesRead));
        m_ctx.setResult(m_results);
    }

private:
    void resumeFromCheckpoint()
    {
        const QJsonObject c = m_ctx.checkpoint().toObject();
        if (!m_ctx.hasCheckpoint() || c.value(QLatin1String("algorithm")).toString() != ResumableHash::algorithmName(m_algorithm))
            return;
        for (const QJsonValue v : c.value(QLatin1String("done")).toArray()) {
            const QJsonObject entry = v.toObject();
            m_earlier.insert(entry.value(QLatin1String("path")).toString(), entry);
        }
        if (c.contains(QLatin1String("current")))
            m_resume = FilePosition::fromJson(c.value(QLatin1String("current")).toObject());
        m_ctx.info(QStringLiteral("resuming: %1 files already hashed%2")
                       .arg(m_earlier.size())
                       .arg(m_resume ? QStringLiteral(", %1 continues at byte %2").arg(m_resume->path).arg(m_resume->offset)
                                     : QString()));
    }

    // Durable progress: the files finished and where the current one stands. After small files at most a few
    // a second, since each checkpoint waits for the disk.
    void checkpoint(const std::optional<FilePosition> &current, bool force)
    {
        if (!force && m_sinceCheckpoint.elapsed() < (current ? m_checkpointMs : ChecksumHandler::kMinCheckpointGapMs))
            return;
        QJsonObject c{{QStringLiteral("algorithm"), ResumableHash::algorithmName(m_algorithm)},
                      {QStringLiteral("done"), m_results}};
        if (current)
            c.insert(QStringLiteral("current"), current->toJson());
        m_ctx.saveCheckpoint(c);
        m_sinceCheckpoint.restart();
    }

    QJsonObject hash(const ChecksumFile &file, int index, int count)
    {
        const QFileInfo info(file.path);
        if (!info.exists())
            return failedFile(file.path, QStringLiteral("no such file"));
        QFile f(file.path);
        if (!f.open(QIODevice::ReadOnly))
            return failedFile(file.path, f.errorString());
        FilePosition position{file.path, 0, info.size(), info.lastModified().toMSecsSinceEpoch(), {}};
        ResumableHash hash(m_algorithm);
        if (m_resume && m_resume->path == file.path) {
            // Only an unchanged file continues; a file written since starts again.
            const auto restored = ResumableHash::restore(m_algorithm, m_resume->state);
            if (restored && m_resume->size == position.size && m_resume->modifiedMs == position.modifiedMs
                && m_resume->offset <= position.size && f.seek(m_resume->offset)) {
                hash = *restored;
                position.offset = m_resume->offset;
            }
            m_resume.reset();
        }
        QByteArray buffer(ChecksumHandler::kChunkBytes, Qt::Uninitialized);
        for (;;) {
            if (m_ctx.isCancellationRequested()) {
                position.state = hash.saveState();
                checkpoint(position, true); // what was read so far is not lost to a stop or a timeout
                throw JobCancelled();
            }
            const qint64 n = f.read(buffer.data(), buffer.size());
            if (n < 0)
                return failedFile(file.path, f.errorString());
            if (n == 0)
                break;
            hash.addData(buffer.constData(), n);
            position.offset += n;
            m_bytesRead += n;
            const qint64 done = m_doneBytes + position.offset;
            m_ctx.setProgress(m_totalBytes > 0 ? double(done) / double(m_totalBytes) : 0.0,
                              QStringLiteral("file %1 of %2: %3").arg(index + 1).arg(count).arg(info.fileName()));
            if (m_sinceCheckpoint.elapsed() >= m_checkpointMs) {
                position.state = hash.saveState();
                checkpoint(position, true);
            }
        }
        return {{QStringLiteral("path"), file.path},
                {QStringLiteral("size"), double(position.offset)},
                {QStringLiteral("digest"), QString::fromLatin1(hash.hexDigest())}};
    }

    JobContext &m_ctx;
    ResumableHash::Algorithm m_algorithm;
    qint64 m_checkpointMs;
    QElapsedTimer m_sinceCheckpoint;
    QHash<QString, QJsonObject> m_earlier; // files an earlier attempt finished, by path
    std::optional<FilePosition> m_resume;
    QJsonArray m_results;
    qint64 m_totalBytes = 0;
    qint64 m_doneBytes = 0; // of the files finished, for progress
    qint64 m_bytesRead = 0; // by this attempt
};

} // namespace

QString ChecksumHandler::validate(const QJsonObject &payload) const
{
    const QJsonValue paths = payload.value(QLatin1String("paths"));
    if (!paths.isArray() || paths.toArray().isEmpty())
        return QStringLiteral("checksum: \"paths\" must be a non-empty array of file or folder paths");
    for (const QJsonValue p : paths.toArray()) {
        if (!p.isString() || p.toString().isEmpty())
            return QStringLiteral("checksum: \"paths\" must be a non-empty array of file or folder paths");
    }
    if (payload.contains(QLatin1String("algorithm"))
        && !ResumableHash::algorithmFromName(payload.value(QLatin1String("algorithm")).toString()))
        return QStringLiteral("checksum: \"algorithm\" must be sha256, sha1 or md5");
    if (payload.contains(QLatin1String("checkpoint_ms"))
        && (!payload.value(QLatin1String("checkpoint_ms")).isDouble() || payload.value(QLatin1String("checkpoint_ms")).toDouble() < 0))
        return QStringLiteral("checksum: \"checkpoint_ms\" must be a non-negative number");
    return {};
}

void ChecksumHandler::run(JobContext &ctx)
{
    const QJsonObject p = ctx.payload();
    if (const QString invalid = validate(p); !invalid.isEmpty())
        ctx.fail(invalid, false);
    QStringList paths;
    for (const QJsonValue v : p.value(QLatin1String("paths")).toArray())
        paths << v.toString();
    const auto algorithm = ResumableHash::algorithmFromName(p.value(QLatin1String("algorithm")).toString(QStringLiteral("sha256")));
    ChecksumRun(ctx, *algorithm, qint64(p.value(QLatin1String("checkpoint_ms")).toDouble(kDefaultCheckpointMs))).run(paths);
}

} // namespace jobdeck
