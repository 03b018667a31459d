#include "EnqueueBench.h"

#include "BenchSupport.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>

namespace jobdeck::bench {

EnqueueResult measureEnqueue(const QString &path, const BenchOptions &options)
{
    auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
    QElapsedTimer timer;
    timer.start();
    enqueueNoopJobs(*store, options.jobs, options.batch);
    const qint64 elapsed = timer.nsecsElapsed();
    return {perSecond(options.jobs, elapsed), double(elapsed) / 1e9};
}

} // namespace jobdeck::bench
