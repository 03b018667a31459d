#include "Duration.h"

#include <QDateTime>
#include <QRegularExpression>

namespace jobdeck {

std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression s_part(QStringLiteral("(\\d+)(ms|s|m|h|d)"));
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype pos = 0;
    while (pos < t.size()) {
        const auto match = s_part.match(t, pos, QRegularExpression::NormalMatch,
                                        QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return std::nullopt;
        bool ok = false;
        const qint64 n = match.captured(1).toLongLong(&ok);
        if (!ok || n > 1'000'000'000)
            return std::nullopt;
        const QString unit = match.captured(2);
        qint64 factor = 1;
        if (unit == QLatin1String("s"))
            factor = 1000;
        else if (unit == QLatin1String("m"))
            factor = 60'000;
        else if (unit == QLatin1String("h"))
            factor = 3'600'000;
        else if (unit == QLatin1String("d"))
            factor = 86'400'000;
        total += n * factor;
        pos = match.capturedEnd();
    }
    return total;
}

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1ms").arg(ms);
    if (ms < 60'000)
        return QStringLiteral("%1s").arg(double(ms) / 1000.0, 0, 'f', ms % 1000 ? 1 : 0);
    // Two units at most, and a zero second unit left out: "15m", "1h30m", "30d", "2d4h".
    const auto two = [](qint64 big, const char *bigUnit, qint64 small, const char *smallUnit) {
        QString text = QString::number(big) + QLatin1String(bigUnit);
        if (small > 0)
            text += QString::number(small) + QLatin1String(smallUnit);
        return text;
    };
    if (ms < 3'600'000)
        return two(ms / 60'000, "m", (ms / 1000) % 60, "s");
    if (ms < 86'400'000)
        return two(ms / 3'600'000, "h", (ms / 60'000) % 60, "m");
    return two(ms / 86'400'000, "d", (ms / 3'600'000) % 24, "h");
}

std::optional<qint64> parseIsoTime(const QString &text)
{
    const QString t = text.trimmed();
    // An offset or Z is required: a bare local time is ambiguous around daylight-saving changes.
    static const QRegularExpression s_zone(QStringLiteral("(Z|[+-]\\d\\d:?\\d\\d)$"));
    if (!s_zone.match(t).hasMatch())
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (!dt.isValid())
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

QString formatIsoTime(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace jobdeck
