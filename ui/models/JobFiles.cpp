#include "models/JobFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace jobdeck {

namespace {

bool looksLikePath(const QString &text)
{
    return QDir::isAbsolutePath(text) && !text.contains(u'\n') && text.size() < 4096;
}

// Every absolute path among the strings of `value`, depth first, each under the key that holds it.
void collect(const QJsonValue &value, const QString &key, QList<JobFiles::File> &files)
{
    if (files.size() >= JobFiles::kMaxFiles)
        return;
    if (value.isString()) {
        if (looksLikePath(value.toString()))
            files.push_back({key, QDir::cleanPath(value.toString())});
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collect(item, key, files);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collect(it.value(), it.key(), files);
    }
}

bool isImage(const QString &path)
{
    static const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    return formats.contains(QFileInfo(path).suffix().toLower().toLatin1());
}

} // namespace

JobFiles JobFiles::of(const JobRecord &job, const std::optional<WatchedFile> &origin)
{
    JobFiles files;
    files.origin = origin;
    const QJsonObject payload = QJsonDocument::fromJson(job.payload).object();
    for (const QString &key : {QStringLiteral("path"), QStringLiteral("paths"), QStringLiteral("program")})
        collect(payload.value(key), key, files.inputs);
    if (origin && !origin->movedTo.isEmpty()) {
        for (File &in : files.inputs) {
            if (in.path == QDir::cleanPath(origin->path))
                in.path = origin->movedTo;
        }
    }
    const QJsonDocument result = QJsonDocument::fromJson(job.result);
    if (result.isObject())
        collect(result.object(), QString(), files.outputs);
    else if (result.isArray())
        collect(result.array(), QString(), files.outputs);
    // An input named again in the result ("source") is an input, not an output.
    files.outputs.removeIf([&files](const File &out) {
        return std::any_of(files.inputs.begin(), files.inputs.end(), [&out](const File &in) { return in.path == out.path; });
    });
    for (const File &out : std::as_const(files.outputs)) {
        if (isImage(out.path)) {
            files.preview = out.path;
            break;
        }
    }
    return files;
}

} // namespace jobdeck
