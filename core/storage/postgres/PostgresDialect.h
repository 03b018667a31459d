#pragma once

#include <QString>

namespace jobdeck {

// The writer's and readers' SQL is written once, in SQLite's dialect; PostgreSQL runs it through this translation,
// applied once per statement text. It rewrites only what has one meaning in both databases, so that a statement
// either means the same after it or fails loudly there: INSERT OR REPLACE, whose PostgreSQL form needs the
// conflicting key, is left as it is for callers to give PostgreSQL a text of its own.
class PostgresDialect {
public:
    static QString translate(const QString &sqliteSql);
};

} // namespace jobdeck
