#include "CronDescriber.h"

#include <QRegularExpression>

namespace jobdeck {

namespace {

const QStringList s_days = {QStringLiteral("Sunday"),   QStringLiteral("Monday"), QStringLiteral("Tuesday"),
                            QStringLiteral("Wednesday"), QStringLiteral("Thursday"), QStringLiteral("Friday"),
                            QStringLiteral("Saturday")};
const QStringList s_months = {QStringLiteral("January"), QStringLiteral("February"), QStringLiteral("March"),
                              QStringLiteral("April"),   QStringLiteral("May"),      QStringLiteral("June"),
                              QStringLiteral("July"),    QStringLiteral("August"),   QStringLiteral("September"),
                              QStringLiteral("October"), QStringLiteral("November"), QStringLiteral("December")};
const QStringList s_dayAbbreviations = {QStringLiteral("SUN"), QStringLiteral("MON"), QStringLiteral("TUE"),
                                        QStringLiteral("WED"), QStringLiteral("THU"), QStringLiteral("FRI"),
                                        QStringLiteral("SAT")};
const QStringList s_monthAbbreviations = {QStringLiteral("JAN"), QStringLiteral("FEB"), QStringLiteral("MAR"),
                                          QStringLiteral("APR"), QStringLiteral("MAY"), QStringLiteral("JUN"),
                                          QStringLiteral("JUL"), QStringLiteral("AUG"), QStringLiteral("SEP"),
                                          QStringLiteral("OCT"), QStringLiteral("NOV"), QStringLiteral("DEC")};

bool isAny(const QString &field)
{
    return field == QLatin1String("*") || field == QLatin1String("?");
}

bool isNumber(const QString &text)
{
    bool ok = false;
    text.toInt(&ok);
    return ok;
}

bool isNumberList(const QString &field)
{
    for (const QString &item : field.split(u',')) {
        if (!isNumber(item))
            return false;
    }
    return true;
}

QString joined(const QStringList &parts)
{
    if (parts.size() <= 1)
        return parts.value(0);
    return parts.mid(0, parts.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + parts.last();
}

QString ordinal(int n)
{
    static const QStringList s_words = {QString(), QStringLiteral("first"), QStringLiteral("second"),
                                        QStringLiteral("third"), QStringLiteral("fourth"), QStringLiteral("fifth")};
    if (n >= 1 && n <= 5)
        return s_words[n];
    const int lastTwo = n % 100;
    const char *suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return QString::number(n) + QLatin1String(suffix);
}

QString twoDigits(int n)
{
    return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0'));
}

QString dayName(const QString &token)
{
    const int named = int(s_dayAbbreviations.indexOf(token.toUpper()));
    return s_days[(named >= 0 ? named : token.toInt()) % 7];
}

QString monthName(const QString &token)
{
    const int named = int(s_monthAbbreviations.indexOf(token.toUpper()));
    return s_months[(named >= 0 ? named : token.toInt() - 1) % 12];
}

// "a-b/n", "*/n", "a/n" pieces of one list item.
struct Item {
    QString from, to;
    int step = 0;
    bool any = false;
};

Item splitItem(const QString &item)
{
    Item i;
    QString base = item;
    if (const auto slash = item.indexOf(u'/'); slash >= 0) {
        i.step = item.mid(slash + 1).toInt();
        base = item.left(slash);
    }
    if (base == QLatin1String("*")) {
        i.any = true;
        return i;
    }
    const QStringList ends = base.split(u'-');
    i.from = ends.value(0);
    i.to = ends.value(1);
    return i;
}

QString unitPlural(int n, const QString &unit)
{
    return n == 1 ? unit : QStringLiteral("%1 %2s").arg(n).arg(unit);
}

// "every 5 minutes", "minutes 10 through 20", "at 15 minutes": one item of the second or minute field.
QString clockItem(const QString &item, const QString &unit)
{
    const Item i = splitItem(item);
    if (i.step > 0) {
        QString text = QStringLiteral("every %1").arg(unitPlural(i.step, unit));
        if (!i.any && !i.from.isEmpty())
            text += i.to.isEmpty() ? QStringLiteral(" from %1 %2").arg(i.from, unit)
                                   : QStringLiteral(" from %1 %2 through %3").arg(i.from, unit, i.to);
        return text;
    }
    if (i.any)
        return QStringLiteral("every %1").arg(unit);
    if (!i.to.isEmpty())
        return QStringLiteral("%1s %2 through %3").arg(unit, i.from, i.to);
    return i.from;
}

QString secondsPart(const QString &field)
{
    if (isNumberList(field)) {
        const QStringList values = field.split(u',');
        return QStringLiteral("at %1 %2").arg(values.size() == 1 ? QStringLiteral("second") : QStringLiteral("seconds"),
                                              joined(values));
    }
    QStringList parts;
    for (const QString &item : field.split(u','))
        parts << clockItem(item, QStringLiteral("second"));
    return joined(parts);
}

QString minutesPart(const QString &field)
{
    if (isNumberList(field)) {
        const QStringList values = field.split(u',');
        if (values == QStringList{QStringLiteral("0")})
            return QStringLiteral("on the hour");
        return QStringLiteral("at %1 past the hour")
            .arg(values.size() == 1 && values[0] == QLatin1String("1") ? QStringLiteral("1 minute")
                                                                       : joined(values) + QStringLiteral(" minutes"));
    }
    QStringList parts;
    for (const QString &item : field.split(u',')) {
        const QString text = clockItem(item, QStringLiteral("minute"));
        parts << (isNumber(text) ? QStringLiteral("at %1 past the hour").arg(unitPlural(text.toInt(), QStringLiteral("minute")))
                                 : text);
    }
    return joined(parts);
}

QString hoursPart(const QString &field)
{
    if (field == QLatin1String("*"))
        return {};
    QStringList parts;
    for (const QString &item : field.split(u',')) {
        const Item i = splitItem(item);
        if (i.step > 0) {
            QString text = QStringLiteral("every %1").arg(unitPlural(i.step, QStringLiteral("hour")));
            if (!i.any)
                text += QStringLiteral(" between %1:00 and %2:59").arg(twoDigits(i.from.toInt()),
                                                                        twoDigits(i.to.isEmpty() ? 23 : i.to.toInt()));
            parts << text;
        } else if (!i.to.isEmpty()) {
            parts << QStringLiteral("between %1:00 and %2:59").arg(twoDigits(i.from.toInt()), twoDigits(i.to.toInt()));
        } else {
            parts << QStringLiteral("between %1:00 and %1:59").arg(twoDigits(i.from.toInt()));
        }
    }
    return joined(parts);
}

// Fixed times of day ("At 02:30 and 14:30"), when the fields allow no more than a few.
QString fixedTimes(const QStringList &f, bool hasSeconds)
{
    if (!isNumberList(f[0]) || !isNumberList(f[1]) || !isNumberList(f[2]))
        return {};
    const QStringList seconds = f[0].split(u','), minutes = f[1].split(u','), hours = f[2].split(u',');
    if (seconds.size() * minutes.size() * hours.size() > 6)
        return {};
    QStringList times;
    for (const QString &h : hours) {
        for (const QString &m : minutes) {
            for (const QString &s : seconds) {
                QString t = twoDigits(h.toInt()) + u':' + twoDigits(m.toInt());
                if (hasSeconds && s.toInt() != 0)
                    t += u':' + twoDigits(s.toInt());
                times << t;
            }
        }
    }
    return QStringLiteral("At ") + joined(times);
}

QString timePart(const QStringList &f, bool hasSeconds)
{
    const QString fixed = fixedTimes(f, hasSeconds);
    if (!fixed.isEmpty())
        return fixed;
    QStringList parts;
    const bool secondsGiven = hasSeconds && f[0] != QLatin1String("0");
    if (secondsGiven)
        parts << secondsPart(f[0]);
    const bool everyMinute = f[1] == QLatin1String("*");
    if (!everyMinute || !secondsGiven)
        parts << (everyMinute ? QStringLiteral("every minute") : minutesPart(f[1]));
    const QString hours = hoursPart(f[2]);
    const bool minuteFixed = isNumberList(f[1]) && !secondsGiven;
    if (minuteFixed) {
        // "Every hour, at 5 minutes past the hour" reads better with the hours first.
        parts.prepend(hours.isEmpty() ? QStringLiteral("every hour") : hours);
    } else if (!hours.isEmpty()) {
        parts << hours;
    }
    QString text = parts.join(QStringLiteral(", "));
    text[0] = text[0].toUpper();
    return text;
}

QString dayOfMonthItem(const QString &item)
{
    const QString upper = item.toUpper();
    if (upper == QLatin1String("L"))
        return QStringLiteral("the last day");
    if (upper == QLatin1String("LW"))
        return QStringLiteral("the last weekday");
    static const QRegularExpression s_lastMinus(QStringLiteral("^L-(\\d+)$"));
    if (const auto m = s_lastMinus.match(upper); m.hasMatch())
        return QStringLiteral("%1 before the last day").arg(unitPlural(m.captured(1).toInt(), QStringLiteral("day")));
    if (upper.endsWith(u'W'))
        return QStringLiteral("the weekday nearest day %1").arg(upper.chopped(1));
    const Item i = splitItem(item);
    if (i.step > 0) {
        QString text = QStringLiteral("every %1").arg(unitPlural(i.step, QStringLiteral("day")));
        if (!i.any)
            text += i.to.isEmpty() ? QStringLiteral(" from day %1").arg(i.from)
                                   : QStringLiteral(" from day %1 through %2").arg(i.from, i.to);
        return text;
    }
    if (!i.to.isEmpty())
        return QStringLiteral("days %1 through %2").arg(i.from, i.to);
    return QStringLiteral("day %1").arg(i.from);
}

QString dayOfMonthPart(const QString &field)
{
    if (isNumberList(field)) {
        const QStringList values = field.split(u',');
        return QStringLiteral("on %1 %2 of the month")
            .arg(values.size() == 1 ? QStringLiteral("day") : QStringLiteral("days"), joined(values));
    }
    QStringList parts;
    for (const QString &item : field.split(u','))
        parts << dayOfMonthItem(item);
    // "every 2 days of the month", "3 days before the last day of the month": no "on" before a count.
    const bool counted = parts.size() == 1 && (parts[0].startsWith(QLatin1String("every")) || parts[0][0].isDigit());
    return (counted ? QString() : QStringLiteral("on ")) + joined(parts) + QStringLiteral(" of the month");
}

QString dayOfWeekPart(const QString &field)
{
    QStringList parts;
    bool allPlain = true;
    for (const QString &item : field.split(u',')) {
        const QString upper = item.toUpper();
        if (const auto hash = upper.indexOf(u'#'); hash >= 0) {
            parts << QStringLiteral("the %1 %2 of the month").arg(ordinal(upper.mid(hash + 1).toInt()), dayName(upper.left(hash)));
            allPlain = false;
            continue;
        }
        if (upper.endsWith(u'L')) {
            parts << QStringLiteral("the last %1 of the month").arg(dayName(upper.chopped(1)));
            allPlain = false;
            continue;
        }
        const Item i = splitItem(item);
        if (i.step > 0) {
            parts << QStringLiteral("every %1 day of the week from %2")
                         .arg(ordinal(i.step), i.any ? s_days[0] : dayName(i.from));
            allPlain = false;
        } else if (!i.to.isEmpty()) {
            parts << QStringLiteral("%1 through %2").arg(dayName(i.from), dayName(i.to));
        } else {
            parts << dayName(i.from);
        }
    }
    if (allPlain && parts.size() == 1 && !parts[0].contains(QLatin1String("through")))
        return QStringLiteral("only on ") + parts[0];
    if (allPlain && parts.size() == 1)
        return parts[0];
    return QStringLiteral("on ") + joined(parts);
}

QString monthPart(const QString &field)
{
    QStringList parts;
    bool single = true;
    for (const QString &item : field.split(u',')) {
        const Item i = splitItem(item);
        if (i.step > 0) {
            parts << QStringLiteral("every %1").arg(unitPlural(i.step, QStringLiteral("month")))
                         + (i.any ? QString() : QStringLiteral(" from %1").arg(monthName(i.from)));
            single = false;
        } else if (!i.to.isEmpty()) {
            parts << QStringLiteral("%1 through %2").arg(monthName(i.from), monthName(i.to));
            single = false;
        } else {
            parts << monthName(i.from);
        }
    }
    if (single)
        return (parts.size() == 1 ? QStringLiteral("only in ") : QStringLiteral("in ")) + joined(parts);
    return joined(parts);
}

} // namespace

QString CronDescriber::describe(const CronExpression &expression)
{
    const QStringList &f = expression.fields();
    QStringList parts{timePart(f, expression.hasSeconds())};
    const bool anyDay = isAny(f[3]);
    const bool anyWeekday = isAny(f[5]);
    if (!anyDay && !anyWeekday) {
        QString weekdays = dayOfWeekPart(f[5]);
        if (weekdays.startsWith(QLatin1String("only ")))
            weekdays.remove(0, 5); // "on day 13 of the month or on Friday": "only" would contradict the "or"
        parts << dayOfMonthPart(f[3]) + QStringLiteral(" or ") + weekdays;
    }
    else if (!anyDay)
        parts << dayOfMonthPart(f[3]);
    else if (!anyWeekday)
        parts << dayOfWeekPart(f[5]);
    if (!isAny(f[4]))
        parts << monthPart(f[4]);
    return parts.join(QStringLiteral(", "));
}

QString CronDescriber::describeInterval(qint64 ms)
{
    struct Unit {
        qint64 ms;
        const char *name;
    };
    static constexpr Unit s_units[] = {{86'400'000, "day"}, {3'600'000, "hour"}, {60'000, "minute"}, {1000, "second"}};
    for (const Unit &u : s_units) {
        if (ms % u.ms == 0)
            return unitPlural(int(ms / u.ms), QLatin1String(u.name));
    }
    return QStringLiteral("%1 ms").arg(ms);
}

} // namespace jobdeck
