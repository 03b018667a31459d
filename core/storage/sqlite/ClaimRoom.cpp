#include "ClaimRoom.h"

#include <algorithm>

namespace jobdeck {

bool ClaimRoom::fits(const QString &queue, const QStringList &names) const
{
    if (m_claim.blockedQueues.contains(queue))
        return false;
    const auto limit = m_claim.queueLimits.constFind(queue);
    if (limit != m_claim.queueLimits.constEnd() && limit.value() <= 0)
        return false;
    return std::none_of(names.begin(), names.end(), [this](const QString &n) { return m_taken.contains(n); });
}

void ClaimRoom::take(const QString &queue, const QStringList &names)
{
    for (const QString &n : names)
        m_taken.insert(n);
    if (const auto limit = m_claim.queueLimits.find(queue); limit != m_claim.queueLimits.end())
        --limit.value();
}

} // namespace jobdeck
