#include "ScheduleSpec.h"

#include <array>

namespace jobdeck {

namespace {

template<typename Enum, size_t N>
std::optional<Enum> fromName(const std::array<const char *, N> &names, const QString &name)
{
    for (size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}

constexpr std::array<const char *, 3> s_kinds = {"cron", "interval", "once"};
constexpr std::array<const char *, 3> s_misfires = {"fire-once", "skip", "catch-up"};
constexpr std::array<const char *, 4> s_overlaps = {"allow", "skip", "queue-one", "replace"};

} // namespace

QString kindName(ScheduleKind kind)
{
    return QLatin1String(s_kinds[size_t(kind)]);
}

std::optional<ScheduleKind> kindFromName(const QString &name)
{
    return fromName<ScheduleKind>(s_kinds, name);
}

QString misfireName(MisfirePolicy policy)
{
    return QLatin1String(s_misfires[size_t(policy)]);
}

std::optional<MisfirePolicy> misfireFromName(const QString &name)
{
    return fromName<MisfirePolicy>(s_misfires, name);
}

QString overlapName(OverlapPolicy policy)
{
    return QLatin1String(s_overlaps[size_t(policy)]);
}

std::optional<OverlapPolicy> overlapFromName(const QString &name)
{
    return fromName<OverlapPolicy>(s_overlaps, name);
}

std::optional<Recurrence> ScheduleSpec::recurrence(QString *error) const
{
    switch (kind) {
    case ScheduleKind::Cron:
        return Recurrence::parseCron(cron, zone, error);
    case ScheduleKind::Interval:
        if (everyMs < 1000 || everyMs % 1000 != 0) {
            if (error)
                *error = QStringLiteral("an interval must be whole seconds, at least 1s");
            return std::nullopt;
        }
        if (auto rules = Recurrence::zoneNamed(zone, error))
            return Recurrence::interval(everyMs, atMs, std::move(rules));
        return std::nullopt;
    case ScheduleKind::Once:
        if (auto rules = Recurrence::zoneNamed(zone, error))
            return Recurrence::once(atMs, std::move(rules));
        return std::nullopt;
    }
    return std::nullopt;
}

QString ScheduleSpec::validate() const
{
    if (name.trimmed().isEmpty())
        return QStringLiteral("a schedule needs a name");
    if (name != name.trimmed() || name.contains(u'\n'))
        return QStringLiteral("a schedule name cannot start or end with spaces or hold line breaks");
    QString error;
    if (!recurrence(&error))
        return error;
    if (definition.isEmpty() && job.kind.isEmpty())
        return QStringLiteral("a schedule needs a job kind or a job definition to run");
    if (catchUpLimit < 1)
        return QStringLiteral("the catch-up limit must be at least 1");
    return {};
}

} // namespace jobdeck
