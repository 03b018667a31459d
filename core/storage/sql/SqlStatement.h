#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

namespace jobdeck {

// A prepared statement of the writer, shaped like QSqlQuery, over either backend's native connection. The
// mutations are written once against it; each backend binds and reads in its own library (SQLite's C API,
// libpq), because binding through QVariant and Qt's placeholder map cost more than the SQL itself. Used by one
// thread; indexes are 0-based as in QSqlQuery. Rows that a statement inserts come back with RETURNING.
class SqlStatement {
public:
    virtual ~SqlStatement() = default;
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;

    void bindValue(int index, qint64 value) { bindInteger(index, value); }
    void bindValue(int index, int value) { bindInteger(index, value); }
    void bindValue(int index, bool value) { bindInteger(index, value ? 1 : 0); }
    void bindValue(int index, double value) { bindReal(index, value); }
    void bindValue(int index, const QString &value) { bindText(index, value.toUtf8()); } // a null QString binds ''
    void bindValue(int index, const QByteArray &value) { bindText(index, value); }       // as UTF-8 text
    void bindValue(int index, const QVariant &value);                                      // null, integer, double or text

    // Runs the statement; rows, if any, are then read with next(). Throws StoreError.
    virtual void exec() = 0;
    virtual bool next() = 0;
    // Ends the statement early, releasing what it holds.
    virtual void finish() = 0;

    class Column {
    public:
        Column(const SqlStatement &statement, int index) : m_statement(statement), m_index(index) {}
        qint64 toLongLong() const { return m_statement.integerAt(m_index); }
        int toInt() const { return int(toLongLong()); }
        bool toBool() const { return toLongLong() != 0; }
        double toDouble() const { return m_statement.realAt(m_index); }
        QString toString() const { return QString::fromUtf8(toUtf8()); }
        QByteArray toUtf8() const { return m_statement.textAt(m_index); }
        bool isNull() const { return m_statement.isNullAt(m_index); }

    private:
        const SqlStatement &m_statement;
        int m_index;
    };
    Column value(int index) const { return {*this, index}; }

    // Rows the last finished INSERT, UPDATE or DELETE changed.
    virtual int numRowsAffected() const = 0;

protected:
    SqlStatement() = default;
    virtual void bindNull(int index) = 0;
    virtual void bindInteger(int index, qint64 value) = 0;
    virtual void bindReal(int index, double value) = 0;
    virtual void bindText(int index, const QByteArray &utf8) = 0;
    // The current row's column; a NULL reads as 0 or empty.
    virtual qint64 integerAt(int index) const = 0;
    virtual double realAt(int index) const = 0;
    virtual QByteArray textAt(int index) const = 0;
    virtual bool isNullAt(int index) const = 0;
};

enum class SqlDialect { Sqlite, Postgres };

// The writer's statements, prepared once and reused by SQL text (SQLite's dialect). Writer thread only.
class SqlStatementCache {
public:
    virtual ~SqlStatementCache() = default;
    virtual SqlStatement &get(const QString &sql) = 0;
    // Where the SQL runs, for the few statements written apart for PostgreSQL.
    virtual SqlDialect dialect() const = 0;
};

} // namespace jobdeck
