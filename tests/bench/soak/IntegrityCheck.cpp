#include "IntegrityCheck.h"

#include <QStringList>
#include <sqlite3.h>

namespace jobdeck::soak {

IntegrityResult checkIntegrity(const QString &path)
{
    IntegrityResult result;
    sqlite3 *db = nullptr;
    const QByteArray file = path.toUtf8();
    if (sqlite3_open_v2(file.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        result.detail = QStringLiteral("cannot open: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_close(db);
        return result;
    }
    sqlite3_busy_timeout(db, 10'000); // a step script's `jobdeck show` may still be reading
    sqlite3_stmt *statement = nullptr;
    QStringList complaints;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) != SQLITE_OK) {
        result.detail = QStringLiteral("cannot check: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)));
    } else {
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
            complaints << QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
        if (rc != SQLITE_DONE)
            result.detail = QStringLiteral("check failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)));
        else if (complaints == QStringList{QStringLiteral("ok")})
            result.ok = true;
        else
            result.detail = complaints.value(0);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return result;
}

} // namespace jobdeck::soak
