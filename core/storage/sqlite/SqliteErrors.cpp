#include "SqliteErrors.h"

#include "SqliteConnection.h"

#include <QMutex>
#include <QSqlError>
#include <sqlite3.h>

namespace jobdeck {

StoreErrorCode storeErrorCode(int sqliteResultCode)
{
    switch (sqliteResultCode & 0xff) { // the primary code of an extended one
    case SQLITE_BUSY:
        return StoreErrorCode::Busy;
    case SQLITE_LOCKED:
        return StoreErrorCode::Locked;
    case SQLITE_CORRUPT:
        return StoreErrorCode::Corrupt;
    case SQLITE_NOTADB:
        return StoreErrorCode::NotJobdeck;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return StoreErrorCode::ReadOnly;
    case SQLITE_FULL:
        return StoreErrorCode::DiskFull;
    case SQLITE_IOERR:
        return StoreErrorCode::Io;
    case SQLITE_CANTOPEN:
        return StoreErrorCode::CantOpen;
    default:
        return StoreErrorCode::Other;
    }
}

StoreErrorCode storeErrorCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? storeErrorCode(code) : StoreErrorCode::Other;
}

void checkOneSqliteLibrary()
{
    static QMutex s_mutex;
    static bool s_checked = false;
    QMutexLocker lock(&s_mutex);
    if (s_checked)
        return;
    SqliteConnection memory(QStringLiteral(":memory:"), SqliteConnection::Mode::ReadWrite, 0);
    if (!memory.isOpen())
        throw StoreError(QStringLiteral("Qt's SQLite driver cannot open a database: %1").arg(memory.openError()));
    auto q = memory.exec(QStringLiteral("SELECT sqlite_source_id()"));
    const QString driver = q.next() ? q.value(0).toString() : QString();
    q.finish();
    const QString linked = QString::fromUtf8(sqlite3_sourceid());
    if (driver != linked)
        throw StoreError(QStringLiteral("Qt's SQLite driver uses another SQLite library (%1) than Jobdeck (%2); two "
                                        "copies in one process would break database locking")
                             .arg(driver.left(19), linked.left(19)));
    s_checked = true;
}

} // namespace jobdeck
