#pragma once

#include "CronExpression.h"

namespace jobdeck {

// Plain-language English for cron expressions: "At 02:30, Monday through Friday", "Every 15 minutes,
// between 09:00 and 17:59", "At 00:00, on the last Friday of the month".
class CronDescriber {
public:
    static QString describe(const CronExpression &expression);
    // "15 minutes", "hour", "2 days": the length of an interval, for "Every ...".
    static QString describeInterval(qint64 ms);
};

} // namespace jobdeck
