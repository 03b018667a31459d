#include "PostgresResult.h"

#include <libpq-fe.h>

namespace jobdeck {

PostgresResult::~PostgresResult()
{
    PQclear(m_result);
}

PostgresResult &PostgresResult::operator=(PostgresResult &&other) noexcept
{
    if (this != &other) {
        PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}

int PostgresResult::rows() const
{
    return m_result ? PQntuples(m_result) : 0;
}

bool PostgresResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

QString PostgresResult::text(int row, int column) const
{
    return QString::fromUtf8(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

qint64 PostgresResult::integer(int row, int column) const
{
    return QByteArray(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column)).toLongLong();
}

QByteArray PostgresResult::bytes(int row, int column) const
{
    return QByteArray(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

bool PostgresResult::isBoolean(int column) const
{
    constexpr Oid kBoolOid = 16;
    return PQftype(m_result, column) == kBoolOid;
}

qint64 PostgresResult::affected() const
{
    return m_result ? QByteArray(PQcmdTuples(m_result)).toLongLong() : 0;
}

} // namespace jobdeck
