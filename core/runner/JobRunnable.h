#pragma once

#include "RunState.h"

#include <QRunnable>
#include <atomic>
#include <memory>

namespace jobdeck {

class Engine;

// Runs one attempt on a worker thread and reports how it ended. Exceptions never leave it.
class JobRunnable final : public QRunnable {
public:
    JobRunnable(Engine &engine, std::shared_ptr<RunState> state) : m_engine(engine), m_state(std::move(state))
    {
        m_handedOver.store(true, std::memory_order_release);
    }
    void run() override;

private:
    Engine &m_engine;
    std::shared_ptr<RunState> m_state;
    // Everything made before the runnable is seen by the worker that runs it: QThreadPool orders that by locks
    // of its own, which ThreadSanitizer (with Qt not built for it) cannot see; this pair says so where it can.
    std::atomic<bool> m_handedOver{false};
};

} // namespace jobdeck
