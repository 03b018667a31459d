#pragma once

#include "model/JobRecord.h"

#include <QSqlQuery>
#include <QString>

namespace jobdeck {

// How the readers select and decode whole job rows, so every read returns the same JobRecord.
namespace SqliteJobRows {
// The select list and FROM clause of a job read; the jobs table is `j`. Append WHERE / ORDER BY.
QString selectFrom();
JobRecord read(const QSqlQuery &query);
} // namespace SqliteJobRows

} // namespace jobdeck
