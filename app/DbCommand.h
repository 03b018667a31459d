#pragma once

#include <QStringList>

namespace jobdeck {

// `jobdeck db migrate --to postgresql://…`: copies the SQLite database (--db) into an empty PostgreSQL
// database, printing each table's count; the password of the URL is never printed.
int runDb(const QStringList &arguments);

} // namespace jobdeck
