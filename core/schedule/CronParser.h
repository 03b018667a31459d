#pragma once

#include "CronExpression.h"

#include <optional>

namespace jobdeck {

// Reads cron expressions: 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first;
// *, lists, ranges (also reversed: 22-2), steps (*/5, 1-30/3, 10/15), JAN-DEC and SUN-SAT in any case, ?,
// L, L-n, LW and nW in day-of-month, nL and n#k in day-of-week (0 and 7 are both Sunday), and the macros
// @yearly @annually @monthly @weekly @daily @midnight @hourly.
class CronParser {
public:
    struct Result {
        std::optional<CronExpression> expression;
        QString error; // "minute field: 61 is out of range 0-59"; empty on success
        std::optional<CronExpression::Field> field; // the field the error is about, if any
    };
    static Result parse(const QString &text);
};

} // namespace jobdeck
