#pragma once

#include <QByteArray>
#include <QString>

struct pg_result;

namespace jobdeck {

// One result of a statement, freed when it goes. Rows and columns are 0-based; values arrive as text, as
// libpq gives them.
class PostgresResult {
public:
    explicit PostgresResult(pg_result *result) : m_result(result) {}
    ~PostgresResult();
    PostgresResult(PostgresResult &&other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    PostgresResult &operator=(PostgresResult &&other) noexcept;
    PostgresResult(const PostgresResult &) = delete;
    PostgresResult &operator=(const PostgresResult &) = delete;

    int rows() const;
    bool isNull(int row, int column) const;
    QString text(int row, int column) const;
    qint64 integer(int row, int column) const;
    QByteArray bytes(int row, int column) const;
    // Whether the column is boolean: PostgreSQL spells those "t" and "f" where SQLite has 1 and 0.
    bool isBoolean(int column) const;
    // The number of rows an INSERT, UPDATE, DELETE or COPY changed.
    qint64 affected() const;

private:
    pg_result *m_result;
};

} // namespace jobdeck
