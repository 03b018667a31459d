#pragma once

#include "storage/StoreError.h"
#include "storage/postgres/PostgresUrl.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <functional>
#include <optional>

namespace jobdeck {

enum class Durability { Full, Normal };

// A Qt SQL connection owned by the thread that made it. Removed from Qt's registry on destruction.
// The readers' SQL is written once, in SQLite's dialect. Given a PostgreSQL URL instead of a file, the connection
// is Qt's PostgreSQL driver in Jobdeck's schema, and the SQL it runs is translated first (PostgresDialect).
class SqliteConnection {
public:
    enum class Mode { ReadWrite, ReadOnly };
    SqliteConnection(const QString &path, Mode mode, int busyTimeoutMs = 5000);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    QString openError() const;
    StoreErrorCode openErrorCode() const;
    QSqlDatabase &db() { return m_db; }
    bool isPostgres() const { return m_postgres; }

    // Runs one statement; throws StoreError on failure.
    QSqlQuery exec(const QString &sql);
    QSqlQuery prepare(const QString &sql);
    // Prepares, binds the values in order and runs; throws StoreError on failure.
    QSqlQuery run(const QString &sql, const QVariantList &values = {});

private:
    void openPostgres(const QString &url, Mode mode);
    // Opens the PostgreSQL connection and sets it up; false with m_openError set when the server cannot be reached.
    bool connectToServer();
    // After a failed statement on PostgreSQL: opens the connection again if the server cut it (or was away at the
    // last try); whether it did.
    bool reconnectIfLost();
    // Runs `statement` on a new query, and once more after reconnectIfLost(); throws StoreError on failure.
    QSqlQuery reconnecting(const std::function<bool(QSqlQuery &)> &statement);
    const QString &dialect(const QString &sql);
    [[noreturn]] void fail(const QSqlError &error) const;

    QString m_name;
    QSqlDatabase m_db;
    bool m_postgres = false;
    bool m_readOnly = false;
    std::optional<PostgresUrl> m_url; // a PostgreSQL connection's, to connect again
    static constexpr int kRetryMs = 1'000;
    QDeadlineTimer m_nextTry{0};      // when a connection that failed may be tried again
    QString m_openError; // a URL that did not parse, or why the last connection to the server failed
    QHash<QString, QString> m_translated;
};

// Throws StoreError naming the statement and the driver's message.
void execPrepared(QSqlQuery &query);

} // namespace jobdeck
