#include "JobStore.h"

#include <algorithm>
#include <future>

namespace jobdeck {

BatchResult JobStore::apply(WriteBatch batch)
{
    std::promise<BatchResult> promise;
    auto future = promise.get_future();
    submit(std::move(batch), [&promise](const BatchResult &result) { promise.set_value(result); });
    return future.get();
}

bool holdsOnlyLeases(const WriteBatch &batch)
{
    return std::all_of(batch.begin(), batch.end(), [](const Mutation &m) {
        return std::holds_alternative<ClaimJobs>(m) || std::holds_alternative<StartAttempt>(m)
            || std::holds_alternative<Heartbeat>(m);
    });
}

} // namespace jobdeck
