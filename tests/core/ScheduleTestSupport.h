#pragma once

// Helpers shared by the schedule tests: recurrences from text, and occurrence lists as the local ISO strings
// `jobdeck schedule next` prints, so a failing table row shows dates a reader can check against a calendar.

#include "model/Duration.h"
#include "schedule/CronParser.h"
#include "schedule/Recurrence.h"
#include "schedule/ScheduleCommands.h"
#include "storage/JobStore.h"

#include <QStringList>
#include <QTest>

namespace jobdeck::test {

inline Recurrence cronIn(const QString &expression, const QString &zone)
{
    const CronParser::Result parsed = CronParser::parse(expression);
    if (!parsed.expression)
        qFatal("bad test expression %s: %s", qPrintable(expression), qPrintable(parsed.error));
    const auto rules = ZoneRules::forZone(zone);
    if (!rules)
        qFatal("unknown test zone %s", qPrintable(zone));
    return Recurrence::cron(*parsed.expression, rules);
}

// The first `count` occurrences after `from` (ISO 8601 with offset), formatted in the recurrence's zone.
inline QStringList nextOccurrences(const Recurrence &recurrence, const QString &from, int count)
{
    const auto start = parseIsoTime(from);
    if (!start)
        qFatal("bad test time %s", qPrintable(from));
    QStringList out;
    std::optional<qint64> at = *start;
    for (int i = 0; i < count; ++i) {
        at = recurrence.next(*at);
        if (!at)
            break;
        out << formatLocalIso(*at, recurrence.zone());
    }
    return out;
}

// A schedule that enqueues noop jobs, every `everyMs` from `anchorMs`, in UTC.
inline ScheduleSpec intervalSpec(const QString &name, qint64 everyMs, qint64 anchorMs)
{
    ScheduleSpec s;
    s.name = name;
    s.kind = ScheduleKind::Interval;
    s.everyMs = everyMs;
    s.atMs = anchorMs;
    s.zone = QStringLiteral("UTC");
    s.job.kind = QStringLiteral("noop");
    s.job.backoffMs = 1;
    return s;
}

// Stores the schedule with its first occurrence after `nowMs`; returns its id, 0 on failure.
inline qint64 saveSchedule(JobStore &store, const ScheduleSpec &spec, qint64 nowMs)
{
    QString error;
    const auto save = ScheduleCommands::save(spec, nowMs, false, &error);
    if (!save)
        qFatal("bad test schedule: %s", qPrintable(error));
    const BatchResult r = store.apply({*save});
    return r.ok && r.results.front().applied ? r.results.front().rowId : 0;
}

} // namespace jobdeck::test
