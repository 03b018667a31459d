#pragma once

#include "model/JobRecord.h"

#include <QSqlQuery>
#include <QString>
#include <vector>

namespace jobdeck {

// How the readers select and decode whole job rows, so every read returns the same JobRecord.
namespace SqliteJobRows {
// The select list and FROM clause of a job read; the jobs table is `j`. Append WHERE / ORDER BY.
QString selectFrom();
JobRecord read(const QSqlQuery &query);
// Job ids as a JSON array, bound as one parameter and read back with json_each(?).
QByteArray idList(const std::vector<qint64> &ids);
} // namespace SqliteJobRows

} // namespace jobdeck
