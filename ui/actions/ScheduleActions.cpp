#include "ScheduleActions.h"

#include "JobActions.h"
#include "WriteOutcome.h"
#include "calendar/ScheduleEditorDialog.h"
#include "definitions/DefinitionSchedules.h"
#include "runner/Engine.h"
#include "schedule/UpcomingOccurrences.h"
#include "storage/ScheduleReader.h"
#include "storage/StoreError.h"

#include <QLocale>
#include <QMenu>

namespace jobdeck {

namespace {

QString schedules(qsizetype n)
{
    return n == 1 ? QObject::tr("1 schedule") : QObject::tr("%1 schedules").arg(n);
}

QString names(const std::vector<ScheduleRecord> &records)
{
    return records.size() == 1 ? records.front().spec.name : schedules(qsizetype(records.size()));
}

} // namespace

ScheduleActions::ScheduleActions(Engine &engine, JobActions &confirmations, QWidget *dialogParent)
    : QObject(dialogParent), m_engine(engine), m_confirmations(confirmations), m_dialogParent(dialogParent)
{
}

ScheduleActions::~ScheduleActions() = default;

void ScheduleActions::setDefinitions(const QStringList &names, DefinitionResolver resolver)
{
    m_definitions = names;
    m_resolver = std::move(resolver);
}

ScheduleReader &ScheduleActions::reader()
{
    if (!m_reader)
        m_reader = m_engine.store().openScheduleReader();
    return *m_reader;
}

bool ScheduleActions::applies(Command command, const ScheduleRecord &schedule) const
{
    return whyNot(command, schedule).isEmpty();
}

QString ScheduleActions::whyNot(Command command, const ScheduleRecord &s) const
{
    const bool folder = DefinitionSchedules::isFolderOwned(s.spec.name);
    const bool off = !s.enabled || s.pausedUntilMs > m_engine.clock().nowMs();
    switch (command) {
    case Command::RunNow:
        return {};
    case Command::Pause:
        return off ? tr("%1 is paused already").arg(s.spec.name) : QString();
    case Command::Resume:
        return off ? QString() : tr("%1 is not paused").arg(s.spec.name);
    case Command::Edit:
    case Command::Duplicate:
    case Command::Delete:
        return folder ? tr("%1 belongs to the jobs folder: change the \"schedule\" in the settings.job of job definition %2")
                            .arg(s.spec.name, s.spec.definition)
                      : QString();
    }
    return {};
}

std::vector<ScheduleRecord> ScheduleActions::applicable(Command command, const std::vector<ScheduleRecord> &schedules) const
{
    std::vector<ScheduleRecord> out;
    for (const ScheduleRecord &s : schedules) {
        if (applies(command, s))
            out.push_back(s);
    }
    return out;
}

void ScheduleActions::write(WriteBatch batch, std::function<QString(int applied, int total)> describe)
{
    if (batch.empty())
        return;
    m_engine.submit(std::move(batch), this, [this, describe = std::move(describe)](const BatchResult &r) {
        const WriteOutcome outcome = WriteOutcome::of(r, describe);
        Q_EMIT message(outcome.text, outcome.problem);
        Q_EMIT written();
    });
}

void ScheduleActions::runNow(const std::vector<ScheduleRecord> &records)
{
    WriteBatch batch;
    QStringList problems;
    const qint64 now = m_engine.clock().nowMs();
    for (const ScheduleRecord &s : records) {
        QString error;
        if (const auto job = ScheduleCommands::jobFor(s.spec, m_resolver, &error))
            batch.push_back(ScheduleCommands::runNow(s, *job, now, JobActions::kBy));
        else
            problems << tr("%1: %2").arg(s.spec.name, error);
    }
    if (!problems.isEmpty())
        Q_EMIT message(problems.join(QStringLiteral("; ")), true);
    const QString what = names(records);
    write(std::move(batch), [what](int applied, int total) {
        return applied == total ? tr("Enqueued a run of %1").arg(what)
                                : tr("Enqueued %1 of %2 runs").arg(applied).arg(total);
    });
}

void ScheduleActions::pause(const std::vector<ScheduleRecord> &records)
{
    const auto paused = applicable(Command::Pause, records);
    WriteBatch batch;
    const qint64 now = m_engine.clock().nowMs();
    for (const ScheduleRecord &s : paused)
        batch.push_back(ScheduleCommands::pause(s.spec.name, 0, now));
    const QString what = paused.empty() ? QString() : names(paused);
    write(std::move(batch), [what](int applied, int total) {
        return applied == total ? tr("Paused %1 until resumed").arg(what)
                                : tr("Paused %1 of %2 (the others are gone)").arg(applied).arg(total);
    });
}

void ScheduleActions::resume(const std::vector<ScheduleRecord> &records)
{
    const auto resumed = applicable(Command::Resume, records);
    WriteBatch batch;
    const qint64 now = m_engine.clock().nowMs();
    for (const ScheduleRecord &s : resumed)
        batch.push_back(ScheduleCommands::resume(s, now));
    const QString what = resumed.empty() ? QString() : names(resumed);
    write(std::move(batch), [what](int applied, int total) {
        return applied == total ? tr("Resumed %1 from its next occurrence").arg(what)
                                : tr("Resumed %1 of %2 (the others are gone)").arg(applied).arg(total);
    });
}

void ScheduleActions::remove(const std::vector<ScheduleRecord> &records)
{
    const auto doomed = applicable(Command::Delete, records);
    if (doomed.empty())
        return;
    std::vector<ExclusionCalendar> calendars;
    try {
        calendars = reader().calendars();
    } catch (const StoreError &e) {
        Q_EMIT message(tr("Could not read the exclusion calendars: %1").arg(e.message()), true);
        return;
    }
    const qint64 horizon = m_engine.clock().nowMs() + kDeleteHorizonMs;
    qint64 lost = 0;
    bool atLeast = false;
    for (const ScheduleRecord &s : doomed) {
        const UpcomingOccurrences upcoming = UpcomingOccurrences::of(s, calendars, horizon);
        lost += upcoming.count;
        atLeast = atLeast || upcoming.atLeast;
    }
    const QLocale locale;
    QString future;
    if (lost == 0)
        future = tr("No occurrence is planned in the next 30 days.");
    else
        future = tr("%1%2 %3 in the next 30 days will not happen.")
                     .arg(atLeast ? tr("More than ") : QString(), locale.toString(lost),
                          lost == 1 ? tr("occurrence") : tr("occurrences"));
    const QString question = tr("Delete %1? %2 Their recorded occurrences go too; the jobs they enqueued stay.")
                                 .arg(doomed.size() == 1 ? tr("schedule %1").arg(doomed.front().spec.name)
                                                         : schedules(qsizetype(doomed.size())),
                                      future);
    if (!m_confirmations.confirm({ConfirmKind::DeleteSchedule, tr("Delete schedules"), question, int(doomed.size())}))
        return;
    WriteBatch batch;
    for (const ScheduleRecord &s : doomed)
        batch.push_back(DeleteSchedule{s.spec.name});
    const QString what = names(doomed);
    write(std::move(batch), [what](int applied, int total) {
        return applied == total ? tr("Deleted %1").arg(what) : tr("Deleted %1 of %2 (the others were gone)").arg(applied).arg(total);
    });
}

ScheduleEditorDialog *ScheduleActions::edit(const ScheduleRecord &schedule)
{
    if (!applies(Command::Edit, schedule)) {
        Q_EMIT message(whyNot(Command::Edit, schedule), true);
        return nullptr;
    }
    return openEditor(schedule.spec, true);
}

ScheduleEditorDialog *ScheduleActions::duplicate(const ScheduleRecord &schedule)
{
    if (!applies(Command::Duplicate, schedule)) {
        Q_EMIT message(whyNot(Command::Duplicate, schedule), true);
        return nullptr;
    }
    ScheduleSpec copy = schedule.spec;
    QStringList taken;
    try {
        for (const ScheduleRecord &s : reader().schedules())
            taken << s.spec.name;
    } catch (const StoreError &) {
        // The editor says so if the name is taken after all.
    }
    copy.name = tr("%1 (copy)").arg(schedule.spec.name);
    for (int n = 2; taken.contains(copy.name); ++n)
        copy.name = tr("%1 (copy %2)").arg(schedule.spec.name).arg(n);
    return openEditor(copy, false);
}

void ScheduleActions::perform(Command command, const std::vector<ScheduleRecord> &schedules)
{
    if (schedules.empty())
        return;
    switch (command) {
    case Command::RunNow:
        runNow(schedules);
        break;
    case Command::Pause:
        pause(schedules);
        break;
    case Command::Resume:
        resume(schedules);
        break;
    case Command::Edit:
        edit(schedules.front());
        break;
    case Command::Duplicate:
        duplicate(schedules.front());
        break;
    case Command::Delete:
        remove(schedules);
        break;
    }
}

QMenu *ScheduleActions::menuFor(const std::vector<ScheduleRecord> &schedules, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("scheduleMenu"));
    const auto add = [&](Command command, const QString &name, const QString &text) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        const auto able = applicable(command, schedules);
        const bool takesSeveral = command != Command::Edit && command != Command::Duplicate;
        action->setEnabled(!able.empty() && (takesSeveral || schedules.size() == 1));
        if (able.empty() && !schedules.empty())
            action->setToolTip(whyNot(command, schedules.front()));
        connect(action, &QAction::triggered, this, [this, command, schedules] { perform(command, schedules); });
    };
    add(Command::RunNow, QStringLiteral("runScheduleNowAction"), tr("Run now"));
    add(Command::Pause, QStringLiteral("pauseScheduleAction"), tr("Pause"));
    add(Command::Resume, QStringLiteral("resumeScheduleAction"), tr("Resume"));
    menu->addSeparator();
    add(Command::Edit, QStringLiteral("editScheduleAction"), tr("Edit…"));
    add(Command::Duplicate, QStringLiteral("duplicateScheduleAction"), tr("Duplicate…"));
    menu->addSeparator();
    add(Command::Delete, QStringLiteral("deleteScheduleAction"), tr("Delete…"));
    menu->setToolTipsVisible(true);
    return menu;
}

ScheduleEditorDialog *ScheduleActions::editor() const
{
    return m_editor.data();
}

ScheduleEditorDialog *ScheduleActions::openEditor(const std::optional<ScheduleSpec> &preset, bool existing)
{
    if (m_editor)
        m_editor->close();
    QStringList calendars, taken;
    try {
        for (const ExclusionCalendar &c : reader().calendars())
            calendars << c.name;
        for (const ScheduleRecord &s : reader().schedules())
            taken << s.spec.name;
    } catch (const StoreError &e) {
        Q_EMIT message(tr("Could not read the schedules: %1").arg(e.message()), true);
    }
    auto *dialog = new ScheduleEditorDialog({m_engine.handlers(), m_engine.clock(), calendars, m_definitions, taken},
                                            m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_editor = dialog;
    if (preset)
        dialog->load(*preset, existing);
    connect(dialog, &QDialog::accepted, this, [this, dialog, existing] {
        QString error;
        const auto save = ScheduleCommands::save(dialog->spec(), m_engine.clock().nowMs(), existing, &error);
        if (!save) {
            Q_EMIT message(tr("The schedule was not saved: %1").arg(error), true);
            return;
        }
        // New calendars first: the schedule refers to them, and both are written or neither.
        WriteBatch batch;
        for (const ExclusionCalendar &c : dialog->newCalendars())
            batch.push_back(SaveCalendar{c.name, c.ranges, m_engine.clock().nowMs()});
        const size_t calendarsMade = batch.size();
        batch.push_back(*save);
        const QString name = save->schedule.spec.name;
        write(std::move(batch), [name, existing, calendarsMade](int applied, int total) {
            if (applied < total)
                return tr("The schedule was not saved: a schedule named %1 exists already").arg(name);
            QString text = existing ? tr("Saved schedule %1").arg(name) : tr("Added schedule %1").arg(name);
            if (calendarsMade > 0)
                text += calendarsMade == 1 ? tr(", with a new exclusion calendar") : tr(", with %1 new exclusion calendars").arg(calendarsMade);
            return text;
        });
    });
    dialog->open();
    return dialog;
}

} // namespace jobdeck
