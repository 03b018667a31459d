#pragma once

namespace jobdeck {

class SqliteConnection;

// Numbered migrations, applied in order at open; PRAGMA user_version holds the last one applied.
class SqliteSchema {
public:
    static constexpr int kApplicationId = 0x4A4F4244; // "JOBD"
    static int latestVersion();
    // Brings the database to `version` (the latest unless a test needs an older file) in one transaction.
    // Throws StoreError.
    static void migrate(SqliteConnection &connection, int version = latestVersion());
    // Fills an empty job_counts from the jobs table: at the migration that introduced it, and after a bulk
    // load that bypassed the writer (which keeps the counts from then on).
    static constexpr const char *kRecountSql =
        "INSERT INTO job_counts (queue, kind, state, n) SELECT queue, kind, state, count(*) FROM jobs "
        "GROUP BY queue, kind, state";
};

} // namespace jobdeck
