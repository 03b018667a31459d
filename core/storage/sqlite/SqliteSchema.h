#pragma once

namespace jobdeck {

class SqliteConnection;

// Numbered migrations, applied in order at open; PRAGMA user_version holds the last one applied.
class SqliteSchema {
public:
    static constexpr int kApplicationId = 0x4A4F4244; // "JOBD"
    static int latestVersion();
    // Brings the database to the latest version in one transaction. Throws StoreError.
    static void migrate(SqliteConnection &connection);
};

} // namespace jobdeck
