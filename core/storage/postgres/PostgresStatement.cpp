#include "PostgresStatement.h"

#include "PostgresConnection.h"
#include "PostgresDialect.h"

namespace jobdeck {

PostgresStatement::PostgresStatement(PostgresConnection &connection, QByteArray name, const QString &sql)
    : m_connection(connection), m_name(std::move(name))
{
    m_connection.prepare(m_name, PostgresDialect::translate(sql));
}

void PostgresStatement::bind(int index, QByteArray value)
{
    if (size_t(index) >= m_parameters.size())
        m_parameters.resize(size_t(index) + 1);
    m_parameters[size_t(index)] = std::move(value);
}

void PostgresStatement::bindNull(int index)
{
    bind(index, QByteArray());
}

void PostgresStatement::bindInteger(int index, qint64 value)
{
    bind(index, QByteArray::number(value));
}

void PostgresStatement::bindReal(int index, double value)
{
    bind(index, QByteArray::number(value, 'g', 17));
}

void PostgresStatement::bindText(int index, const QByteArray &utf8)
{
    // Never null: an empty text is '' here as in SQLite, and NULL only when bound as such.
    bind(index, utf8.isNull() ? QByteArray("") : utf8);
}

void PostgresStatement::exec()
{
    m_result.reset();
    m_row = -1;
    m_result.emplace(m_connection.execPrepared(m_name, m_parameters));
    m_changes = int(m_result->affected());
}

bool PostgresStatement::next()
{
    if (!m_result)
        return false;
    if (m_row + 1 < m_result->rows()) {
        ++m_row;
        return true;
    }
    m_result.reset();
    return false;
}

void PostgresStatement::finish()
{
    m_result.reset();
    m_row = -1;
}

qint64 PostgresStatement::integerAt(int index) const
{
    if (isNullAt(index))
        return 0;
    const QByteArray text = m_result->bytes(m_row, index);
    if (m_result->isBoolean(index))
        return text == "t" ? 1 : 0;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? value : qint64(text.toDouble());
}

double PostgresStatement::realAt(int index) const
{
    return isNullAt(index) ? 0.0 : m_result->bytes(m_row, index).toDouble();
}

QByteArray PostgresStatement::textAt(int index) const
{
    if (isNullAt(index))
        return {};
    if (m_result->isBoolean(index))
        return integerAt(index) ? QByteArray("1") : QByteArray("0");
    return m_result->bytes(m_row, index);
}

bool PostgresStatement::isNullAt(int index) const
{
    return !m_result || m_row < 0 || m_result->isNull(m_row, index);
}

SqlStatement &PostgresStatementCache::get(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        const QByteArray name = "jobdeck_" + QByteArray::number(m_statements.size() + 1);
        it = m_statements.insert(sql, std::make_shared<PostgresStatement>(m_connection, name, sql));
    }
    return **it;
}

} // namespace jobdeck
