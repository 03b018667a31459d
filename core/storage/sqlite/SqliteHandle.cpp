#include "SqliteHandle.h"

#include "SqliteErrors.h"

#include <sqlite3.h>

namespace jobdeck {

SqliteHandle::SqliteHandle(const QString &path, int busyTimeoutMs)
{
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        const QString message = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError(message, storeErrorCode(rc));
    }
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
}

SqliteHandle::~SqliteHandle()
{
    sqlite3_close_v2(m_db);
}

void SqliteHandle::exec(const char *sql)
{
    char *error = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const QString message = QString::fromUtf8(error ? error : sqlite3_errmsg(m_db));
        sqlite3_free(error);
        throw StoreError(message, storeErrorCode(rc));
    }
}

qint64 SqliteHandle::pragmaValue(const char *pragma)
{
    sqlite3_stmt *statement = nullptr;
    if (const int rc = sqlite3_prepare_v2(m_db, pragma, -1, &statement, nullptr); rc != SQLITE_OK)
        throw StoreError(QString::fromUtf8(sqlite3_errmsg(m_db)), storeErrorCode(rc));
    const int rc = sqlite3_step(statement);
    const qint64 value = rc == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : 0;
    sqlite3_finalize(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        throw StoreError(QString::fromUtf8(sqlite3_errmsg(m_db)), storeErrorCode(rc));
    return value;
}

void SqliteHandle::rollback() noexcept
{
    if (!sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

} // namespace jobdeck
