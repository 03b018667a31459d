#include "QueueRate.h"

#include "Duration.h"

namespace jobdeck {

namespace {
constexpr int kMaxCount = 1'000'000;
constexpr qint64 kMaxWindowMs = 7LL * 24 * 3600 * 1000;
}

std::optional<QueueRate> QueueRate::parse(const QString &text)
{
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0)
        return QueueRate{};
    const qsizetype slash = t.indexOf(u'/');
    if (slash <= 0)
        return std::nullopt;
    bool ok = false;
    const int count = t.left(slash).trimmed().toInt(&ok);
    if (!ok || count < 1 || count > kMaxCount)
        return std::nullopt;
    const auto window = parseDuration(t.mid(slash + 1).trimmed());
    if (!window || *window <= 0 || *window > kMaxWindowMs)
        return std::nullopt;
    return QueueRate{count, *window};
}

QString QueueRate::toString() const
{
    return isLimited() ? QStringLiteral("%1/%2").arg(count).arg(formatDuration(windowMs)) : QStringLiteral("off");
}

} // namespace jobdeck
