#pragma once

#include <QString>

namespace jobdeck::soak {

// `PRAGMA integrity_check` on a database file, through its own connection (opened and closed here, so it
// also replays a write-ahead log a killed process left behind, as the next runner would).
struct IntegrityResult {
    bool ok = false;
    QString detail; // SQLite's first complaint, or why the check could not run
};

IntegrityResult checkIntegrity(const QString &path);

} // namespace jobdeck::soak
