#pragma once

#include "storage/StoreError.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace jobdeck {

enum class Durability { Full, Normal };

// A Qt SQL connection owned by the thread that made it. Removed from Qt's registry on destruction.
class SqliteConnection {
public:
    enum class Mode { ReadWrite, ReadOnly };
    SqliteConnection(const QString &path, Mode mode, int busyTimeoutMs = 5000);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    QString openError() const { return m_db.lastError().text(); }
    StoreErrorCode openErrorCode() const;
    QSqlDatabase &db() { return m_db; }

    // Runs one statement; throws StoreError on failure.
    QSqlQuery exec(const QString &sql);
    QSqlQuery prepare(const QString &sql);
    // Prepares, binds the values in order and runs; throws StoreError on failure.
    QSqlQuery run(const QString &sql, const QVariantList &values = {});

private:
    QString m_name;
    QSqlDatabase m_db;
};

// Throws StoreError naming the statement and the driver's message.
void execPrepared(QSqlQuery &query);

} // namespace jobdeck
