#pragma once

#include <QtGlobal>
#include <functional>

namespace jobdeck {

// Exponential backoff with jitter: delay n = min(cap, base * 2^(n-1)) scaled by a random factor in
// [1 - jitter, 1 + jitter]. Jitter spreads retries of jobs that failed together. Thread-safe.
class RetryPolicy {
public:
    qint64 capMs = 3'600'000;
    double jitter = 0.2;

    // failedAttempts counts the attempts of this round so far (1 after the first failure).
    qint64 delayMs(qint64 baseMs, int failedAttempts) const;

    // For tests: a source of uniform numbers in [0, 1).
    std::function<double()> random;
};

} // namespace jobdeck
