#pragma once

#include "JobDefinition.h"
#include "schedule/ScheduleCommands.h"

#include <QFileSystemWatcher>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <optional>
#include <vector>

namespace jobdeck {

// The job definitions of a jobs folder: the catalog schedules, file drops, the window, the command line and the
// runner look jobs up in. Reads are thread-safe (workers look up the definition of the job they run); the
// folder is set and watched on the thread that owns the object.
//
// Watching: adding, changing or removing a job folder, its entry script or its settings.job updates the
// catalog within about a second, without a restart, and emits changed().
class JobDefinitions final : public QObject {
    Q_OBJECT
public:
    enum class Watching { Off, On };

    // `taken`: names a definition may not have (the kinds of the built-in handlers).
    explicit JobDefinitions(QStringList taken = {}, Watching watching = Watching::Off, QObject *parent = nullptr);

    // Reads `dir` (empty: no folder, no definitions) and, with Watching::On, follows its changes.
    void setFolder(const QString &dir);
    QString folder() const;
    // Why the folder itself cannot be read (it does not exist); empty when it can.
    QString folderError() const;

    std::optional<JobDefinition> find(const QString &name) const;
    bool contains(const QString &name) const;
    std::vector<JobDefinition> definitions() const; // by name

    // The one way to make a job of a definition: `name` looked up, checked to be a triggered job that can run,
    // and turned into a JobSpec with `payload`. Empty, and `error` set, when it cannot be done.
    std::optional<JobSpec> jobFor(const QString &name, const QJsonObject &payload, QString *error) const;
    // jobFor without a payload, for schedules of a definition; valid as long as this object lives.
    DefinitionResolver resolver() const;
    // jobFor for the steps of a pipeline (readPipelineFile): empty without an error for a name that is no definition,
    // so the step is read as a handler's kind. Valid as long as this object lives.
    std::function<std::optional<JobSpec>(const QString &name, const QJsonObject &payload, QString *error)> stepJobs() const;

    // Reads the folder again now (the watcher does this by itself).
    void reload();

Q_SIGNALS:
    // The definitions changed: one was added, removed, or its script or settings changed.
    void changed();

private:
    void watch(const std::vector<JobDefinition> &definitions);

    QStringList m_taken;
    Watching m_watching;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QTimer m_safetyNet;

    mutable QMutex m_mutex;
    QString m_folder;
    QString m_folderError;
    QMap<QString, JobDefinition> m_definitions;
};

} // namespace jobdeck
