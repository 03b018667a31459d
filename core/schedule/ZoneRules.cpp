#include "ZoneRules.h"

#include "CivilTime.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QStringList>
#include <algorithm>
#include <limits>

namespace jobdeck {

namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;
// Qt's tz backend lists a zone's future transitions only up to 2037 in one request, but computes later ones
// from the zone's rule when asked for a window; so the table is read a window at a time.
constexpr int kWindowYears = 20;

QDateTime utcStartOfYear(int year)
{
    return QDateTime(QDate(year, 1, 1), QTime(0, 0), Qt::UTC);
}

} // namespace

ZoneRules::ZoneRules(const QTimeZone &zone) : m_id(QString::fromUtf8(zone.id()))
{
    m_starts.push_back(std::numeric_limits<qint64>::min());
    m_offsets.push_back(zone.offsetFromUtc(utcStartOfYear(kFirstYear)));
    for (int year = kFirstYear; year < kLastYear; year += kWindowYears) {
        const auto list = zone.transitions(utcStartOfYear(year), utcStartOfYear(year + kWindowYears).addSecs(-1));
        for (const QTimeZone::OffsetData &t : list) {
            const qint64 at = t.atUtc.toSecsSinceEpoch();
            // Changes of name or of the standard/daylight split alone do not move the clock.
            if (at <= m_starts.back() || t.offsetFromUtc == m_offsets.back())
                continue;
            m_starts.push_back(at);
            m_offsets.push_back(t.offsetFromUtc);
        }
    }
}

std::shared_ptr<const ZoneRules> ZoneRules::forZone(const QString &ianaId)
{
    static QMutex s_mutex;
    static QHash<QString, std::shared_ptr<const ZoneRules>> s_cache;
    QMutexLocker lock(&s_mutex);
    const auto it = s_cache.constFind(ianaId);
    if (it != s_cache.constEnd())
        return *it;
    if (!isKnownZone(ianaId))
        return nullptr;
    auto rules = std::make_shared<const ZoneRules>(QTimeZone(ianaId.toUtf8()));
    s_cache.insert(ianaId, rules);
    return rules;
}

QString ZoneRules::systemZoneId()
{
    const QByteArray id = QTimeZone::systemTimeZoneId();
    return id.isEmpty() ? QStringLiteral("UTC") : QString::fromUtf8(id);
}

bool ZoneRules::isKnownZone(const QString &ianaId)
{
    if (ianaId.isEmpty() || ianaId.contains(QLatin1String("..")))
        return false;
    const QByteArray id = ianaId.toUtf8();
    if (QTimeZone::isTimeZoneIdAvailable(id))
        return true;
    // Qt lists only the zones of zone1970.tab; aliases such as Etc/UTC (often the system's own zone) are in the
    // database too. Qt would also accept POSIX rules like "FOO+3", which are not zone names.
    return QTimeZone(id).isValid() && QFile::exists(QStringLiteral("/usr/share/zoneinfo/") + ianaId);
}

QStringList ZoneRules::regionZoneIds()
{
    QStringList names;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds()) {
        // Region/City names only: aliases and POSIX-style names would only clutter a list.
        if (id.contains('/') && !id.startsWith("Etc/"))
            names << QString::fromUtf8(id);
    }
    names << QStringLiteral("UTC");
    names.sort();
    return names;
}

size_t ZoneRules::segmentAt(qint64 utcSeconds) const
{
    const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), utcSeconds);
    return size_t(it - m_starts.begin()) - 1;
}

int ZoneRules::offsetAt(qint64 utcSeconds) const
{
    return m_offsets[segmentAt(utcSeconds)];
}

QDate ZoneRules::dateAt(qint64 epochMs) const
{
    const qint64 seconds = Civil::floorDiv(epochMs, 1000);
    const CivilTime c = CivilTime::fromLocalSeconds(seconds + offsetAt(seconds));
    return QDate(c.year, c.month, c.day);
}

QTime ZoneRules::timeAt(qint64 epochMs) const
{
    const qint64 seconds = Civil::floorDiv(epochMs, 1000);
    const CivilTime c = CivilTime::fromLocalSeconds(seconds + offsetAt(seconds));
    return QTime(c.hour, c.minute, c.second);
}

ZoneRules::Placement ZoneRules::place(qint64 localSeconds) const
{
    // Offsets stay within a day of UTC and transitions are far apart, so only the segments around the one the
    // local time would fall in as if it were UTC can contain it.
    const size_t guess = segmentAt(localSeconds);
    const size_t from = guess >= 2 ? guess - 2 : 0;
    const size_t to = std::min(m_starts.size(), guess + 3);
    Placement p;
    int found = 0;
    for (size_t i = from; i < to; ++i) {
        const qint64 utc = localSeconds - m_offsets[i];
        const bool after = utc >= m_starts[i];
        const bool before = i + 1 == m_starts.size() || utc < m_starts[i + 1];
        if (!after || !before)
            continue;
        if (found++ == 0)
            p.first = utc;
        else
            p.second = utc;
    }
    if (found == 2) {
        p.kind = Placement::Kind::Fold;
        return p;
    }
    if (found == 1)
        return p;
    // In a gap: the first instant after it is the transition that opened it, the first start whose local
    // time under the new offset lies beyond this wall-clock time.
    p.kind = Placement::Kind::Gap;
    for (size_t i = std::max<size_t>(from, 1); i < to; ++i) {
        if (m_starts[i] + m_offsets[i] > localSeconds) {
            p.first = m_starts[i];
            return p;
        }
    }
    p.first = localSeconds - m_offsets[guess];
    return p;
}

std::optional<ZoneRules::Fold> ZoneRules::foldContaining(qint64 utcSeconds) const
{
    const size_t next = segmentAt(utcSeconds) + 1;
    if (next >= m_starts.size())
        return std::nullopt;
    const int oldOffset = m_offsets[next - 1];
    const int newOffset = m_offsets[next];
    if (newOffset >= oldOffset || utcSeconds < m_starts[next] - (oldOffset - newOffset))
        return std::nullopt;
    return Fold{m_starts[next], oldOffset, newOffset};
}

std::vector<std::pair<qint64, int>> ZoneRules::changesBetween(qint64 fromUtc, qint64 toUtc) const
{
    std::vector<std::pair<qint64, int>> out;
    for (size_t i = segmentAt(fromUtc) + 1; i < m_starts.size() && m_starts[i] < toUtc; ++i) {
        if (m_starts[i] >= fromUtc)
            out.emplace_back(m_starts[i], m_offsets[i]);
    }
    return out;
}

} // namespace jobdeck
