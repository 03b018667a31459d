#pragma once

#include <QtGlobal>
#include <atomic>

namespace jobdeck {

// Wall-clock milliseconds since the Unix epoch. Injected wherever time matters so tests can advance it.
// Thread-safe.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override;
    static SystemClock &instance();
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now(startMs) {}
    qint64 nowMs() const override { return m_now.load(); }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    std::atomic<qint64> m_now;
};

} // namespace jobdeck
