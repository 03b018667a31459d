#include "desktop/DropChoices.h"

#include "definitions/JobDefinitions.h"
#include "runner/HandlerRegistry.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

namespace jobdeck {

namespace {

const QString kDefinitionPrefix = QStringLiteral("definition:");

JobSpec spec(const QString &kind, const QString &queue, const QJsonObject &payload)
{
    JobSpec s;
    s.kind = kind;
    s.queue = queue;
    s.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    return s;
}

} // namespace

bool DropChoice::suits(const QString &path) const
{
    const QFileInfo info(path);
    if (suffixes.isEmpty() && !executables)
        return true;
    return suffixes.contains(info.suffix().toLower()) || (executables && info.isExecutable());
}

DropChoices::DropChoices(const HandlerRegistry &handlers)
{
    if (handlers.find(QStringLiteral("checksum"))) {
        add({QStringLiteral("checksum"), QObject::tr("Checksum"),
             QObject::tr("A SHA-256 digest of each file (kind checksum, queue files)"), {}, false,
             [](const QString &path) {
                 return spec(QStringLiteral("checksum"), QStringLiteral("files"),
                             {{QStringLiteral("paths"), QJsonArray{path}}, {QStringLiteral("algorithm"), QStringLiteral("sha256")}});
             }});
    }
    if (handlers.find(QStringLiteral("thumbnail"))) {
        add({QStringLiteral("thumbnail"), QObject::tr("Thumbnail"),
             QObject::tr("A 256-pixel thumbnail of each image (kind thumbnail, queue images)"),
             {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("gif"),
              QStringLiteral("bmp"), QStringLiteral("webp"), QStringLiteral("tif"), QStringLiteral("tiff")},
             false,
             [](const QString &path) {
                 return spec(QStringLiteral("thumbnail"), QStringLiteral("images"),
                             {{QStringLiteral("path"), path}, {QStringLiteral("size"), 256}});
             }});
    }
    if (handlers.find(QStringLiteral("process"))) {
        add({QStringLiteral("run"), QObject::tr("Run as a script"),
             QObject::tr("Runs each script or program once, its output in the job's log (kind process, queue scripts)"),
             {QStringLiteral("sh"), QStringLiteral("py"), QStringLiteral("js")}, true,
             [](const QString &path) {
                 return spec(QStringLiteral("process"), QStringLiteral("scripts"),
                             {{QStringLiteral("program"), path}, {QStringLiteral("cwd"), QFileInfo(path).absolutePath()}});
             }});
    }
}

void DropChoices::add(DropChoice choice)
{
    m_choices.push_back(std::move(choice));
}

void DropChoices::setDefinitions(const JobDefinitions &definitions)
{
    std::erase_if(m_choices, &DropChoices::isDefinition);
    for (const JobDefinition &d : definitions.definitions()) {
        std::optional<JobSpec> job = definitions.jobFor(d.name, {}, nullptr);
        if (!job)
            continue; // continuous, or broken: nothing a file could start
        add({kDefinitionPrefix + d.name, d.name,
             QObject::tr("Job of the jobs folder, given {\"path\": file} as its payload (queue %1)").arg(job->queue),
             {}, false,
             [job = *job](const QString &path) {
                 JobSpec s = job;
                 s.payload = QJsonDocument(QJsonObject{{QStringLiteral("path"), path}}).toJson(QJsonDocument::Compact);
                 return s;
             }});
    }
}

bool DropChoices::isDefinition(const DropChoice &choice)
{
    return choice.id.startsWith(kDefinitionPrefix);
}

const DropChoice *DropChoices::find(const QString &id) const
{
    for (const DropChoice &c : m_choices) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

} // namespace jobdeck
