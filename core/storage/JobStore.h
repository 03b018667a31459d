#pragma once

#include "Mutation.h"
#include "ScheduleReader.h"
#include "StoreReader.h"
#include "WatchReader.h"

#include <functional>
#include <memory>

namespace jobdeck {

// The narrow interface between the engine and a database. Thread-safe.
//
// Writes are batches of mutations. A backend may commit several submitted batches in one transaction
// (group commit), but a batch is atomic and its callback runs only after its transaction committed.
class JobStore {
public:
    using Done = std::function<void(const BatchResult &)>;

    virtual ~JobStore() = default;

    // Queues a batch. `done` runs on the store's writer thread after commit (or failure); keep it short.
    virtual void submit(WriteBatch batch, Done done = {}) = 0;

    // Submits and waits for the commit.
    BatchResult apply(WriteBatch batch);

    // A reader for the calling thread.
    virtual std::unique_ptr<StoreReader> openReader() = 0;
    // A reader of schedules, calendars and occurrences for the calling thread.
    virtual std::unique_ptr<ScheduleReader> openScheduleReader() = 0;
    // A reader of watched folders and their files' lineage for the calling thread.
    virtual std::unique_ptr<WatchReader> openWatchReader() = 0;

    // Called on the writer thread when another process changed the database; keep it short.
    virtual void setExternalChangeCallback(std::function<void()> callback) = 0;

    // Waits until every submitted batch has committed.
    virtual void flush() = 0;

    virtual QString location() const = 0;

    // Whether the database server is out of reach and the store is waiting for it, keeping what was submitted.
    // An embedded database is never out of reach.
    virtual bool isWaitingForServer() const { return false; }
};

} // namespace jobdeck
