#include "JobsFolder.h"

#include "DefinitionSchedules.h"
#include "JobDefinitions.h"
#include "runner/ContinuousSupervisor.h"
#include "runner/Engine.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

namespace jobdeck {

JobsFolder::JobsFolder(Engine &engine, JobDefinitions &definitions, QObject *parent)
    : QObject(parent), m_engine(engine), m_definitions(definitions)
{
    connect(&m_engine, &Engine::configChanged, this, &JobsFolder::followSetting);
    connect(&m_definitions, &JobDefinitions::changed, this, &JobsFolder::onDefinitionsChanged);
    // Schedules of a definition (`schedule add --job NAME`) make their jobs the one way a definition makes them.
    m_engine.scheduler().setDefinitionResolver(m_definitions.resolver());
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
    // A runner claims jobs as soon as it has started, and the jobs of definitions need the folder read by then: a
    // first read that meets a busy database (another process opening it, say) is tried again for a few seconds.
    QDeadlineTimer patience(m_followed ? 0 : 5000);
    for (;;) {
        try {
            if (!m_reader)
                m_reader = m_engine.store().openReader();
            dir = remembered(*m_reader);
            break;
        } catch (const StoreError &e) {
            m_reader.reset();
            if (patience.hasExpired()) {
                Q_EMIT report(QStringLiteral("cannot read which jobs folder to use: %1").arg(e.message()), true);
                QTimer::singleShot(1000, this, &JobsFolder::followSetting);
                return;
            }
            QThread::msleep(20);
        }
    }
    // The first time also without a folder: schedules of a folder forgotten while no runner ran are removed.
    if (dir == m_definitions.folder() && m_followed)
        return;
    m_followed = true;
    if (dir != m_definitions.folder()) {
        Q_EMIT report(dir.isEmpty() ? QStringLiteral("no jobs folder") : QStringLiteral("jobs folder %1").arg(dir), false);
        m_definitions.setFolder(dir);
    }
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
    syncSchedules(now);

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
    m_reported.swap(next);
}

void JobsFolder::syncSchedules(const std::vector<JobDefinition> &definitions)
{
    std::vector<ScheduleRecord> stored;
    try {
        if (!m_scheduleReader)
            m_scheduleReader = m_engine.store().openScheduleReader();
        stored = m_scheduleReader->schedules();
    } catch (const StoreError &e) {
        Q_EMIT report(QStringLiteral("the jobs folder's schedules cannot be read: %1").arg(e.message()), true);
        return; // the next change of the folder tries again
    }
    DefinitionSchedules::Sync sync = DefinitionSchedules::sync(definitions, stored, m_engine.clock().nowMs());
    for (const QString &problem : std::as_const(sync.problems)) {
        if (!m_reportedScheduleProblems.contains(problem))
            Q_EMIT report(problem, true);
    }
    m_reportedScheduleProblems = sync.problems;
    if (!sync.writes.empty())
        m_engine.submit(std::move(sync.writes));
}

} // namespace jobdeck
