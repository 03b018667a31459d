#pragma once

#include "SqliteStatement.h"

#include <QHash>
#include <memory>

namespace jobdeck {

// Statements of the writer's connection, prepared once and reused by SQL text. Writer thread only.
class SqliteStatementCache {
public:
    explicit SqliteStatementCache(sqlite3 *db) : m_db(db) {}

    SqliteStatement &get(const QString &sql);

private:
    sqlite3 *m_db;
    QHash<QString, std::shared_ptr<SqliteStatement>> m_statements;
};

} // namespace jobdeck
