#include "SqliteConnection.h"

#include "SqliteErrors.h"
#include "storage/postgres/PostgresConnection.h"
#include "storage/postgres/PostgresDialect.h"
#include "storage/postgres/PostgresSchema.h"
#include "storage/postgres/PostgresUrl.h"

#include <QSqlDriver>
#include <QSqlError>
#include <libpq-fe.h>
#include <atomic>

namespace jobdeck {

namespace {
std::atomic<int> s_connectionCounter{0};
}

SqliteConnection::SqliteConnection(const QString &path, Mode mode, int busyTimeoutMs)
    : m_name(QStringLiteral("jobdeck-%1").arg(s_connectionCounter.fetch_add(1)))
{
    if (PostgresUrl::isPostgres(path)) {
        openPostgres(path, mode);
        return;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setDatabaseName(path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (mode == Mode::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    m_db.setConnectOptions(options);
    m_db.open();
}

void SqliteConnection::openPostgres(const QString &text, Mode mode)
{
    m_postgres = true;
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    const auto url = PostgresUrl::parse(text, &m_openError);
    if (!url)
        return;
    // Defaults the URL may override, as the writer's connection has them.
    QStringList options;
    for (const auto &[key, value] : PostgresUrl::defaults())
        options << QStringLiteral("%1=%2").arg(QString::fromLatin1(key), QString::fromLatin1(value));
    for (const auto &[key, value] : url->settings()) {
        const QString v = QString::fromUtf8(value);
        if (key == "host")
            m_db.setHostName(v);
        else if (key == "port")
            m_db.setPort(v.toInt());
        else if (key == "dbname")
            m_db.setDatabaseName(v);
        else if (key == "user")
            m_db.setUserName(v);
        else if (key == "password")
            m_db.setPassword(v);
        else
            options << QStringLiteral("%1=%2").arg(QString::fromUtf8(key), v);
    }
    m_db.setConnectOptions(options.join(u';'));
    m_readOnly = mode == Mode::ReadOnly;
    m_url = url;
    connectToServer();
}

bool SqliteConnection::connectToServer()
{
    if (!m_db.open()) {
        m_openError = QStringLiteral("cannot connect to %1: %2").arg(m_url->display(), m_url->scrub(m_db.lastError().databaseText().trimmed()));
        // The next try waits a little: a server out of reach is not asked again on every read.
        m_nextTry = QDeadlineTimer(kRetryMs);
        return false;
    }
    QSqlQuery setup(m_db);
    // Without its schema the connection would read nothing; a reader must not be able to write.
    if (!setup.exec(QStringLiteral("SET search_path = %1").arg(QLatin1String(PostgresSchema::kSchema)))
        || (m_readOnly && !setup.exec(QStringLiteral("SET default_transaction_read_only = on")))) {
        m_openError = QStringLiteral("cannot set up the connection to %1: %2").arg(m_url->display(), setup.lastError().databaseText().trimmed());
        m_db.close();
        m_nextTry = QDeadlineTimer(kRetryMs);
        return false;
    }
    m_openError.clear();
    return true;
}

bool SqliteConnection::reconnectIfLost()
{
    if (!m_url)
        return false;
    if (m_db.isOpen()) {
        // Qt's driver does not notice a connection the server cut (a restart, a network drop): libpq does.
        const QVariant handle = m_db.driver()->handle();
        if (qstrcmp(handle.typeName(), "PGconn*") != 0)
            return false;
        const auto *connection = *static_cast<PGconn *const *>(handle.constData());
        if (connection && PQstatus(connection) != CONNECTION_BAD)
            return false;
        m_db.close();
    } else if (!m_nextTry.hasExpired()) {
        return false;
    }
    return connectToServer();
}

SqliteConnection::~SqliteConnection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

StoreErrorCode SqliteConnection::openErrorCode() const
{
    if (m_postgres)
        return m_db.isOpen() ? StoreErrorCode::Other : StoreErrorCode::CantOpen;
    return storeErrorCode(m_db.lastError());
}

QString SqliteConnection::openError() const
{
    return m_postgres && !m_openError.isEmpty() ? m_openError : m_db.lastError().text();
}

const QString &SqliteConnection::dialect(const QString &sql)
{
    if (!m_postgres)
        return sql;
    auto it = m_translated.find(sql);
    if (it == m_translated.end())
        it = m_translated.insert(sql, PostgresDialect::translate(sql));
    return *it;
}

void SqliteConnection::fail(const QSqlError &error) const
{
    if (m_postgres)
        throw StoreError(error.text(), PostgresConnection::codeOf(error.nativeErrorCode().toLatin1()));
    throw StoreError(error.text(), storeErrorCode(error));
}

QSqlQuery SqliteConnection::reconnecting(const std::function<bool(QSqlQuery &)> &statement)
{
    // A server that was away at the last try is tried again first.
    if (m_postgres && !m_db.isOpen() && !reconnectIfLost())
        throw StoreError(m_openError, StoreErrorCode::CantOpen);
    for (bool retried = false;; retried = true) {
        QSqlQuery query(m_db);
        if (statement(query))
            return query;
        if (retried || !reconnectIfLost()) {
            if (m_postgres && !m_db.isOpen())
                throw StoreError(m_openError, StoreErrorCode::CantOpen);
            fail(query.lastError());
        }
    }
}

QSqlQuery SqliteConnection::exec(const QString &sql)
{
    return reconnecting([&](QSqlQuery &query) { return query.exec(dialect(sql)); });
}

QSqlQuery SqliteConnection::prepare(const QString &sql)
{
    return reconnecting([&](QSqlQuery &query) { return query.prepare(dialect(sql)); });
}

QSqlQuery SqliteConnection::run(const QString &sql, const QVariantList &values)
{
    return reconnecting([&](QSqlQuery &query) {
        if (!query.prepare(dialect(sql)))
            return false;
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values[i]);
        return query.exec();
    });
}

void execPrepared(QSqlQuery &query)
{
    if (!query.exec())
        throw StoreError(query.lastError().text(), storeErrorCode(query.lastError()));
}

} // namespace jobdeck
