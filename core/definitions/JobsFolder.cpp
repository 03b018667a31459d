#include "JobsFolder.h"

#include "JobDefinitions.h"
#include "runner/ContinuousSupervisor.h"
#include "runner/Engine.h"
#include "schedule/ScheduleCommands.h"
#include "schedule/Scheduler.h"
#include "storage/ScheduleReader.h"
#include "storage/StoreError.h"

#include <QDir>
#include <QFileInfo>

namespace jobdeck {

JobsFolder::JobsFolder(Engine &engine, JobDefinitions &definitions, QObject *parent)
    : QObject(parent), m_engine(engine), m_definitions(definitions)
{
    connect(&m_engine, &Engine::configChanged, this, &JobsFolder::followSetting);
    connect(&m_definitions, &JobDefinitions::changed, this, &JobsFolder::onDefinitionsChanged);
    // Schedules of a definition (`schedule add --job NAME`) make their jobs the one way a definition makes them.
    m_engine.scheduler().setDefinitionResolver(
        [&definitions = m_definitions](const QString &name, QString *error) { return definitions.jobFor(name, {}, error); });
}

JobsFolder::~JobsFolder() = default;

SetSetting JobsFolder::remember(const QString &dir)
{
    return {settingKey(), dir.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(dir).absoluteFilePath())};
}

QString JobsFolder::remembered(StoreReader &reader)
{
    return reader.setting(settingKey());
}

void JobsFolder::setFolder(const QString &dir)
{
    m_engine.submit({remember(dir)});
    m_definitions.setFolder(remember(dir).value);
}

void JobsFolder::followSetting()
{
    QString dir;
    try {
        if (!m_reader)
            m_reader = m_engine.store().openReader();
        dir = remembered(*m_reader);
    } catch (const StoreError &) {
        return; // the engine reports database errors; the next change tries again
    }
    if (dir == m_definitions.folder())
        return;
    Q_EMIT report(dir.isEmpty() ? QStringLiteral("no jobs folder") : QStringLiteral("jobs folder %1").arg(dir), false);
    m_definitions.setFolder(dir);
    onDefinitionsChanged(); // also when the new folder holds the same names as the old one
}

void JobsFolder::onDefinitionsChanged()
{
    const std::vector<JobDefinition> now = m_definitions.definitions();
    std::vector<ContinuousJob> continuous;
    QMap<QString, JobDefinition> next;
    for (const JobDefinition &d : now) {
        next.insert(d.name, d);
        if (d.isContinuous() && d.isValid())
            continuous.push_back({d.jobSpec(), d.revision});
    }
    m_engine.setContinuousJobs(std::move(continuous));

    const QString folderError = m_definitions.folderError();
    if (!folderError.isEmpty() && folderError != m_reportedFolderError)
        Q_EMIT report(folderError, true);
    m_reportedFolderError = folderError;
    for (const JobDefinition &d : now) {
        const auto before = m_reported.constFind(d.name);
        const bool isNew = before == m_reported.constEnd();
        if (isNew || before->revision != d.revision || before->type != d.type)
            Q_EMIT report(QStringLiteral("job definition %1 (%2) %3").arg(d.name, JobDefinition::typeName(d.type),
                                                                           isNew ? QStringLiteral("found") : QStringLiteral("changed")),
                          false);
        if (!d.isValid() && (isNew || before->error != d.error))
            Q_EMIT report(QStringLiteral("job definition %1 cannot run: %2").arg(d.name, d.error), true);
    }
    for (auto it = m_reported.cbegin(); it != m_reported.cend(); ++it) {
        if (!next.contains(it.key()))
            Q_EMIT report(QStringLiteral("job definition %1 removed").arg(it.key()), false);
    }
    syncSchedules(now, m_reported);
    m_reported.swap(next);
}

ScheduleSpec JobsFolder::scheduleOf(const JobDefinition &definition, const ScheduleSpec *stored)
{
    ScheduleSpec spec;
    if (stored)
        spec = *stored;
    spec.name = definition.name;
    spec.kind = ScheduleKind::Cron;
    spec.cron = definition.schedule;
    spec.definition = definition.name;
    spec.job.kind.clear();
    spec.job.payload.clear();
    if (definition.isSingleton)
        spec.overlap = OverlapPolicy::Skip; // else the stored choice, or allow
    return spec;
}

void JobsFolder::syncSchedules(const std::vector<JobDefinition> &now, const QMap<QString, JobDefinition> &before)
{
    WriteBatch writes;
    QStringList changed;
    try {
        if (!m_schedules)
            m_schedules = m_engine.store().openScheduleReader();
        const qint64 nowMs = m_engine.clock().nowMs();
        for (const JobDefinition &d : now) {
            const std::optional<ScheduleRecord> stored = m_schedules->schedule(d.name);
            const bool ours = stored && stored->spec.definition == d.name;
            if (d.schedule.isEmpty()) {
                // Taken out of settings.job while this runner watched: the schedule it made goes too. (A schedule
                // found at start-up may be one a user made for the definition, and stays.)
                const auto was = before.constFind(d.name);
                if (ours && was != before.constEnd() && !was->schedule.isEmpty()) {
                    writes.push_back(DeleteSchedule{d.name});
                    changed << QStringLiteral("schedule %1 removed").arg(d.name);
                }
                continue;
            }
            if (!d.isValid())
                continue;
            if (stored && !ours) {
                Q_EMIT report(QStringLiteral("job definition %1: a schedule named %1 runs something else; its "
                                             "schedule \"%2\" is not applied").arg(d.name, d.schedule), true);
                continue;
            }
            const ScheduleSpec spec = scheduleOf(d, stored ? &stored->spec : nullptr);
            if (stored && stored->spec.cron == spec.cron && stored->spec.kind == spec.kind
                && stored->spec.overlap == spec.overlap && stored->spec.job.kind.isEmpty())
                continue; // every runner on the database comes here: only a change is written
            QString error;
            auto save = ScheduleCommands::save(spec, nowMs, true, &error);
            if (!save) {
                Q_EMIT report(QStringLiteral("job definition %1: schedule: %2").arg(d.name, error), true);
                continue;
            }
            if (stored) {
                save->schedule.enabled = stored->enabled;
                save->schedule.pausedUntilMs = stored->pausedUntilMs;
                save->schedule.lastFireAtMs = stored->lastFireAtMs;
            }
            writes.push_back(std::move(*save));
            changed << QStringLiteral("schedule %1: %2").arg(d.name, spec.cron);
        }
    } catch (const StoreError &) {
        m_schedules.reset();
        return; // the engine reports database errors; the next change of the folder tries again
    }
    if (writes.empty())
        return;
    m_engine.submit(std::move(writes));
    for (const QString &line : changed)
        Q_EMIT report(line, false);
}

} // namespace jobdeck
