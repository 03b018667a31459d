#include "Recurrence.h"

#include "CivilTime.h"
#include "CronDescriber.h"
#include "CronParser.h"
#include "model/Duration.h"

namespace jobdeck {

namespace {
// Guards against an endless search; a real expression needs a handful of steps per call.
constexpr int kMaxSteps = 10'000;
} // namespace

Recurrence Recurrence::cron(const CronExpression &expression, std::shared_ptr<const ZoneRules> zone)
{
    Recurrence r;
    r.m_kind = Kind::Cron;
    r.m_cron = expression;
    r.m_zone = std::move(zone);
    return r;
}

Recurrence Recurrence::interval(qint64 everyMs, qint64 anchorMs, std::shared_ptr<const ZoneRules> zone)
{
    Recurrence r;
    r.m_kind = Kind::Interval;
    r.m_everyMs = std::max<qint64>(1, everyMs);
    r.m_anchorMs = anchorMs;
    r.m_zone = std::move(zone);
    return r;
}

Recurrence Recurrence::once(qint64 atMs, std::shared_ptr<const ZoneRules> zone)
{
    Recurrence r;
    r.m_kind = Kind::Once;
    r.m_anchorMs = atMs;
    r.m_zone = std::move(zone);
    return r;
}

std::shared_ptr<const ZoneRules> Recurrence::zoneNamed(const QString &zone, QString *error)
{
    const QString id = zone.isEmpty() ? ZoneRules::systemZoneId() : zone;
    auto rules = ZoneRules::forZone(id);
    if (!rules && error)
        *error = QStringLiteral("unknown time zone \"%1\" (use an IANA name such as Europe/Berlin)").arg(id);
    return rules;
}

std::optional<Recurrence> Recurrence::parseCron(const QString &expression, const QString &zone, QString *error)
{
    const CronParser::Result parsed = CronParser::parse(expression);
    if (!parsed.expression) {
        if (error)
            *error = QStringLiteral("bad cron expression \"%1\": %2").arg(expression, parsed.error);
        return std::nullopt;
    }
    auto rules = zoneNamed(zone, error);
    if (!rules)
        return std::nullopt;
    return cron(*parsed.expression, std::move(rules));
}

std::optional<qint64> Recurrence::next(qint64 afterMs) const
{
    switch (m_kind) {
    case Kind::Once:
        return m_anchorMs > afterMs ? std::optional<qint64>(m_anchorMs) : std::nullopt;
    case Kind::Interval:
        if (afterMs < m_anchorMs)
            return m_anchorMs;
        return m_anchorMs + (Civil::floorDiv(afterMs - m_anchorMs, m_everyMs) + 1) * m_everyMs;
    case Kind::Cron:
        if (const auto seconds = nextCron(Civil::floorDiv(afterMs, 1000)))
            return *seconds * 1000;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<qint64> Recurrence::nextCron(qint64 afterSeconds) const
{
    const CronExpression &cron = *m_cron;
    const ZoneRules &zone = *m_zone;
    qint64 local = afterSeconds + zone.offsetAt(afterSeconds);
    // Within the first pass of a repeated hour, an interval-based expression still has the whole second pass
    // ahead, at wall-clock times the first pass has already shown.
    if (cron.isIntervalBased()) {
        if (const auto fold = zone.foldContaining(afterSeconds)) {
            const qint64 foldStart = fold->atUtc + fold->newOffset; // local time the clocks went back to
            const qint64 foldEnd = fold->atUtc + fold->oldOffset;
            const auto inFirstPass = cron.nextMatch(local);
            if (inFirstPass && *inFirstPass < foldEnd)
                return *inFirstPass - fold->oldOffset;
            const auto inSecondPass = cron.nextMatch(foldStart - 1);
            if (inSecondPass && *inSecondPass < foldEnd)
                return *inSecondPass - fold->newOffset;
            local = foldEnd - 1;
        }
    }
    for (int step = 0; step < kMaxSteps; ++step) {
        const auto match = cron.nextMatch(local);
        if (!match)
            return std::nullopt;
        const ZoneRules::Placement p = zone.place(*match);
        // A gap's occurrences all land on its first valid instant; the first one after `afterSeconds` fires there,
        // and the next search starts after the gap, so it fires once.
        if (p.first > afterSeconds)
            return p.first;
        if (p.kind == ZoneRules::Placement::Kind::Fold && cron.isIntervalBased() && p.second > afterSeconds)
            return p.second;
        local = *match;
    }
    return std::nullopt;
}

std::vector<qint64> Recurrence::between(qint64 fromMs, qint64 toMs, int limit, bool *truncated) const
{
    std::vector<qint64> out;
    if (truncated)
        *truncated = false;
    std::optional<qint64> at = next(fromMs - 1);
    while (at && *at < toMs) {
        if (int(out.size()) >= limit) {
            if (truncated)
                *truncated = true;
            break;
        }
        out.push_back(*at);
        at = next(*at);
    }
    return out;
}

QString Recurrence::describe() const
{
    switch (m_kind) {
    case Kind::Cron:
        return CronDescriber::describe(*m_cron);
    case Kind::Interval:
        return QStringLiteral("Every %1, from %2").arg(CronDescriber::describeInterval(m_everyMs),
                                                       formatLocalIso(m_anchorMs, *m_zone));
    case Kind::Once: {
        const CivilTime c = CivilTime::fromLocalSeconds(Civil::floorDiv(m_anchorMs, 1000)
                                                        + m_zone->offsetAt(Civil::floorDiv(m_anchorMs, 1000)));
        return QStringLiteral("Once, on %1-%2-%3 at %4:%5")
            .arg(c.year, 4, 10, QLatin1Char('0'))
            .arg(c.month, 2, 10, QLatin1Char('0'))
            .arg(c.day, 2, 10, QLatin1Char('0'))
            .arg(c.hour, 2, 10, QLatin1Char('0'))
            .arg(c.minute, 2, 10, QLatin1Char('0'));
    }
    }
    return {};
}

QString formatLocalIso(qint64 epochMs, const ZoneRules &zone)
{
    const qint64 seconds = Civil::floorDiv(epochMs, 1000);
    const int offset = zone.offsetAt(seconds);
    const CivilTime c = CivilTime::fromLocalSeconds(seconds + offset);
    const int absOffset = offset < 0 ? -offset : offset;
    return QStringLiteral("%1-%2-%3T%4:%5:%6%7%8:%9")
        .arg(c.year, 4, 10, QLatin1Char('0'))
        .arg(c.month, 2, 10, QLatin1Char('0'))
        .arg(c.day, 2, 10, QLatin1Char('0'))
        .arg(c.hour, 2, 10, QLatin1Char('0'))
        .arg(c.minute, 2, 10, QLatin1Char('0'))
        .arg(c.second, 2, 10, QLatin1Char('0'))
        .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(absOffset / 3600, 2, 10, QLatin1Char('0'))
        .arg(absOffset / 60 % 60, 2, 10, QLatin1Char('0'));
}

} // namespace jobdeck
