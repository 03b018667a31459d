#pragma once

#include "RunState.h"

#include <QRunnable>
#include <memory>

namespace jobdeck {

class Engine;

// Runs one attempt on a worker thread and reports how it ended. Exceptions never leave it.
class JobRunnable final : public QRunnable {
public:
    JobRunnable(Engine &engine, std::shared_ptr<RunState> state) : m_engine(engine), m_state(std::move(state)) {}
    void run() override;

private:
    Engine &m_engine;
    std::shared_ptr<RunState> m_state;
};

} // namespace jobdeck
