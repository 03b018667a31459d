#pragma once

#include "SqliteStatement.h"

#include <QHash>
#include <memory>

namespace jobdeck {

// Statements of the writer's SQLite connection, prepared once and reused by SQL text. Writer thread only.
class SqliteStatementCache final : public SqlStatementCache {
public:
    explicit SqliteStatementCache(sqlite3 *db) : m_db(db) {}

    SqlStatement &get(const QString &sql) override;
    SqlDialect dialect() const override { return SqlDialect::Sqlite; }

private:
    sqlite3 *m_db;
    QHash<QString, std::shared_ptr<SqliteStatement>> m_statements;
};

} // namespace jobdeck
