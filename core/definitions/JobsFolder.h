#pragma once

#include "JobDefinition.h"
#include "storage/Mutation.h"

#include <QMap>
#include <QObject>
#include <memory>

namespace jobdeck {

class Engine;
class JobDefinitions;
class ScheduleReader;
class StoreReader;

// The jobs folder of a running runner. The database remembers which folder it is (the setting jobs_dir, written
// by `--jobs-dir`, by the command line or by the window), so every runner and command on the database uses the
// same one. This keeps the catalog on that folder, follows changes of the setting made by any process, hands the
// continuous jobs to the engine and the definitions to its scheduler, keeps the schedules of settings.job in the
// database (DefinitionSchedules), and reports what it found for the runner's log. Main thread only.
class JobsFolder final : public QObject {
    Q_OBJECT
public:
    JobsFolder(Engine &engine, JobDefinitions &definitions, QObject *parent = nullptr);
    ~JobsFolder() override;

    static QString settingKey() { return QStringLiteral("jobs_dir"); }
    // The write that makes `dir` (made absolute) the database's jobs folder; empty forgets it. Whoever submits it,
    // every runner on the database switches to the folder.
    static SetSetting remember(const QString &dir);
    // The folder the database names; empty if none.
    static QString remembered(StoreReader &reader);

    // Makes `dir` the jobs folder: remembered in the database and read at once (for the window's setting).
    void setFolder(const QString &dir);

Q_SIGNALS:
    // A line for the runner's log: what was found or changed, or (problem) what is wrong and with which job.
    void report(const QString &line, bool problem);

private:
    void followSetting();
    void onDefinitionsChanged();
    void syncSchedules(const std::vector<JobDefinition> &definitions);

    Engine &m_engine;
    JobDefinitions &m_definitions;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<ScheduleReader> m_scheduleReader;
    bool m_followed = false;
    QStringList m_reportedScheduleProblems;
    QMap<QString, JobDefinition> m_reported;
    QString m_reportedFolderError;
};

} // namespace jobdeck
