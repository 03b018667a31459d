#include "ScheduleRowsModel.h"

#include "Icons.h"
#include "storage/ReadThread.h"
#include "StateStyle.h"
#include "definitions/DefinitionSchedules.h"
#include "runner/Engine.h"
#include "schedule/OccurrencePlanner.h"
#include "schedule/Scheduler.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <limits>
#include <unordered_map>

namespace jobdeck {

namespace {

constexpr int kReloadDelayMs = 300;   // coalesces bursts of job events
constexpr int kClockTickMs = 30'000;  // relative times ("in 3 min") move on

QString localTime(qint64 ms, qint64 nowMs)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    const QLocale english(QLocale::English);
    if (t.date() == today)
        return t.toString(QStringLiteral("HH:mm"));
    if (t.date() == today.addDays(1))
        return QObject::tr("tomorrow %1").arg(t.toString(QStringLiteral("HH:mm")));
    if (t.date() == today.addDays(-1))
        return QObject::tr("yesterday %1").arg(t.toString(QStringLiteral("HH:mm")));
    return english.toString(t, t.date().year() == today.year() ? QStringLiteral("ddd d MMM HH:mm")
                                                                : QStringLiteral("d MMM yyyy HH:mm"));
}

QString relative(qint64 deltaMs)
{
    const qint64 s = deltaMs / 1000;
    if (s < 60)
        return QObject::tr("in %1 s").arg(std::max<qint64>(s, 0));
    if (s < 3600)
        return QObject::tr("in %1 min").arg(s / 60);
    if (s < 2 * 86'400)
        return QObject::tr("in %1 h").arg(s / 3600);
    return QObject::tr("in %1 days").arg(s / 86'400);
}

QString runsText(const ScheduleSpec &s)
{
    if (!s.definition.isEmpty())
        return QObject::tr("definition %1").arg(s.definition);
    QString text = s.job.kind;
    if (!s.job.payload.isEmpty() && s.job.payload != "{}")
        text += u' ' + QString::fromUtf8(s.job.payload);
    return text;
}

QString misfireText(const ScheduleSpec &s)
{
    switch (s.misfire) {
    case MisfirePolicy::FireOnce:
        return QObject::tr("Run once");
    case MisfirePolicy::Skip:
        return QObject::tr("Skip");
    case MisfirePolicy::CatchUp:
        return QObject::tr("Catch up ≤ %1").arg(s.catchUpLimit);
    }
    return {};
}

QString overlapText(OverlapPolicy policy)
{
    switch (policy) {
    case OverlapPolicy::Allow:
        return QObject::tr("Allow");
    case OverlapPolicy::Skip:
        return QObject::tr("Skip");
    case OverlapPolicy::QueueOne:
        return QObject::tr("Queue one");
    case OverlapPolicy::Replace:
        return QObject::tr("Replace");
    }
    return {};
}

QString outcomeText(const OccurrenceRecord &o)
{
    if (o.jobState)
        return StateStyle::label(*o.jobState);
    QString name = occurrenceOutcomeName(o.outcome);
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

bool failed(const ScheduleRow &row)
{
    return row.last && row.last->jobState
        && (*row.last->jobState == JobState::Dead || *row.last->jobState == JobState::Failed);
}

// Runs on the read thread.
std::vector<ScheduleRow> readRows(ScheduleReader &reader)
{
    std::vector<ScheduleRow> rows;
    for (ScheduleRecord &record : reader.schedules()) {
        ScheduleRow row;
        const auto last = reader.occurrences({0, std::numeric_limits<qint64>::max(), record.id, 1, true});
        if (!last.empty())
            row.last = last.front();
        if (const auto recurrence = record.spec.recurrence()) {
            row.when = recurrence->describe();
            if (!record.spec.zone.isEmpty())
                row.when += QStringLiteral(" · ") + record.spec.zone;
            row.nextMs = record.enabled ? OccurrencePlanner::resumeCursor(record, *recurrence) : 0;
        }
        row.folder = DefinitionSchedules::isFolderOwned(record.spec.name);
        row.record = std::move(record);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

ScheduleRowsModel::ScheduleRowsModel(Engine &engine, ReadThread &reads, QObject *parent)
    : LiveTableModel(ColumnCount, kReloadDelayMs, parent), m_engine(engine), m_reads(reads)
{
    // Any job event may be a schedule's run that started or ended: its last run's state is shown.
    connect(&engine, &Engine::schedulesChanged, this, &ScheduleRowsModel::reloadSoon);
    connect(&engine, &Engine::externalChange, this, &ScheduleRowsModel::reloadSoon);
    connect(&engine, &Engine::jobsChanged, this, &ScheduleRowsModel::reloadSoon);
    connect(&engine.scheduler(), &Scheduler::occurrencesRecorded, this, &ScheduleRowsModel::reloadSoon);
    m_clockTimer.setInterval(kClockTickMs);
    connect(&m_clockTimer, &QTimer::timeout, this, [this] {
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, Next), index(rowCount() - 1, Next), {Qt::DisplayRole});
    });
    m_clockTimer.start();
    reload();
}

void ScheduleRowsModel::read()
{
    m_reads.readSchedules<std::vector<ScheduleRow>>(
        this, readRows, [this](const std::vector<ScheduleRow> &rows) { apply(rows); },
        [this](const QString &message) { failRead(message); });
}

void ScheduleRowsModel::apply(std::vector<ScheduleRow> rows)
{
    std::unordered_map<qint64, size_t> incoming;
    for (size_t i = 0; i < rows.size(); ++i)
        incoming.emplace(rows[i].record.id, i);
    // Rows that are gone, from the bottom up so the indices above stay right.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (incoming.count(m_rows[size_t(row)].record.id))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
    }
    // The others change in place; new ones are added at the end (views sort them).
    std::vector<bool> placed(rows.size(), false);
    for (ScheduleRow &existing : m_rows) {
        const size_t i = incoming.at(existing.record.id);
        existing = std::move(rows[i]);
        placed[i] = true;
    }
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    std::vector<ScheduleRow> added;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (!placed[i])
            added.push_back(std::move(rows[i]));
    }
    if (!added.empty()) {
        beginInsertRows({}, rowCount(), rowCount() + int(added.size()) - 1);
        for (ScheduleRow &row : added)
            m_rows.push_back(std::move(row));
        endInsertRows();
    }
    rowsRead();
}

QString ScheduleRowsModel::stateText(const ScheduleRow &row) const
{
    const ScheduleRecord &r = row.record;
    if (!r.enabled)
        return tr("Paused");
    if (r.pausedUntilMs > m_engine.clock().nowMs())
        return tr("Paused until %1").arg(localTime(r.pausedUntilMs, m_engine.clock().nowMs()));
    if (r.nextFireAtMs <= 0)
        return tr("Done");
    return tr("Active");
}

QVariant ScheduleRowsModel::display(const ScheduleRow &row, int column) const
{
    const ScheduleSpec &s = row.record.spec;
    const qint64 now = m_engine.clock().nowMs();
    switch (column) {
    case Name:
        return s.name;
    case Runs:
        return runsText(s);
    case When:
        return row.when.isEmpty() ? tr("(cannot be read: %1)").arg(s.validate()) : row.when;
    case Next:
        if (row.nextMs <= 0)
            return QStringLiteral("—");
        return row.nextMs <= now ? tr("%1 (due)").arg(localTime(row.nextMs, now))
                                 : QStringLiteral("%1 · %2").arg(localTime(row.nextMs, now), relative(row.nextMs - now));
    case Last: {
        if (!row.last)
            return tr("never ran");
        const QString when = localTime(row.last->fireAtMs, now);
        return row.last->jobId > 0 ? tr("%1 · %2 · job %3").arg(outcomeText(*row.last), when).arg(row.last->jobId)
                                   : tr("%1 · %2").arg(outcomeText(*row.last), when);
    }
    case State:
        return stateText(row);
    case Misfire:
        return misfireText(s);
    case Overlap:
        return overlapText(s.overlap);
    case Exclusions:
        return s.exclusions.isEmpty() ? QStringLiteral("—") : s.exclusions.join(QStringLiteral(", "));
    }
    return {};
}

QVariant ScheduleRowsModel::sortValue(const ScheduleRow &row, int column) const
{
    switch (column) {
    case Next:
        return row.nextMs > 0 ? row.nextMs : std::numeric_limits<qint64>::max();
    case Last:
        return row.last ? row.last->fireAtMs : qint64(0);
    case Name:
    case Runs:
    case When:
    case State:
    case Misfire:
    case Overlap:
    case Exclusions:
        return display(row, column).toString().toLower();
    }
    return {};
}

QVariant ScheduleRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ScheduleRow &row = m_rows[size_t(index.row())];
    const QPalette palette = QGuiApplication::palette();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case ScheduleIdRole:
        return row.record.id;
    case SortRole:
        return sortValue(row, index.column());
    case SearchRole:
        return QStringList{row.record.spec.name, runsText(row.record.spec), row.when, row.record.spec.job.queue,
                           row.record.spec.exclusions.join(u' ')}
            .join(u'\n');
    case StatusRole: {
        QStringList tags;
        const QString state = stateText(row);
        tags << (state == tr("Active") ? QStringLiteral("active") : state == tr("Done") ? QStringLiteral("done") : QStringLiteral("paused"));
        if (row.folder)
            tags << QStringLiteral("folder");
        if (failed(row))
            tags << QStringLiteral("failed");
        return tags.join(u' ');
    }
    case LastJobRole:
        return row.last ? row.last->jobId : qint64(0);
    case Qt::DecorationRole:
        if (index.column() == Name && row.folder)
            return Icons::get(QStringLiteral("folder"), palette);
        if (index.column() == Last && row.last && row.last->jobState)
            return StateStyle::icon(*row.last->jobState, palette);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == State && stateText(row) != tr("Active"))
            return StateStyle::color(JobState::Failed, palette);
        if (index.column() == Last && failed(row))
            return StateStyle::color(JobState::Dead, palette);
        if ((index.column() == Next && row.nextMs <= 0) || index.column() == Misfire || index.column() == Overlap
            || (index.column() == Exclusions && row.record.spec.exclusions.isEmpty()))
            return palette.color(QPalette::PlaceholderText);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Name && row.folder)
            return tr("From the jobs folder: job definition %1 asks for this schedule in its settings.job. Edit it "
                      "there; here it can be run now, paused and resumed.").arg(row.record.spec.definition);
        if (index.column() == Last && row.last) {
            QString tip = tr("%1 at %2").arg(occurrenceOutcomeName(row.last->outcome),
                                              formatLocalIso(row.last->fireAtMs, *ZoneRules::forZone(ZoneRules::systemZoneId())));
            if (!row.last->reason.isEmpty())
                tip += u'\n' + row.last->reason;
            if (row.last->jobId > 0)
                tip += u'\n' + tr("Click to open job %1").arg(row.last->jobId);
            return tip;
        }
        if (index.column() == Runs)
            return tr("%1\nqueue %2, priority %3, %4 attempts").arg(runsText(row.record.spec), row.record.spec.job.queue)
                .arg(row.record.spec.job.priority).arg(row.record.spec.job.maxAttempts);
        if (index.column() == When && row.record.spec.kind == ScheduleKind::Cron)
            return tr("cron \"%1\"").arg(row.record.spec.cron);
        return {};
    }
    return {};
}

QVariant ScheduleRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Runs: return tr("Runs");
    case When: return tr("When");
    case Next: return tr("Next run");
    case Last: return tr("Last run");
    case State: return tr("State");
    case Misfire: return tr("Missed runs");
    case Overlap: return tr("Overlap");
    case Exclusions: return tr("Not on");
    }
    return {};
}

} // namespace jobdeck
