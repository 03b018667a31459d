#include "WorkerRange.h"

#include <algorithm>

namespace jobdeck {

QString WorkerRange::toString() const
{
    return isFixed() ? QString::number(min) : QStringLiteral("%1..%2").arg(min).arg(max);
}

std::optional<WorkerRange> WorkerRange::parse(const QString &text, QString *error)
{
    const auto refuse = [&](const QString &why) -> std::optional<WorkerRange> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    // Digits only: toInt() would take "+4" and " 4", which no one means as a worker count.
    const auto number = [](const QString &word) -> std::optional<int> {
        if (word.isEmpty() || word.size() > 9
            || !std::all_of(word.cbegin(), word.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
            return std::nullopt;
        return word.toInt();
    };
    const qsizetype dots = text.indexOf(QLatin1String(".."));
    if (dots < 0) {
        const auto n = number(text);
        if (!n || *n < 1 || *n > kMostWorkers)
            return refuse(QStringLiteral("--workers must be a number from 1 to %1 or a range MIN..MAX, not \"%2\"")
                              .arg(kMostWorkers).arg(text));
        return WorkerRange{*n, *n};
    }
    const auto low = number(text.left(dots));
    const auto high = number(text.mid(dots + 2));
    if (!low || !high)
        return refuse(QStringLiteral("--workers range \"%1\" must be two numbers, MIN..MAX, like 2..8").arg(text));
    if (*low < 1)
        return refuse(QStringLiteral("--workers range \"%1\": MIN must be at least 1").arg(text));
    if (*high > kMostWorkers)
        return refuse(QStringLiteral("--workers range \"%1\": MAX must be at most %2").arg(text).arg(kMostWorkers));
    if (*low > *high)
        return refuse(QStringLiteral("--workers range \"%1\": MIN must not be above MAX").arg(text));
    return WorkerRange{*low, *high};
}

} // namespace jobdeck
