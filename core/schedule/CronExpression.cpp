#include "CronExpression.h"

#include "CivilTime.h"

#include <bit>

namespace jobdeck {

namespace {

constexpr int kHorizonYears = 400;

// The first set bit at or above `from`, or -1.
template<typename Bits>
int nextBit(Bits bits, int from)
{
    if (from >= int(sizeof(Bits) * 8))
        return -1;
    const Bits rest = bits >> from;
    return rest ? from + std::countr_zero(rest) : -1;
}

} // namespace

QString CronExpression::fieldName(Field field)
{
    switch (field) {
    case Second: return QStringLiteral("second");
    case Minute: return QStringLiteral("minute");
    case Hour: return QStringLiteral("hour");
    case DayOfMonth: return QStringLiteral("day-of-month");
    case Month: return QStringLiteral("month");
    case DayOfWeek: return QStringLiteral("day-of-week");
    }
    return {};
}

quint32 CronExpression::daysMatching(int year, int month) const
{
    const int length = Civil::daysInMonth(year, month);
    const quint32 inMonth = ((quint32(1) << length) - 1) << 1;
    if (m_anyDayOfMonth && m_anyDayOfWeek)
        return inMonth;
    const int firstWeekday = Civil::weekday(year, month, 1);
    const auto weekdayOf = [firstWeekday](int day) { return (firstWeekday + day - 1) % 7; };

    quint32 byMonth = 0;
    if (!m_anyDayOfMonth) {
        byMonth = m_daysOfMonth & inMonth;
        for (int n = 0; n < 31; ++n) {
            if (m_special.lastDayOffsets & (quint32(1) << n) && length - n >= 1)
                byMonth |= quint32(1) << (length - n);
        }
        if (m_special.lastWeekday) {
            const int w = weekdayOf(length);
            byMonth |= quint32(1) << (w == 6 ? length - 1 : w == 0 ? length - 2 : length);
        }
        for (int n = 1; n <= 31; ++n) {
            if (!(m_special.nearestWeekdays & (quint32(1) << n)) || n > length)
                continue; // a day the month does not have has no nearest weekday in it
            const int w = weekdayOf(n);
            int day = n;
            if (w == 6) // Saturday: the Friday before, unless that is in the previous month
                day = n > 1 ? n - 1 : n + 2;
            else if (w == 0) // Sunday: the Monday after, unless that is in the next month
                day = n < length ? n + 1 : n - 2;
            byMonth |= quint32(1) << day;
        }
    }
    quint32 byWeek = 0;
    if (!m_anyDayOfWeek) {
        for (int day = 1; day <= length; ++day) {
            const int w = weekdayOf(day);
            const int nth = (day - 1) / 7 + 1;
            const bool last = day + 7 > length;
            if ((m_daysOfWeek >> w & 1) || (m_special.nthOfWeekday[w] >> nth & 1) || (last && (m_special.lastOfWeekday >> w & 1)))
                byWeek |= quint32(1) << day;
        }
    }
    if (m_anyDayOfMonth)
        return byWeek;
    if (m_anyDayOfWeek)
        return byMonth;
    return byMonth | byWeek;
}

bool CronExpression::matches(qint64 localSeconds) const
{
    const CivilTime c = CivilTime::fromLocalSeconds(localSeconds);
    return (m_seconds >> c.second & 1) && (m_minutes >> c.minute & 1) && (m_hours >> c.hour & 1)
        && (m_months >> c.month & 1) && (daysMatching(c.year, c.month) >> c.day & 1);
}

std::optional<qint64> CronExpression::nextMatch(qint64 localSeconds) const
{
    CivilTime t = CivilTime::fromLocalSeconds(localSeconds + 1);
    const int lastYear = t.year + kHorizonYears;
    // Each step either settles a field or moves a coarser one forward and resets the finer ones to their start,
    // so the loop runs a handful of times per field, never once per second.
    int cachedYear = 0, cachedMonth = 0;
    quint32 cachedDays = 0;
    while (t.year <= lastYear) {
        const int month = nextBit(m_months, t.month);
        if (month < 0 || month > 12) {
            t = {t.year + 1, 1, 1, 0, 0, 0};
            continue;
        }
        if (month != t.month)
            t = {t.year, month, 1, 0, 0, 0};
        if (t.year != cachedYear || t.month != cachedMonth) {
            cachedYear = t.year;
            cachedMonth = t.month;
            cachedDays = daysMatching(t.year, t.month);
        }
        const int day = nextBit(cachedDays, t.day);
        if (day < 0) {
            t = t.month == 12 ? CivilTime{t.year + 1, 1, 1, 0, 0, 0} : CivilTime{t.year, t.month + 1, 1, 0, 0, 0};
            continue;
        }
        if (day != t.day)
            t = {t.year, t.month, day, 0, 0, 0};
        const int hour = nextBit(m_hours, t.hour);
        if (hour < 0 || hour > 23) {
            t = CivilTime::fromLocalSeconds(CivilTime{t.year, t.month, t.day, 0, 0, 0}.toLocalSeconds() + 86400);
            continue;
        }
        if (hour != t.hour)
            t = {t.year, t.month, t.day, hour, 0, 0};
        const int minute = nextBit(m_minutes, t.minute);
        if (minute < 0 || minute > 59) {
            t = CivilTime::fromLocalSeconds(CivilTime{t.year, t.month, t.day, t.hour, 0, 0}.toLocalSeconds() + 3600);
            continue;
        }
        if (minute != t.minute)
            t = {t.year, t.month, t.day, t.hour, minute, 0};
        const int second = nextBit(m_seconds, t.second);
        if (second < 0 || second > 59) {
            t = CivilTime::fromLocalSeconds(CivilTime{t.year, t.month, t.day, t.hour, t.minute, 0}.toLocalSeconds() + 60);
            continue;
        }
        t.second = second;
        return t.toLocalSeconds();
    }
    return std::nullopt;
}

} // namespace jobdeck
