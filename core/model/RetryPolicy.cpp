#include "RetryPolicy.h"

#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

namespace jobdeck {

qint64 RetryPolicy::delayMs(qint64 baseMs, int failedAttempts) const
{
    const int exponent = std::clamp(failedAttempts - 1, 0, 40);
    const double raw = std::min(double(capMs), double(std::max<qint64>(baseMs, 0)) * std::pow(2.0, exponent));
    const double u = random ? random() : QRandomGenerator::global()->generateDouble();
    const double factor = 1.0 + jitter * (2.0 * u - 1.0);
    return std::min(capMs, qint64(std::llround(raw * factor)));
}

} // namespace jobdeck
