#pragma once

#include <QStringList>

namespace jobdeck {

class PostgresConnection;

// Jobdeck's tables in a PostgreSQL database, in a schema of their own ("jobdeck") so they sit beside other
// applications' tables without clashing. Migrations are numbered like SQLite's and applied under an advisory
// lock, so runners that start together migrate once: the others wait, then find the work done.
class PostgresSchema {
public:
    static constexpr const char *kSchema = "jobdeck";

    static int latestVersion();
    // The version the database is at (0: no Jobdeck tables yet). Throws StoreError.
    static int currentVersion(PostgresConnection &connection);
    // Brings the database to the latest version in one transaction. Throws StoreError (NewerSchema when a
    // newer Jobdeck wrote it). Returns how many migrations this call applied.
    static int migrate(PostgresConnection &connection);

    // The tables that hold data, parents before children (the order a copy fills them in).
    static QStringList dataTables();
};

} // namespace jobdeck
