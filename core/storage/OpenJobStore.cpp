#include "OpenJobStore.h"

#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresUrl.h"

namespace jobdeck {

std::unique_ptr<JobStore> openJobStore(const QString &location, const SqliteStore::Options &sqlite)
{
    if (!PostgresUrl::isPostgres(location))
        return SqliteStore::open(location, sqlite);
    QString error;
    const auto url = PostgresUrl::parse(location, &error);
    if (!url)
        throw StoreError(error, StoreErrorCode::CantOpen);
    return PostgresStore::open(*url);
}

} // namespace jobdeck
