#include "CivilTime.h"

namespace jobdeck {

namespace Civil {

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Howard Hinnant's days_from_civil: exact for every Gregorian date, no tables, no loops.
qint64 daysFromDate(int year, int month, int day)
{
    const qint64 y = qint64(year) - (month <= 2 ? 1 : 0);
    const qint64 era = floorDiv(y, 400);
    const qint64 yearOfEra = y - era * 400;
    const qint64 m = month;
    const qint64 dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static constexpr int s_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : s_days[month - 1];
}

int weekdayOfDays(qint64 daysSinceEpoch)
{
    // 1970-01-01 was a Thursday.
    const qint64 w = (daysSinceEpoch + 4) % 7;
    return int(w < 0 ? w + 7 : w);
}

int weekday(int year, int month, int day)
{
    return weekdayOfDays(daysFromDate(year, month, day));
}

} // namespace Civil

CivilTime CivilTime::fromLocalSeconds(qint64 localSeconds)
{
    const qint64 days = Civil::floorDiv(localSeconds, 86400);
    const qint64 secondOfDay = localSeconds - days * 86400;
    // civil_from_days, the inverse of daysFromDate.
    const qint64 z = days + 719468;
    const qint64 era = Civil::floorDiv(z, 146097);
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    CivilTime c;
    c.day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    c.month = int(mp < 10 ? mp + 3 : mp - 9);
    c.year = int(yearOfEra + era * 400 + (c.month <= 2 ? 1 : 0));
    c.hour = int(secondOfDay / 3600);
    c.minute = int(secondOfDay / 60 % 60);
    c.second = int(secondOfDay % 60);
    return c;
}

qint64 CivilTime::toLocalSeconds() const
{
    return Civil::daysFromDate(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace jobdeck
