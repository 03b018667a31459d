#pragma once

#include "PostgresUrl.h"

#include <QString>
#include <functional>
#include <vector>

namespace jobdeck {

// Copies a Jobdeck SQLite database into an empty PostgreSQL database (`jobdeck db migrate --to`): every
// table's rows from one snapshot of the file, in one PostgreSQL transaction, so the target ends up either
// complete or untouched.
class SqliteToPostgres {
public:
    struct TableCount {
        QString table;
        qint64 rows = 0;
    };
    struct Options {
        qint64 nowMs = 0;
        // A runner whose heartbeat is younger than this is taken for alive: its jobs would go on changing in
        // the file after the copy, so the copy is refused while it runs.
        qint64 runnerSilenceMs = 90'000;
        // Told each table's count as it is copied.
        std::function<void(const TableCount &)> copied;
    };

    // Throws StoreError: the source cannot be opened or a runner is live on it (Busy), the target cannot be
    // reached, already holds Jobdeck data (Other), or refuses a row. Returns the rows copied per table.
    static std::vector<TableCount> copy(const QString &sqlitePath, const PostgresUrl &target,
                                        const Options &options);
};

} // namespace jobdeck
