#include "JobStore.h"

#include <future>

namespace jobdeck {

BatchResult JobStore::apply(WriteBatch batch)
{
    std::promise<BatchResult> promise;
    auto future = promise.get_future();
    submit(std::move(batch), [&promise](const BatchResult &result) { promise.set_value(result); });
    return future.get();
}

} // namespace jobdeck
