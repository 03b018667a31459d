#include "PostgresConnection.h"

#include "PostgresSchema.h"

#include <libpq-fe.h>
#include <vector>

namespace jobdeck {

namespace {

QString trimmed(const char *message)
{
    return QString::fromUtf8(message).trimmed();
}

} // namespace

PostgresConnection::PostgresConnection(const PostgresUrl &url) : m_url(url)
{
    // Defaults the URL may override: it comes last, and libpq lets a later setting win.
    const auto defaults = PostgresUrl::defaults();
    const QByteArray connection = url.connectionString();
    std::vector<const char *> keywords;
    std::vector<const char *> values;
    for (const auto &[key, value] : defaults) {
        keywords.push_back(key.constData());
        values.push_back(value.constData());
    }
    keywords.insert(keywords.end(), {"dbname", nullptr});
    values.insert(values.end(), {connection.constData(), nullptr});
    m_conn = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (!m_conn)
        throw StoreError(QStringLiteral("cannot connect to %1: out of memory").arg(url.display()),
                         StoreErrorCode::CantOpen);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const QString message = url.scrub(trimmed(PQerrorMessage(m_conn)));
        PQfinish(m_conn);
        m_conn = nullptr;
        throw StoreError(QStringLiteral("cannot connect to %1: %2").arg(url.display(), message),
                         StoreErrorCode::CantOpen);
    }
    // Messages of the server's own (notices on CREATE … IF NOT EXISTS, say) are not the user's business.
    PQsetNoticeProcessor(
        m_conn, [](void *, const char *) {}, nullptr);
    // Jobdeck's tables live in a schema of their own; names in its SQL are written without it.
    exec(QStringLiteral("SET client_encoding = 'UTF8'; SET search_path = %1")
             .arg(QLatin1String(PostgresSchema::kSchema)));
}

PostgresConnection::~PostgresConnection()
{
    PQfinish(m_conn);
}

StoreErrorCode PostgresConnection::codeOf(const QByteArray &sqlState)
{
    if (sqlState == "40001" || sqlState == "40P01" || sqlState == "55P03" || sqlState == "57P03")
        return StoreErrorCode::Busy;
    if (sqlState == "53100")
        return StoreErrorCode::DiskFull;
    if (sqlState == "25006" || sqlState == "42501")
        return StoreErrorCode::ReadOnly;
    if (sqlState == "XX001" || sqlState == "XX002")
        return StoreErrorCode::Corrupt;
    if (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.startsWith("58") ||
        sqlState.startsWith("53"))
        return StoreErrorCode::Io;
    if (sqlState.startsWith("28") || sqlState == "3D000")
        return StoreErrorCode::CantOpen;
    return StoreErrorCode::Other;
}

void PostgresConnection::fail(pg_result *result, const QString &what)
{
    QByteArray state = result ? QByteArray(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QByteArray();
    QString message = trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn));
    PQclear(result);
    if (message.isEmpty())
        message = trimmed(PQerrorMessage(m_conn));
    // A connection that broke has no SQLSTATE in its result: the connection's status says it.
    if (state.isEmpty() && PQstatus(m_conn) == CONNECTION_BAD)
        state = "08006";
    message = m_url.scrub(message.section(u'\n', 0, 0));
    throw StoreError(QStringLiteral("%1 on %2: %3").arg(what, m_url.display(), message), codeOf(state));
}

PostgresResult PostgresConnection::check(pg_result *result, const QString &sql)
{
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN)
        return PostgresResult(result);
    fail(result, QStringLiteral("\"%1\" failed").arg(sql.simplified().left(60)));
}

PostgresResult PostgresConnection::exec(const QString &sql)
{
    return check(PQexec(m_conn, sql.toUtf8().constData()), sql);
}

PostgresResult PostgresConnection::exec(const QString &sql, const QByteArrayList &parameters)
{
    std::vector<const char *> values;
    values.reserve(size_t(parameters.size()));
    for (const QByteArray &p : parameters)
        values.push_back(p.isNull() ? nullptr : p.constData());
    return check(PQexecParams(m_conn, sql.toUtf8().constData(), int(values.size()), nullptr, values.data(),
                              nullptr, nullptr, 0),
                 sql);
}

void PostgresConnection::prepare(const QByteArray &name, const QString &sql)
{
    check(PQprepare(m_conn, name.constData(), sql.toUtf8().constData(), 0, nullptr), sql);
}

PostgresResult PostgresConnection::execPrepared(const QByteArray &name, const std::vector<QByteArray> &parameters)
{
    std::vector<const char *> values;
    values.reserve(parameters.size());
    for (const QByteArray &p : parameters)
        values.push_back(p.isNull() ? nullptr : p.constData());
    return check(PQexecPrepared(m_conn, name.constData(), int(values.size()), values.data(), nullptr, nullptr, 0),
                 QString::fromLatin1(name));
}

int PostgresConnection::socket() const
{
    return PQsocket(m_conn);
}

std::vector<PostgresConnection::Notification> PostgresConnection::takeNotifications()
{
    if (PQconsumeInput(m_conn) == 0)
        fail(nullptr, QStringLiteral("listening"));
    std::vector<Notification> out;
    while (PGnotify *n = PQnotifies(m_conn)) {
        out.push_back({QByteArray(n->relname), n->be_pid});
        PQfreemem(n);
    }
    return out;
}

int PostgresConnection::serverPid() const
{
    return PQbackendPID(m_conn);
}

bool PostgresConnection::isBroken() const
{
    return PQstatus(m_conn) == CONNECTION_BAD;
}

void PostgresConnection::beginCopy(const QString &sql)
{
    exec(sql);
}

void PostgresConnection::sendCopyData(const QByteArray &data)
{
    if (PQputCopyData(m_conn, data.constData(), int(data.size())) != 1)
        fail(nullptr, QStringLiteral("copying rows"));
}

qint64 PostgresConnection::endCopy()
{
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        fail(nullptr, QStringLiteral("copying rows"));
    PostgresResult last(nullptr);
    while (pg_result *result = PQgetResult(m_conn)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK)
            fail(result, QStringLiteral("copying rows"));
        last = PostgresResult(result);
    }
    return last.affected();
}

void PostgresConnection::rollback() noexcept
{
    PQclear(PQexec(m_conn, "ROLLBACK"));
}

} // namespace jobdeck
