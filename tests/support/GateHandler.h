#pragma once

// A job a test holds: it moves one step each time the test opens its gate and ends when the test has opened it
// `steps` times, so the test decides when a job runs, reports progress and ends, instead of racing a clock.

#include "runner/JobContext.h"
#include "runner/JobFailure.h"
#include "runner/JobHandler.h"

#include <condition_variable>
#include <memory>
#include <mutex>

namespace jobdeck::test {

// Thread-safe.
class Gate {
public:
    // Lets the job take its next step.
    void open(int steps = 1)
    {
        std::lock_guard lock(m_mutex);
        m_opened += steps;
        m_changed.notify_all();
    }
    // Lets every job through to its end.
    void openForGood() { open(1 << 20); }
    // Blocks until step `step` may run; false if the job was cancelled meanwhile.
    bool waitFor(int step, const JobContext &ctx)
    {
        std::unique_lock lock(m_mutex);
        while (m_opened < step) {
            if (ctx.isCancellationRequested())
                return false;
            m_changed.wait_for(lock, std::chrono::milliseconds(20)); // cancellation is a flag, not a signal
        }
        return !ctx.isCancellationRequested();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_opened = 0;
};

// Kind "gate". Payload {"steps": N} (default 1): step k reports progress k/N with the text "step k of N".
class GateHandler final : public JobHandler {
public:
    explicit GateHandler(std::shared_ptr<Gate> gate) : m_gate(std::move(gate)) {}
    QString kind() const override { return QStringLiteral("gate"); }
    void run(JobContext &ctx) override
    {
        const int steps = std::max(1, ctx.payload().value(QLatin1String("steps")).toInt(1));
        for (int step = 1; step <= steps; ++step) {
            if (!m_gate->waitFor(step, ctx))
                throw JobCancelled();
            ctx.setProgress(double(step) / steps, QStringLiteral("step %1 of %2").arg(step).arg(steps));
        }
    }

private:
    std::shared_ptr<Gate> m_gate;
};

} // namespace jobdeck::test
