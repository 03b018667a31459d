#include "CalendarProjection.h"

#include "CivilTime.h"
#include "OccurrencePlanner.h"

#include <algorithm>

namespace jobdeck {

namespace {

bool matches(const CalendarFilter &f, const QString &schedule, const QString &queue, const QString &kind)
{
    return (f.schedule.isEmpty() || f.schedule == schedule) && (f.queue.isEmpty() || f.queue == queue)
        && (f.kind.isEmpty() || f.kind == kind);
}

QString scheduleKindOfJob(const ScheduleSpec &s)
{
    return s.definition.isEmpty() ? s.job.kind : s.definition;
}

QString offsetText(int seconds)
{
    const int a = std::abs(seconds);
    return QStringLiteral("UTC%1%2:%3")
        .arg(QChar(seconds < 0 ? u'-' : u'+'))
        .arg(a / 3600, 2, 10, QLatin1Char('0'))
        .arg(a / 60 % 60, 2, 10, QLatin1Char('0'));
}

QString shiftText(int seconds)
{
    if (seconds % 3600 == 0)
        return seconds == 3600 ? QStringLiteral("1 hour") : QStringLiteral("%1 hours").arg(seconds / 3600);
    return QStringLiteral("%1 minutes").arg(seconds / 60);
}

} // namespace

QString CalendarProjection::Day::daylightTag() const
{
    if (daylightShift == 0)
        return {};
    const int a = std::abs(daylightShift);
    const QString amount = a % 3600 == 0 ? QStringLiteral("%1h").arg(a / 3600) : QStringLiteral("%1m").arg(a / 60);
    return QStringLiteral("Clocks %1%2").arg(daylightShift > 0 ? QStringLiteral("+") : QStringLiteral("\u2212"), amount);
}

qint64 CalendarProjection::instantOf(const QDate &date, const QTime &time, const ZoneRules &zone)
{
    const CivilTime c{date.year(), date.month(), date.day(), time.hour(), time.minute(), time.second()};
    return zone.place(c.toLocalSeconds()).first * 1000;
}

CalendarProjection::Result CalendarProjection::build(const Input &in)
{
    Result r;
    const ZoneRules &display = *in.displayZone;
    QStringList shownCalendars;

    for (const ScheduleRecord &s : in.schedules) {
        if (!matches(in.filter, s.spec.name, s.spec.job.queue, scheduleKindOfJob(s.spec)))
            continue;
        for (const QString &c : s.spec.exclusions) {
            if (!shownCalendars.contains(c))
                shownCalendars << c;
        }
        const auto recurrence = s.spec.recurrence();
        if (!recurrence || !s.enabled || s.nextFireAtMs <= 0)
            continue;
        // What is still to come: after now, and from the schedule's cursor (what it has not handled yet).
        const qint64 cursor = OccurrencePlanner::resumeCursor(s, *recurrence);
        const qint64 from = std::max({in.fromMs, in.nowMs + 1, cursor});
        if (cursor <= 0 || from >= in.toMs)
            continue;
        std::vector<const ExclusionCalendar *> calendars;
        for (const ExclusionCalendar &c : in.calendars) {
            if (s.spec.exclusions.contains(c.name))
                calendars.push_back(&c);
        }
        bool cut = false;
        for (qint64 at : recurrence->between(from, in.toMs, in.perScheduleLimit, &cut)) {
            CalendarEntry e;
            e.type = CalendarEntry::Type::Projected;
            e.atMs = at;
            e.scheduleId = s.id;
            e.title = s.spec.name;
            e.kind = scheduleKindOfJob(s.spec);
            e.queue = s.spec.job.queue;
            e.movable = s.spec.kind == ScheduleKind::Once;
            const QDate day = recurrence->zone().dateAt(at);
            for (const ExclusionCalendar *c : calendars) {
                if (c->excludes(day)) {
                    e.excluded = true;
                    e.reason = QStringLiteral("excluded by calendar %1").arg(c->name);
                    break;
                }
            }
            r.entries.push_back(std::move(e));
        }
        if (cut)
            r.truncated << s.spec.name;
    }

    for (const OccurrenceRecord &o : in.occurrences) {
        if (o.fireAtMs < in.fromMs || o.fireAtMs >= in.toMs || !matches(in.filter, o.scheduleName, o.queue, o.kind))
            continue;
        CalendarEntry e;
        e.type = CalendarEntry::Type::Recorded;
        e.atMs = o.fireAtMs;
        e.scheduleId = o.scheduleId;
        e.title = o.scheduleName;
        e.kind = o.kind;
        e.queue = o.queue;
        e.outcome = o.outcome;
        e.jobState = o.jobState;
        e.jobId = o.jobId;
        e.reason = o.reason;
        r.entries.push_back(std::move(e));
    }

    if (in.filter.schedule.isEmpty()) {
        for (const JobRecord &j : in.oneOffJobs) {
            if (j.runAtMs < in.fromMs || j.runAtMs >= in.toMs || !matches(in.filter, {}, j.queue, j.kind))
                continue;
            CalendarEntry e;
            e.type = CalendarEntry::Type::OneOffJob;
            e.atMs = j.runAtMs;
            e.title = QStringLiteral("%1 #%2").arg(j.kind).arg(j.id);
            e.kind = j.kind;
            e.queue = j.queue;
            e.jobState = j.state;
            e.jobId = j.id;
            e.reason = j.stateReason;
            e.movable = j.state == JobState::Scheduled;
            r.entries.push_back(std::move(e));
        }
    }
    std::stable_sort(r.entries.begin(), r.entries.end(),
                     [](const CalendarEntry &a, const CalendarEntry &b) { return a.atMs < b.atMs; });

    // Day marks, in the display zone's dates.
    const QDate first = display.dateAt(in.fromMs);
    const QDate last = display.dateAt(in.toMs - 1);
    for (const ExclusionCalendar &c : in.calendars) {
        if (!shownCalendars.contains(c.name))
            continue;
        for (const ExclusionCalendar::Range &range : c.ranges) {
            for (QDate d = std::max(range.first, first); d <= std::min(range.second, last); d = d.addDays(1))
                r.days[d].excludedBy << c.name;
        }
    }
    for (const auto &[at, offset] : display.changesBetween(Civil::floorDiv(in.fromMs, 1000), Civil::floorDiv(in.toMs, 1000))) {
        const int before = display.offsetAt(at - 1);
        const int shift = offset - before;
        // The wall-clock time the clocks showed when they changed.
        const CivilTime when = CivilTime::fromLocalSeconds(at + before);
        CalendarProjection::Day &day = r.days[display.dateAt(at * 1000)];
        day.daylightShift = shift;
        day.daylightChangeAt = QTime(when.hour, when.minute);
        day.daylightChange =
            QStringLiteral("Clocks go %1 %2 at %3:%4 (%5 to %6)")
                .arg(shift > 0 ? QStringLiteral("forward") : QStringLiteral("back"), shiftText(std::abs(shift)))
                .arg(when.hour, 2, 10, QLatin1Char('0'))
                .arg(when.minute, 2, 10, QLatin1Char('0'))
                .arg(offsetText(before), offsetText(offset));
    }
    return r;
}

} // namespace jobdeck
