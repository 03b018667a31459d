#pragma once

#include <QtGlobal>

namespace jobdeck {

// A wall-clock date and time with no zone, and its arithmetic. Schedules are matched in civil time and only
// then placed on the time line by ZoneRules; counting "local seconds" (seconds since 1970-01-01T00:00 of the
// wall clock) keeps that arithmetic to integers instead of QDateTime conversions.
struct CivilTime {
    int year = 1970;
    int month = 1; // 1-12
    int day = 1;   // 1-31
    int hour = 0;
    int minute = 0;
    int second = 0;

    static CivilTime fromLocalSeconds(qint64 localSeconds);
    qint64 toLocalSeconds() const;
};

namespace Civil {
// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day may exceed the month: it carries).
qint64 daysFromDate(int year, int month, int day);
bool isLeapYear(int year);
int daysInMonth(int year, int month);
// 0 = Sunday ... 6 = Saturday.
int weekday(int year, int month, int day);
int weekdayOfDays(qint64 daysSinceEpoch);
// Floor division, so times before 1970 fall on the right day.
qint64 floorDiv(qint64 a, qint64 b);
} // namespace Civil

} // namespace jobdeck
