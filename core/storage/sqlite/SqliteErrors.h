#pragma once

#include "storage/StoreError.h"

class QSqlError;
struct sqlite3;

namespace jobdeck {

// SQLite's result codes as store error codes, from the C API and from Qt's driver (which reports the same codes
// as its native error code).
StoreErrorCode storeErrorCode(int sqliteResultCode);
StoreErrorCode storeErrorCode(const QSqlError &error);

// Two copies of SQLite in one process break its file locking (each keeps its own table of POSIX locks). Throws
// StoreError unless Qt's SQLite driver and the writer's C API are one library; checked once per process.
void checkOneSqliteLibrary();

} // namespace jobdeck
