#pragma once

#include "storage/JobStore.h"
#include "storage/sqlite/SqliteStore.h"

#include <memory>

namespace jobdeck {

// The store a --db value names: a PostgreSQL URL (postgresql:// or postgres://) or a SQLite file, created if
// missing. `sqlite` applies to a file. Throws StoreError with a one-line message that never holds a password.
std::unique_ptr<JobStore> openJobStore(const QString &location, const SqliteStore::Options &sqlite = {});

} // namespace jobdeck
