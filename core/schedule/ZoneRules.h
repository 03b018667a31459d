#pragma once

#include <QByteArray>
#include <QDate>
#include <QTime>
#include <QString>
#include <QTimeZone>
#include <memory>
#include <optional>
#include <vector>

namespace jobdeck {

// A time zone's UTC offsets as a table of transitions, read once from the system's tz database, so that
// placing a wall-clock time on the time line is a binary search rather than a QDateTime conversion.
// Immutable after construction, hence thread-safe; share them through forZone().
class ZoneRules {
public:
    // How a wall-clock time maps to instants (UTC seconds).
    struct Placement {
        enum class Kind {
            Unique, // once: `first`
            Gap,    // never (clocks jumped forward over it): `first` is the first valid instant after the gap
            Fold,   // twice (clocks went back): `first` in the earlier pass, `second` in the later one
        };
        Kind kind = Kind::Unique;
        qint64 first = 0;
        qint64 second = 0;
    };
    // A change of offset where clocks go back: wall-clock times in [atUtc + newOffset, atUtc + oldOffset) occur twice.
    struct Fold {
        qint64 atUtc = 0;
        int oldOffset = 0;
        int newOffset = 0;
    };

    explicit ZoneRules(const QTimeZone &zone);

    // The rules of an IANA zone ("Europe/Berlin"), cached per process; null for an unknown zone.
    static std::shared_ptr<const ZoneRules> forZone(const QString &ianaId);
    // The system's zone id (an IANA name where the system has one).
    static QString systemZoneId();
    static bool isKnownZone(const QString &ianaId);
    // "Europe/Berlin" style names of the system's zones, sorted, and UTC: what a user picks from.
    static QStringList regionZoneIds();

    QString id() const { return m_id; }
    // Seconds east of UTC at an instant.
    int offsetAt(qint64 utcSeconds) const;
    // The wall-clock date and time of day of an instant (epoch ms) in this zone.
    QDate dateAt(qint64 epochMs) const;
    QTime timeAt(qint64 epochMs) const;
    Placement place(qint64 localSeconds) const;
    // The fold whose earlier pass contains the instant, if any.
    std::optional<Fold> foldContaining(qint64 utcSeconds) const;
    // Instants in [fromUtc, toUtc) where the offset changes, with the offset after each.
    std::vector<std::pair<qint64, int>> changesBetween(qint64 fromUtc, qint64 toUtc) const;

private:
    // Index of the segment (offset period) containing the instant.
    size_t segmentAt(qint64 utcSeconds) const;

    QString m_id;
    std::vector<qint64> m_starts; // segment i starts at m_starts[i]; the first starts at the beginning of time
    std::vector<int> m_offsets;   // offset during segment i
};

} // namespace jobdeck
