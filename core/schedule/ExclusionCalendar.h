#pragma once

#include <QDate>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

namespace jobdeck {

// A named set of dates and date ranges (holidays, freeze windows) on which a schedule that refers to it does
// not fire. Dates are wall-clock dates in each schedule's own zone. Value type.
struct ExclusionCalendar {
    using Range = std::pair<QDate, QDate>; // first and last day, both included

    QString name;
    std::vector<Range> ranges;

    bool excludes(const QDate &day) const;
    // "2026-12-24, 2026-12-31", as `calendar list` prints and `--dates` reads.
    QString datesText() const;

    // "2026-12-24,2026-12-28..2027-01-01" (a range may also be written with /). Nothing and an error naming the
    // bad item otherwise.
    static std::optional<std::vector<Range>> parseDates(const QString &text, QString *error);
};

} // namespace jobdeck
