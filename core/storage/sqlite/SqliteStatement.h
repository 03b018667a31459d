#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

struct sqlite3;
struct sqlite3_stmt;

namespace jobdeck {

// A prepared statement on the writer's native connection, shaped like QSqlQuery.
// The writer uses it because it is the throughput bottleneck: binding through QVariant and Qt's placeholder
// map cost more than the SQL itself. Used by one thread; indexes are 0-based as in QSqlQuery.
class SqliteStatement {
public:
    SqliteStatement(sqlite3 *db, const QString &sql); // throws StoreError
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    void bindValue(int index, qint64 value);
    void bindValue(int index, int value) { bindValue(index, qint64(value)); }
    void bindValue(int index, bool value) { bindValue(index, qint64(value ? 1 : 0)); }
    void bindValue(int index, double value);
    void bindValue(int index, const QString &value);     // always text (a null QString binds ''); NULL is QVariant()
    void bindValue(int index, const QByteArray &value);  // as UTF-8 text
    void bindValue(int index, const QVariant &value);    // null, integer, double or text

    // Runs the statement; rows, if any, are then read with next(). Throws StoreError.
    void exec();
    bool next();
    // Ends the statement early, releasing what it holds.
    void finish();

    class Column {
    public:
        Column(sqlite3_stmt *statement, int index) : m_statement(statement), m_index(index) {}
        qint64 toLongLong() const;
        int toInt() const { return int(toLongLong()); }
        bool toBool() const { return toLongLong() != 0; }
        double toDouble() const;
        QString toString() const;
        QByteArray toUtf8() const;
        bool isNull() const;

    private:
        sqlite3_stmt *m_statement;
        int m_index;
    };
    Column value(int index) const { return {m_statement, index}; }

    int numRowsAffected() const { return m_changes; }
    qint64 lastInsertId() const;

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
