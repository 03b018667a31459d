#include "SqliteStatementCache.h"

namespace jobdeck {

SqlStatement &SqliteStatementCache::get(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end())
        it = m_statements.insert(sql, std::make_shared<SqliteStatement>(m_db, sql));
    return **it;
}

} // namespace jobdeck
