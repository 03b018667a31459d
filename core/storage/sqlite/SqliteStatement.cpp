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

void SqliteStatement::bindValue(int index, qint64 value)
{
    ready();
    sqlite3_bind_int64(m_statement, index + 1, value);
}

void SqliteStatement::bindValue(int index, double value)
{
    ready();
    sqlite3_bind_double(m_statement, index + 1, value);
}

void SqliteStatement::bindValue(int index, const QString &value)
{
    ready();
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_statement, index + 1, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindValue(int index, const QByteArray &value)
{
    ready();
    sqlite3_bind_text(m_statement, index + 1, value.constData(), int(value.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindValue(int index, const QVariant &value)
{
    if (value.isNull()) {
        ready();
        sqlite3_bind_null(m_statement, index + 1);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Bool:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        bindValue(index, value.toLongLong());
        break;
    case QMetaType::Double:
        bindValue(index, value.toDouble());
        break;
    default:
        bindValue(index, value.toString());
    }
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

qint64 SqliteStatement::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

qint64 SqliteStatement::Column::toLongLong() const
{
    return sqlite3_column_int64(m_statement, m_index);
}

double SqliteStatement::Column::toDouble() const
{
    return sqlite3_column_double(m_statement, m_index);
}

QByteArray SqliteStatement::Column::toUtf8() const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, m_index));
    return text ? QByteArray(text, sqlite3_column_bytes(m_statement, m_index)) : QByteArray();
}

QString SqliteStatement::Column::toString() const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, m_index));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(m_statement, m_index)) : QString();
}

bool SqliteStatement::Column::isNull() const
{
    return sqlite3_column_type(m_statement, m_index) == SQLITE_NULL;
}

} // namespace jobdeck
