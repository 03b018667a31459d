#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace jobdeck {

// A parsed cron expression: which seconds, minutes, hours, days and months match, as bit sets. Value type.
// Built by CronParser; matched in wall-clock (local) seconds, so time zones are ZoneRules' business.
class CronExpression {
public:
    enum Field { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek };
    static QString fieldName(Field field); // "day-of-month"

    // The smallest local time (seconds, see CivilTime) strictly after `localSeconds` that matches; nothing if no
    // time within 400 years does (the Gregorian calendar repeats after 400 years, so then none ever will).
    // Jumps field by field: a call costs a few dozen steps whatever the expression.
    std::optional<qint64> nextMatch(qint64 localSeconds) const;
    bool matches(qint64 localSeconds) const;

    // The second, minute or hour field holds *, a range or a step: such expressions fire in both passes of a
    // repeated hour when clocks go back.
    bool isIntervalBased() const { return m_intervalBased; }
    bool hasSeconds() const { return m_hasSeconds; }
    QString text() const { return m_text; }
    // The six fields as written (seconds "0" when the expression has five), macros expanded.
    const QStringList &fields() const { return m_fields; }
    // Days of `month` in `year` that match, as bits 1-31.
    quint32 daysMatching(int year, int month) const;

    // The day-field items that are not plain values: L, L-n, LW, nW (day of month), nL, n#k (day of week).
    struct SpecialDays {
        quint32 lastDayOffsets = 0;  // bit n: L-n (bit 0: L)
        bool lastWeekday = false;    // LW
        quint32 nearestWeekdays = 0; // bit n: nW
        quint32 lastOfWeekday = 0;   // bit w: wL, the last such weekday of the month
        quint32 nthOfWeekday[7] = {}; // bit k: w#k, the k-th such weekday of the month
    };

private:
    friend class CronParser;

    QString m_text;
    QStringList m_fields;
    bool m_hasSeconds = false;
    bool m_intervalBased = false;

    quint64 m_seconds = 0; // bits 0-59
    quint64 m_minutes = 0; // bits 0-59
    quint32 m_hours = 0;   // bits 0-23
    quint32 m_months = 0;  // bits 1-12

    // Day of month; unrestricted when written * or ?. When both day fields are restricted a day matches if
    // either does, as in crontab.
    bool m_anyDayOfMonth = true;
    quint32 m_daysOfMonth = 0; // bits 1-31
    bool m_anyDayOfWeek = true;
    quint32 m_daysOfWeek = 0;  // bits 0-6, Sunday 0
    SpecialDays m_special;
};

} // namespace jobdeck
