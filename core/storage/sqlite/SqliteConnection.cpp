#include "SqliteConnection.h"

#include "SqliteErrors.h"

#include <QSqlError>
#include <atomic>

namespace jobdeck {

namespace {
std::atomic<int> s_connectionCounter{0};
}

SqliteConnection::SqliteConnection(const QString &path, Mode mode, int busyTimeoutMs)
    : m_name(QStringLiteral("jobdeck-%1").arg(s_connectionCounter.fetch_add(1)))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setDatabaseName(path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (mode == Mode::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    m_db.setConnectOptions(options);
    m_db.open();
}

SqliteConnection::~SqliteConnection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

StoreErrorCode SqliteConnection::openErrorCode() const
{
    return storeErrorCode(m_db.lastError());
}

QSqlQuery SqliteConnection::exec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        throw StoreError(query.lastError().text(), storeErrorCode(query.lastError()));
    return query;
}

QSqlQuery SqliteConnection::prepare(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.prepare(sql))
        throw StoreError(query.lastError().text(), storeErrorCode(query.lastError()));
    return query;
}

QSqlQuery SqliteConnection::run(const QString &sql, const QVariantList &values)
{
    QSqlQuery q = prepare(sql);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    execPrepared(q);
    return q;
}

void execPrepared(QSqlQuery &query)
{
    if (!query.exec())
        throw StoreError(query.lastError().text(), storeErrorCode(query.lastError()));
}

} // namespace jobdeck
