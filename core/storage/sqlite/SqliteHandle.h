#pragma once

#include <QElapsedTimer>
#include <QString>

struct sqlite3;

namespace jobdeck {

// The writer's own SQLite connection, opened without SQLite's per-call mutex: only the writer thread uses it,
// and that lock was a measurable share of every write.
class SqliteHandle {
public:
    SqliteHandle(const QString &path, int busyTimeoutMs); // throws StoreError
    ~SqliteHandle();
    SqliteHandle(const SqliteHandle &) = delete;
    SqliteHandle &operator=(const SqliteHandle &) = delete;

    sqlite3 *get() const { return m_db; }
    void exec(const char *sql); // throws StoreError
    qint64 pragmaValue(const char *pragma);
    void rollback() noexcept;

private:
    static int busyWait(void *handle, int tries);

    sqlite3 *m_db = nullptr;
    const int m_busyTimeoutMs;
    QElapsedTimer m_busySince;
};

} // namespace jobdeck
