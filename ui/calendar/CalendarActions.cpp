#include "CalendarActions.h"

#include "CalendarData.h"
#include "MoveCommand.h"
#include "NewJobDialog.h"
#include "ScheduleEditorDialog.h"
#include "runner/Engine.h"

#include <QCoreApplication>
#include <QCursor>
#include <QLocale>
#include <QMenu>
#include <QUndoStack>

namespace jobdeck {

CalendarActions::CalendarActions(Engine &engine, CalendarData &data, QWidget *parent)
    : QObject(parent), m_engine(engine), m_data(data), m_parent(parent), m_undo(new QUndoStack(this))
{
}

CalendarActions::~CalendarActions() = default;

void CalendarActions::setDefinitions(const QStringList &names, DefinitionResolver resolver)
{
    m_definitions = names;
    m_resolver = std::move(resolver);
}

void CalendarActions::submit(WriteBatch batch, const QString &failure, std::function<void(bool)> done)
{
    m_engine.submit(std::move(batch), this, [this, failure, done = std::move(done)](const BatchResult &r) {
        const bool applied = r.ok && !r.results.empty() && r.results.front().applied;
        if (!r.ok)
            Q_EMIT message(QStringLiteral("%1: %2").arg(failure, r.error));
        else if (!applied)
            Q_EMIT message(failure);
        if (done)
            done(applied);
        m_data.reload();
    });
}

void CalendarActions::move(const CalendarEntry &entry, qint64 atMs)
{
    const ZoneRules &zone = *m_data.displayZone();
    const QString when = QStringLiteral("%1 %2").arg(zone.dateAt(atMs).toString(Qt::ISODate),
                                                     zone.timeAt(atMs).toString(QStringLiteral("HH:mm")));
    std::function<void(qint64)> move;
    if (entry.type == CalendarEntry::Type::OneOffJob) {
        const qint64 jobId = entry.jobId;
        move = [this, jobId](qint64 to) {
            submit({ScheduleCommands::moveJob(jobId, to, m_engine.clock().nowMs())},
                   tr("Job %1 could not be moved: it no longer waits for its time").arg(jobId));
        };
    } else if (entry.type == CalendarEntry::Type::Projected && entry.movable) {
        const qint64 scheduleId = entry.scheduleId;
        move = [this, scheduleId](qint64 to) {
            const auto schedule = m_data.schedule(scheduleId);
            QString error;
            const auto save = schedule ? ScheduleCommands::moveOnce(*schedule, to, m_engine.clock().nowMs(), &error)
                                       : std::nullopt;
            if (!save) {
                Q_EMIT message(tr("The schedule could not be moved: %1").arg(schedule ? error : tr("it is gone")));
                return;
            }
            submit({*save}, tr("The schedule could not be moved"));
        };
    } else {
        return;
    }
    m_undo->push(new MoveCommand(tr("Move %1 to %2").arg(entry.title, when), entry.atMs, atMs, std::move(move)));
    Q_EMIT message(tr("Moved %1 to %2").arg(entry.title, when));
}

void CalendarActions::offerAt(const QDate &date, const QTime &time)
{
    const qint64 at = CalendarProjection::instantOf(date, time, *m_data.displayZone());
    if (m_dayMenu)
        m_dayMenu->deleteLater();
    m_dayMenu = new QMenu(m_parent);
    m_dayMenu->setObjectName(QStringLiteral("dayMenu"));
    m_dayMenu->setAttribute(Qt::WA_DeleteOnClose);
    const QString when = QLocale(QLocale::English).toString(date, QStringLiteral("ddd d MMM")) + u' '
        + time.toString(QStringLiteral("HH:mm"));
    QAction *job = m_dayMenu->addAction(tr("New one-off job on %1…").arg(when));
    job->setObjectName(QStringLiteral("newOneOffJobAction"));
    connect(job, &QAction::triggered, this, [this, at] { openOneOffJobDialog(at, {}); });
    QAction *schedule = m_dayMenu->addAction(tr("New schedule from %1…").arg(when));
    schedule->setObjectName(QStringLiteral("newScheduleHereAction"));
    connect(schedule, &QAction::triggered, this, [this, at] {
        ScheduleSpec spec;
        spec.kind = ScheduleKind::Once;
        spec.atMs = at;
        spec.zone = m_data.displayZone()->id();
        openScheduleEditor(spec, false);
    });
    // popup(), not exec(): no nested event loop.
    m_dayMenu->popup(QCursor::pos());
}

void CalendarActions::dropAt(const QString &type, const QString &name, qint64 atMs)
{
    if (type == QLatin1String("kind")) {
        openOneOffJobDialog(atMs, name);
        return;
    }
    // A job definition, scheduled once where it was dropped.
    ScheduleSpec spec;
    spec.kind = ScheduleKind::Once;
    spec.atMs = atMs;
    spec.zone = m_data.displayZone()->id();
    spec.definition = name;
    spec.name = QStringLiteral("%1 %2").arg(name, formatLocalIso(atMs, *m_data.displayZone()).left(16).replace(u'T', u' '));
    QString error;
    const auto save = ScheduleCommands::save(spec, m_engine.clock().nowMs(), false, &error);
    if (!save) {
        Q_EMIT message(tr("%1 cannot be scheduled there: %2").arg(name, error));
        return;
    }
    submit({*save}, tr("A schedule named %1 exists already").arg(spec.name));
    Q_EMIT message(tr("Scheduled %1 once").arg(spec.name));
}

ScheduleEditorDialog *CalendarActions::newEditor()
{
    if (m_editor)
        m_editor->close();
    QStringList calendars, names;
    for (const ExclusionCalendar &c : m_data.calendars())
        calendars << c.name;
    for (const ScheduleRecord &s : m_data.schedules())
        names << s.spec.name;
    auto *dialog = new ScheduleEditorDialog({m_engine.handlers(), m_engine.clock(), calendars, m_definitions, names}, m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_editor = dialog;
    return dialog;
}

ScheduleEditorDialog *CalendarActions::openScheduleEditor(const std::optional<ScheduleSpec> &preset, bool existing)
{
    ScheduleEditorDialog *dialog = newEditor();
    if (preset)
        dialog->load(*preset, existing);
    connect(dialog, &QDialog::accepted, this, [this, dialog, existing] {
        QString error;
        const auto save = ScheduleCommands::save(dialog->spec(), m_engine.clock().nowMs(), existing, &error);
        if (!save) {
            Q_EMIT message(tr("The schedule was not saved: %1").arg(error));
            return;
        }
        submit({*save}, tr("The schedule was not saved"));
        Q_EMIT message(tr("Saved schedule %1").arg(save->schedule.spec.name));
    });
    dialog->open();
    return dialog;
}

NewJobDialog *CalendarActions::openOneOffJobDialog(qint64 atMs, const QString &kind)
{
    if (m_jobDialog)
        m_jobDialog->close();
    auto *dialog = new NewJobDialog(m_engine.handlers(), m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New job at %1").arg(formatLocalIso(atMs, *m_data.displayZone())));
    if (!kind.isEmpty())
        dialog->setKind(kind);
    // The chosen time in the field, ticked and in the calendar's zone: what the title says, and the user may change it.
    dialog->setRunAt(atMs, m_data.displayZone());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const JobSpec spec = dialog->spec();
        submit({EnqueueJob{spec, m_engine.clock().nowMs()}}, tr("The job was not enqueued"));
    });
    m_jobDialog = dialog;
    dialog->open();
    return dialog;
}

ScheduleEditorDialog *CalendarActions::scheduleEditor() const
{
    return m_editor.data();
}

NewJobDialog *CalendarActions::oneOffJobDialog() const
{
    return m_jobDialog.data();
}

void CalendarActions::editSchedule(qint64 scheduleId)
{
    if (const auto s = m_data.schedule(scheduleId))
        openScheduleEditor(s->spec, true);
}

void CalendarActions::runNow(qint64 scheduleId)
{
    const auto s = m_data.schedule(scheduleId);
    if (!s)
        return;
    QString error;
    const auto job = ScheduleCommands::jobFor(s->spec, m_resolver, &error);
    if (!job) {
        Q_EMIT message(error);
        return;
    }
    submit({ScheduleCommands::runNow(*s, *job, m_engine.clock().nowMs(), QStringLiteral("user (calendar)"))},
           tr("The run was not recorded"));
    Q_EMIT message(tr("Enqueued a run of %1").arg(s->spec.name));
}

} // namespace jobdeck
