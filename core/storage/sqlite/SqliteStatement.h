#pragma once

#include "storage/sql/SqlStatement.h"

struct sqlite3;
struct sqlite3_stmt;

namespace jobdeck {

// A statement on the writer's native SQLite connection.
class SqliteStatement final : public SqlStatement {
public:
    SqliteStatement(sqlite3 *db, const QString &sql); // throws StoreError
    ~SqliteStatement() override;

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
    [[noreturn]] void fail(const char *what) const;
    void ready();

    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    bool m_active = false;     // stepped and not yet reset
    bool m_pendingRow = false; // exec() stepped onto a row that next() has not handed out
    int m_changes = 0;
};

} // namespace jobdeck
