#pragma once

#include "PostgresResult.h"
#include "storage/sql/SqlStatement.h"

#include <QHash>
#include <memory>
#include <optional>
#include <vector>

namespace jobdeck {

class PostgresConnection;

// A statement of the writer's PostgreSQL connection: prepared once on the server, executed with its parameters as
// text, its result read whole.
class PostgresStatement final : public SqlStatement {
public:
    PostgresStatement(PostgresConnection &connection, QByteArray name, const QString &sql); // throws StoreError

    using SqlStatement::bindValue;
    void exec() override;
    bool next() override;
    void finish() override;
    int numRowsAffected() const override { return m_changes; }

protected:
    void bindNull(int index) override;
    void bindInteger(int index, qint64 value) override;
    void bindReal(int index, double value) override;
    void bindText(int index, const QByteArray &utf8) override;
    qint64 integerAt(int index) const override;
    double realAt(int index) const override;
    QByteArray textAt(int index) const override;
    bool isNullAt(int index) const override;

private:
    void bind(int index, QByteArray value);

    PostgresConnection &m_connection;
    QByteArray m_name;
    std::vector<QByteArray> m_parameters; // a null QByteArray is NULL
    std::optional<PostgresResult> m_result;
    int m_row = -1;
    int m_changes = 0;
};

// The writer's statements on PostgreSQL: the mutations' SQL, translated from SQLite's dialect and prepared once.
class PostgresStatementCache final : public SqlStatementCache {
public:
    explicit PostgresStatementCache(PostgresConnection &connection) : m_connection(connection) {}

    SqlStatement &get(const QString &sql) override;
    SqlDialect dialect() const override { return SqlDialect::Postgres; }

private:
    PostgresConnection &m_connection;
    QHash<QString, std::shared_ptr<PostgresStatement>> m_statements;
};

} // namespace jobdeck
