#pragma once

// Helpers shared by the schedule tests: recurrences from text, and occurrence lists as the local ISO strings
// `jobdeck schedule next` prints, so a failing table row shows dates a reader can check against a calendar.

#include "model/Duration.h"
#include "schedule/CronParser.h"
#include "schedule/Recurrence.h"

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

} // namespace jobdeck::test
