#include "WriteOutcome.h"

#include <QCoreApplication>

namespace jobdeck {

WriteOutcome WriteOutcome::of(const BatchResult &result, const std::function<QString(int applied, int total)> &describe)
{
    if (!result.ok)
        return {QCoreApplication::translate("WriteOutcome", "The database refused the change: %1").arg(result.error), true};
    int applied = 0;
    for (const MutationResult &m : result.results)
        applied += m.applied ? 1 : 0;
    const int total = int(result.results.size());
    return {describe(applied, total), applied < total};
}

} // namespace jobdeck
