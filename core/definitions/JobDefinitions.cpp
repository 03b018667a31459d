#include "JobDefinitions.h"

#include "JobDefinitionReader.h"

#include <QDir>
#include <QFileInfo>

namespace jobdeck {

namespace {
// Editors write a file in several steps; one reload after they are done is enough.
constexpr int kDebounceMs = 250;
// inotify can miss changes (a queue overflow, a folder made again); a slow rescan catches them.
constexpr int kSafetyNetMs = 10'000;
} // namespace

JobDefinitions::JobDefinitions(QStringList taken, Watching watching, QObject *parent)
    : QObject(parent), m_taken(std::move(taken)), m_watching(watching)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &JobDefinitions::reload);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    m_safetyNet.setInterval(kSafetyNetMs);
    connect(&m_safetyNet, &QTimer::timeout, this, &JobDefinitions::reload);
}

void JobDefinitions::setFolder(const QString &dir)
{
    const QString folder = dir.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    {
        QMutexLocker lock(&m_mutex);
        if (folder == m_folder && !folder.isEmpty())
            return;
        m_folder = folder;
    }
    if (m_watching == Watching::On && !folder.isEmpty())
        m_safetyNet.start();
    else
        m_safetyNet.stop();
    reload();
}

QString JobDefinitions::folder() const
{
    QMutexLocker lock(&m_mutex);
    return m_folder;
}

QString JobDefinitions::folderError() const
{
    QMutexLocker lock(&m_mutex);
    return m_folderError;
}

void JobDefinitions::reload()
{
    const QString dir = folder();
    std::vector<JobDefinition> read;
    QString folderError;
    if (!dir.isEmpty() && !QFileInfo(dir).isDir())
        folderError = QStringLiteral("the jobs folder %1 does not exist").arg(dir);
    else if (!dir.isEmpty())
        read = JobDefinitionReader::readFolder(dir, m_taken);
    bool changedNow = false;
    {
        QMutexLocker lock(&m_mutex);
        QMap<QString, JobDefinition> next;
        for (JobDefinition &d : read)
            next.insert(d.name, std::move(d));
        changedNow = next.keys() != m_definitions.keys() || folderError != m_folderError;
        for (auto it = next.cbegin(); !changedNow && it != next.cend(); ++it) {
            const JobDefinition &before = m_definitions[it.key()];
            changedNow = before.revision != it->revision || before.error != it->error || before.type != it->type;
        }
        m_definitions.swap(next);
        m_folderError = folderError;
    }
    if (m_watching == Watching::On)
        watch(definitions());
    if (changedNow)
        Q_EMIT changed();
}

void JobDefinitions::watch(const std::vector<JobDefinition> &definitions)
{
    // Files replaced by an editor (write, then rename) are new files: the whole set is renewed on each reload.
    const QStringList old = m_watcher.files() + m_watcher.directories();
    if (!old.isEmpty())
        m_watcher.removePaths(old);
    const QString dir = folder();
    if (dir.isEmpty())
        return;
    QStringList paths{dir};
    for (const auto type : {JobDefinition::Type::Triggered, JobDefinition::Type::Continuous})
        paths << QDir(dir).filePath(JobDefinition::typeName(type));
    for (const JobDefinition &d : definitions) {
        paths << d.folder;
        for (const QString &name : JobDefinitionReader::entryScriptNames() + QStringList{JobDefinitionReader::settingsFileName()})
            paths << QDir(d.folder).filePath(name);
    }
    QStringList existing;
    for (const QString &p : paths) {
        if (QFileInfo::exists(p))
            existing << p;
    }
    if (!existing.isEmpty())
        m_watcher.addPaths(existing);
}

std::optional<JobDefinition> JobDefinitions::find(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_definitions.constFind(name);
    if (it == m_definitions.constEnd())
        return std::nullopt;
    return *it;
}

bool JobDefinitions::contains(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_definitions.contains(name);
}

std::vector<JobDefinition> JobDefinitions::definitions() const
{
    QMutexLocker lock(&m_mutex);
    return {m_definitions.cbegin(), m_definitions.cend()};
}

std::optional<JobSpec> JobDefinitions::jobFor(const QString &name, const QJsonObject &payload, QString *error) const
{
    const auto d = find(name);
    QString why;
    if (!d) {
        QStringList known;
        for (const JobDefinition &other : definitions()) {
            if (!other.isContinuous())
                known << other.name;
        }
        const QString dir = folder();
        why = dir.isEmpty() ? QStringLiteral("no job definition \"%1\": no jobs folder is set").arg(name)
                            : QStringLiteral("no job definition \"%1\" in %2 (triggered jobs: %3)")
                                  .arg(name, dir, known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", ")));
    } else if (d->isContinuous()) {
        why = QStringLiteral("\"%1\" is a continuous job: it runs by itself while a runner runs").arg(name);
    } else if (!d->isValid()) {
        why = QStringLiteral("job definition \"%1\" cannot run: %2").arg(name, d->error);
    } else if (d->isPipeline()) {
        why = QStringLiteral("\"%1\" is a pipeline of %2 steps: start it with jobdeck run %1").arg(name).arg(d->steps.size());
    }
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    return d->jobSpec(payload);
}

std::function<std::optional<JobSpec>(const QString &, const QJsonObject &, QString *)> JobDefinitions::stepJobs() const
{
    return [this](const QString &name, const QJsonObject &payload, QString *error) -> std::optional<JobSpec> {
        if (!contains(name))
            return std::nullopt;
        return jobFor(name, payload, error);
    };
}

DefinitionResolver JobDefinitions::resolver() const
{
    return [this](const QString &name, QString *error) { return jobFor(name, {}, error); };
}

} // namespace jobdeck
