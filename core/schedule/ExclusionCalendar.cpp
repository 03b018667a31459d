#include "ExclusionCalendar.h"

#include <QRegularExpression>
#include <QStringList>

namespace jobdeck {

bool ExclusionCalendar::excludes(const QDate &day) const
{
    for (const Range &r : ranges) {
        if (day >= r.first && day <= r.second)
            return true;
    }
    return false;
}

QString ExclusionCalendar::datesText() const
{
    QStringList parts;
    for (const Range &r : ranges) {
        parts << (r.first == r.second ? r.first.toString(Qt::ISODate)
                                      : r.first.toString(Qt::ISODate) + QStringLiteral("..") + r.second.toString(Qt::ISODate));
    }
    return parts.join(QStringLiteral(", "));
}

std::optional<std::vector<ExclusionCalendar::Range>> ExclusionCalendar::parseDates(const QString &text, QString *error)
{
    static const QRegularExpression s_separator(QStringLiteral("\\.\\.|/"));
    std::vector<Range> out;
    const auto fail = [error](const QString &message) -> std::optional<std::vector<Range>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    for (const QString &raw : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = raw.trimmed();
        if (item.isEmpty())
            continue;
        const QStringList ends = item.split(s_separator);
        if (ends.size() > 2)
            return fail(QStringLiteral("bad date range \"%1\": write FIRST..LAST, like 2026-12-24..2026-12-31").arg(item));
        const QDate first = QDate::fromString(ends[0].trimmed(), Qt::ISODate);
        const QDate last = ends.size() == 2 ? QDate::fromString(ends[1].trimmed(), Qt::ISODate) : first;
        if (!first.isValid() || !last.isValid())
            return fail(QStringLiteral("bad date \"%1\": write dates as YYYY-MM-DD").arg(item));
        if (last < first)
            return fail(QStringLiteral("bad date range \"%1\": it ends before it starts").arg(item));
        out.emplace_back(first, last);
    }
    if (out.empty())
        return fail(QStringLiteral("no dates given: write them like 2026-12-24,2026-12-28..2027-01-01"));
    return out;
}

} // namespace jobdeck
