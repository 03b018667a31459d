#include "SqliteStatement.h"

#include "SqliteErrors.h"

#include <sqlite3.h>

namespace jobdeck {

SqliteStatement::SqliteStatement(sqlite3 *db, const QString &sql) : m_db(db)
{
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK)
        fail("prepare");
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::fail(const char *what) const
{
    throw StoreError(QStringLiteral("%1 (%2 of: %3)")
                         .arg(QString::fromUtf8(sqlite3_errmsg(m_db)), QLatin1String(what),
                              m_statement ? QString::fromUtf8(sqlite3_sql(m_statement)).simplified().left(80)
                                          : QStringLiteral("statement")),
                     storeErrorCode(sqlite3_extended_errcode(m_db)));
}

void SqliteStatement::bindNull(int index)
{
    ready();
    sqlite3_bind_null(m_statement, index + 1);
}

void SqliteStatement::bindInteger(int index, qint64 value)
{
    ready();
    sqlite3_bind_int64(m_statement, index + 1, value);
}

void SqliteStatement::bindReal(int index, double value)
{
    ready();
    sqlite3_bind_double(m_statement, index + 1, value);
}

void SqliteStatement::bindText(int index, const QByteArray &utf8)
{
    ready();
    sqlite3_bind_text(m_statement, index + 1, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::ready()
{
    // SQLite ignores bindings on a statement that ran and was not reset.
    if (m_active) {
        sqlite3_reset(m_statement);
        m_active = false;
        m_pendingRow = false;
    }
}

void SqliteStatement::exec()
{
    ready();
    m_active = true;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        m_pendingRow = true;
    } else if (rc == SQLITE_DONE) {
        m_changes = sqlite3_changes(m_db);
        ready();
    } else {
        ready();
        fail("exec");
    }
}

bool SqliteStatement::next()
{
    if (m_pendingRow) {
        m_pendingRow = false;
        return true;
    }
    if (!m_active)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE) {
        ready();
        fail("step");
    }
    m_changes = sqlite3_changes(m_db);
    ready();
    return false;
}

void SqliteStatement::finish()
{
    ready();
}

qint64 SqliteStatement::integerAt(int index) const
{
    return sqlite3_column_int64(m_statement, index);
}

double SqliteStatement::realAt(int index) const
{
    return sqlite3_column_double(m_statement, index);
}

QByteArray SqliteStatement::textAt(int index) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, index));
    return text ? QByteArray(text, sqlite3_column_bytes(m_statement, index)) : QByteArray();
}

bool SqliteStatement::isNullAt(int index) const
{
    return sqlite3_column_type(m_statement, index) == SQLITE_NULL;
}

} // namespace jobdeck
