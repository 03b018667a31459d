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
// continuous jobs to the engine and the definitions to its scheduler, and reports what it found for the runner's
// log. Main thread only.
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

    // The schedule a definition with `schedule` in its settings.job keeps: named after the definition, enqueuing
    // it on the cron expression, skipping an occurrence while the previous run is unfinished if it is a singleton.
    // `stored`: the schedule as it is now; what settings.job does not say (zone, policies, calendars, enabled)
    // stays as the user set it.
    static ScheduleSpec scheduleOf(const JobDefinition &definition, const ScheduleSpec *stored);

Q_SIGNALS:
    // A line for the runner's log: what was found or changed, or (problem) what is wrong and with which job.
    void report(const QString &line, bool problem);

private:
    void followSetting();
    void onDefinitionsChanged();
    // Keeps the schedules of definitions with a `schedule` in step with the folder (`before`: what it held).
    void syncSchedules(const std::vector<JobDefinition> &now, const QMap<QString, JobDefinition> &before);

    Engine &m_engine;
    JobDefinitions &m_definitions;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<ScheduleReader> m_schedules;
    QMap<QString, JobDefinition> m_reported;
    QString m_reportedFolderError;
};

} // namespace jobdeck
