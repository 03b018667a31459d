#include "SqliteHandle.h"

#include "SqliteErrors.h"

#include <algorithm>
#include <chrono>
#include <sqlite3.h>
#include <thread>

namespace jobdeck {

SqliteHandle::SqliteHandle(const QString &path, int busyTimeoutMs) : m_busyTimeoutMs(busyTimeoutMs)
{
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        const QString message = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError(message, storeErrorCode(rc));
    }
    sqlite3_busy_handler(m_db, &SqliteHandle::busyWait, this);
}

// SQLite's own busy timeout sleeps 1, 2, 5, 10 ms and more between tries, while another process's write transaction
// here (an enqueue, a claim) holds the lock for well under a millisecond: the writer would sleep many times longer
// than the lock is held, and a job enqueued by another process would start that much later. So it tries again every
// 100 µs for the first few milliseconds, then backs off, and gives up when the busy timeout has passed.
int SqliteHandle::busyWait(void *handle, int tries)
{
    auto *self = static_cast<SqliteHandle *>(handle);
    if (tries == 0)
        self->m_busySince.start();
    const qint64 waitedMs = self->m_busySince.elapsed();
    if (waitedMs >= self->m_busyTimeoutMs)
        return 0;
    const qint64 pauseUs = waitedMs < 5 ? 100 : std::min<qint64>(10'000, waitedMs * 250);
    std::this_thread::sleep_for(std::chrono::microseconds(std::min(pauseUs, (self->m_busyTimeoutMs - waitedMs) * 1000)));
    return 1;
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
