#include "CronParser.h"

#include <QHash>
#include <QRegularExpression>

namespace jobdeck {

namespace {

using Field = CronExpression::Field;

struct Bounds {
    int min;
    int max;
};

Bounds boundsOf(Field field)
{
    switch (field) {
    case Field::Second:
    case Field::Minute: return {0, 59};
    case Field::Hour: return {0, 23};
    case Field::DayOfMonth: return {1, 31};
    case Field::Month: return {1, 12};
    case Field::DayOfWeek: return {0, 7};
    }
    return {0, 0};
}

const QStringList s_monthNames = {QStringLiteral("JAN"), QStringLiteral("FEB"), QStringLiteral("MAR"),
                                  QStringLiteral("APR"), QStringLiteral("MAY"), QStringLiteral("JUN"),
                                  QStringLiteral("JUL"), QStringLiteral("AUG"), QStringLiteral("SEP"),
                                  QStringLiteral("OCT"), QStringLiteral("NOV"), QStringLiteral("DEC")};
const QStringList s_dayNames = {QStringLiteral("SUN"), QStringLiteral("MON"), QStringLiteral("TUE"),
                                QStringLiteral("WED"), QStringLiteral("THU"), QStringLiteral("FRI"),
                                QStringLiteral("SAT")};

const QHash<QString, QString> &macros()
{
    static const QHash<QString, QString> s_macros = {
        {QStringLiteral("@yearly"), QStringLiteral("0 0 1 1 *")}, {QStringLiteral("@annually"), QStringLiteral("0 0 1 1 *")},
        {QStringLiteral("@monthly"), QStringLiteral("0 0 1 * *")}, {QStringLiteral("@weekly"), QStringLiteral("0 0 * * 0")},
        {QStringLiteral("@daily"), QStringLiteral("0 0 * * *")},   {QStringLiteral("@midnight"), QStringLiteral("0 0 * * *")},
        {QStringLiteral("@hourly"), QStringLiteral("0 * * * *")},
    };
    return s_macros;
}

// Raised inside the parser; becomes Result::error naming the field.
struct ParseError {
    QString message;
};

class FieldParser {
public:
    FieldParser(Field field, const QString &text) : m_field(field), m_text(text), m_bounds(boundsOf(field)) {}

    // Every value of the field's items; fills the expression's special-day sets for the day fields.
    quint64 parse(CronExpression::SpecialDays &e, bool &intervalBased)
    {
        if (m_text.isEmpty())
            throw ParseError{QStringLiteral("empty field")};
        if (m_text == QLatin1String("?")) {
            if (m_field != Field::DayOfMonth && m_field != Field::DayOfWeek)
                throw ParseError{QStringLiteral("? is allowed only in day-of-month and day-of-week")};
            return 0;
        }
        quint64 bits = 0;
        for (const QString &item : m_text.split(u',')) {
            if (item.isEmpty())
                throw ParseError{QStringLiteral("empty item in the list \"%1\"").arg(m_text)};
            if (item == QLatin1String("?"))
                throw ParseError{QStringLiteral("? must stand alone, not in a list")};
            if (special(item, e))
                continue;
            bits |= range(item, intervalBased);
        }
        return bits;
    }

private:
    // L, L-n, LW, nW (day of month); nL, n#k (day of week). Returns false for an ordinary item.
    bool special(const QString &item, CronExpression::SpecialDays &e)
    {
        const QString upper = item.toUpper();
        // Month and day names contain L and W (JUL, WED); only what is left without them can be special.
        QString bare = upper;
        for (const QString &name : m_field == Field::Month ? s_monthNames : m_field == Field::DayOfWeek ? s_dayNames
                                                                                                        : QStringList())
            bare.remove(name);
        const bool hasL = bare.contains(u'L');
        const bool hasW = bare.contains(u'W');
        const bool hasHash = bare.contains(u'#');
        if (!hasL && !hasW && !hasHash)
            return false;
        if (m_field != Field::DayOfMonth && m_field != Field::DayOfWeek) {
            const QString what = hasHash ? QStringLiteral("#") : hasL ? QStringLiteral("L") : QStringLiteral("W");
            const QString where = hasHash ? QStringLiteral("day-of-week") : hasL ? QStringLiteral("day-of-month and day-of-week")
                                                                                  : QStringLiteral("day-of-month");
            throw ParseError{QStringLiteral("%1 is allowed only in %2").arg(what, where)};
        }
        if (m_field == Field::DayOfMonth) {
            if (hasHash)
                throw ParseError{QStringLiteral("# is allowed only in day-of-week (6#3: the third Saturday)")};
            static const QRegularExpression s_last(QStringLiteral("^L(?:-(\\d+))?$"));
            if (const auto m = s_last.match(upper); m.hasMatch()) {
                const int n = m.captured(1).isEmpty() ? 0 : m.captured(1).toInt();
                if (n > 30)
                    throw ParseError{QStringLiteral("L-%1: a month has at most 31 days, so n must be 0-30").arg(n)};
                e.lastDayOffsets |= quint32(1) << n;
                return true;
            }
            if (upper == QLatin1String("LW")) {
                e.lastWeekday = true;
                return true;
            }
            static const QRegularExpression s_nearest(QStringLiteral("^(\\d+)W$"));
            if (const auto m = s_nearest.match(upper); m.hasMatch()) {
                const int day = m.captured(1).toInt();
                if (day < 1 || day > 31)
                    throw ParseError{QStringLiteral("%1 is out of range 1-31").arg(m.captured(1))};
                e.nearestWeekdays |= quint32(1) << day;
                return true;
            }
            if (hasW)
                throw ParseError{QStringLiteral("\"%1\": W needs a single day, like 15W").arg(item)};
            throw ParseError{QStringLiteral("\"%1\": L is written L, L-n (n days before the last day) or LW").arg(item)};
        }
        // Day of week.
        static const QRegularExpression s_nth(QStringLiteral("^([0-9A-Z]+)#(\\d+)$"));
        if (const auto m = s_nth.match(upper); m.hasMatch()) {
            const int day = value(m.captured(1)) % 7;
            const int nth = m.captured(2).toInt();
            if (nth < 1 || nth > 5)
                throw ParseError{QStringLiteral("#%1: a month has at most 5 of any weekday, so write #1 to #5")
                                     .arg(m.captured(2))};
            e.nthOfWeekday[day] |= quint32(1) << nth;
            return true;
        }
        static const QRegularExpression s_lastOf(QStringLiteral("^([0-9]+|[A-Z]{3})L$"));
        if (const auto m = s_lastOf.match(upper); m.hasMatch()) {
            e.lastOfWeekday |= quint32(1) << (value(m.captured(1)) % 7);
            return true;
        }
        if (upper == QLatin1String("L"))
            throw ParseError{QStringLiteral("L alone is not a day; write 5L for the last Friday of the month")};
        if (hasHash)
            throw ParseError{QStringLiteral("\"%1\": write n#k, like 6#3 for the third Saturday").arg(item)};
        if (hasW)
            throw ParseError{QStringLiteral("W is allowed only in day-of-month")};
        throw ParseError{QStringLiteral("\"%1\": write nL, like 5L for the last Friday of the month").arg(item)};
    }

    int value(const QString &token) const
    {
        bool ok = false;
        int v = token.toInt(&ok);
        if (!ok) {
            const QString upper = token.toUpper();
            if (m_field == Field::Month && s_monthNames.contains(upper))
                v = int(s_monthNames.indexOf(upper)) + 1;
            else if (m_field == Field::DayOfWeek && s_dayNames.contains(upper))
                v = int(s_dayNames.indexOf(upper));
            else if (m_field == Field::Month)
                throw ParseError{QStringLiteral("\"%1\" is not a number or a month name (JAN-DEC)").arg(token)};
            else if (m_field == Field::DayOfWeek)
                throw ParseError{QStringLiteral("\"%1\" is not a number or a day name (SUN-SAT)").arg(token)};
            else
                throw ParseError{QStringLiteral("\"%1\" is not a number").arg(token)};
        }
        if (v < m_bounds.min || v > m_bounds.max)
            throw ParseError{QStringLiteral("%1 is out of range %2-%3").arg(token).arg(m_bounds.min).arg(m_bounds.max)};
        return v;
    }

    quint64 range(const QString &item, bool &intervalBased)
    {
        const QStringList stepParts = item.split(u'/');
        if (stepParts.size() > 2)
            throw ParseError{QStringLiteral("\"%1\" has more than one /").arg(item)};
        int step = 1;
        if (stepParts.size() == 2) {
            bool ok = false;
            step = stepParts[1].toInt(&ok);
            if (!ok)
                throw ParseError{QStringLiteral("step \"%1\" is not a number").arg(stepParts[1])};
            if (step < 1)
                throw ParseError{QStringLiteral("step %1 must be at least 1").arg(stepParts[1])};
        }
        const QString base = stepParts[0];
        if (base.isEmpty())
            throw ParseError{QStringLiteral("\"%1\" has nothing before the /").arg(item)};
        const bool dayOfWeek = m_field == Field::DayOfWeek;
        int first = m_bounds.min;
        int last = dayOfWeek ? 6 : m_bounds.max;
        if (base != QLatin1String("*")) {
            const QStringList ends = base.split(u'-');
            if (ends.size() > 2 || ends.contains(QString()))
                throw ParseError{QStringLiteral("\"%1\" is not a range like 1-5").arg(base)};
            first = value(ends[0]);
            if (ends.size() == 2)
                last = value(ends[1]);
            else if (stepParts.size() == 1)
                last = first; // a single value
            else
                last = dayOfWeek ? 6 : m_bounds.max; // a/s: from a to the end, every s
            if (dayOfWeek && first == 7 && last < 7)
                first = 0; // 7-2 is Sunday to Tuesday, not a wrap-around
        }
        if (base == QLatin1String("*") || base.contains(u'-') || stepParts.size() == 2)
            intervalBased = true;
        // A reversed range wraps past the end: 22-2 is 22, 23, 0, 1, 2. Day of week wraps at 7 (Sunday again).
        const int span = dayOfWeek ? 7 : m_bounds.max - m_bounds.min + 1;
        const int count = first <= last ? last - first + 1 : (last - m_bounds.min) + (dayOfWeek ? 7 : m_bounds.max + 1) - first + 1;
        quint64 bits = 0;
        for (int i = 0; i < count; i += step) {
            int v = first + i;
            if (first > last && v > (dayOfWeek ? 6 : m_bounds.max))
                v -= span;
            if (dayOfWeek)
                v %= 7;
            bits |= quint64(1) << v;
        }
        return bits;
    }

    Field m_field;
    QString m_text;
    Bounds m_bounds;
};

} // namespace

CronParser::Result CronParser::parse(const QString &text)
{
    Result result;
    QString expanded = text.simplified();
    if (expanded.isEmpty()) {
        result.error = QStringLiteral("the expression is empty");
        return result;
    }
    if (expanded.startsWith(u'@')) {
        const auto it = macros().constFind(expanded.toLower());
        if (it == macros().constEnd()) {
            result.error = QStringLiteral("unknown macro %1 (known: @yearly, @annually, @monthly, @weekly, @daily, "
                                          "@midnight, @hourly)")
                               .arg(expanded);
            return result;
        }
        expanded = *it;
    }
    QStringList fields = expanded.split(u' ');
    if (fields.size() != 5 && fields.size() != 6) {
        result.error = QStringLiteral("expected 5 fields (minute hour day-of-month month day-of-week) or 6 with "
                                      "seconds first, got %1")
                           .arg(fields.size());
        return result;
    }
    CronExpression e;
    e.m_text = text.simplified();
    e.m_hasSeconds = fields.size() == 6;
    if (!e.m_hasSeconds)
        fields.prepend(QStringLiteral("0"));
    e.m_fields = fields;
    Field current = Field::Second;
    try {
        bool interval = false;
        bool ignored = false;
        current = Field::Second;
        e.m_seconds = FieldParser(current, fields[0]).parse(e.m_special, interval);
        current = Field::Minute;
        e.m_minutes = FieldParser(current, fields[1]).parse(e.m_special, interval);
        current = Field::Hour;
        e.m_hours = quint32(FieldParser(current, fields[2]).parse(e.m_special, interval));
        e.m_intervalBased = interval;
        current = Field::DayOfMonth;
        e.m_daysOfMonth = quint32(FieldParser(current, fields[3]).parse(e.m_special, ignored));
        e.m_anyDayOfMonth = fields[3] == QLatin1String("*") || fields[3] == QLatin1String("?");
        current = Field::Month;
        e.m_months = quint32(FieldParser(current, fields[4]).parse(e.m_special, ignored));
        current = Field::DayOfWeek;
        e.m_daysOfWeek = quint32(FieldParser(current, fields[5]).parse(e.m_special, ignored));
        e.m_anyDayOfWeek = fields[5] == QLatin1String("*") || fields[5] == QLatin1String("?");
    } catch (const ParseError &error) {
        result.field = current;
        result.error = QStringLiteral("%1 field: %2").arg(CronExpression::fieldName(current), error.message);
        return result;
    }
    // 30 in February alone, 31 in 30-day months, #5 in a month that never has five: an expression that can
    // never fire is a mistake worth reporting now rather than a schedule that silently never runs.
    if (!e.nextMatch(0)) {
        result.field = Field::DayOfMonth;
        result.error = QStringLiteral("day-of-month field: no day of the chosen months ever matches (%1 with month %2)")
                           .arg(fields[3], fields[4]);
        return result;
    }
    result.expression = e;
    return result;
}

} // namespace jobdeck
