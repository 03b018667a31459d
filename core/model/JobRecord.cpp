#include "JobRecord.h"

#include <array>

namespace jobdeck {

namespace {
constexpr std::array s_outcomes = {"running",   "succeeded", "failed",     "timed_out",
                                   "cancelled", "abandoned", "interrupted"};
}

QString outcomeName(AttemptOutcome outcome)
{
    return QString::fromLatin1(s_outcomes[static_cast<size_t>(outcome)]);
}

AttemptOutcome outcomeFromName(const QString &name)
{
    for (size_t i = 0; i < s_outcomes.size(); ++i) {
        if (name == QLatin1String(s_outcomes[i]))
            return static_cast<AttemptOutcome>(i);
    }
    return AttemptOutcome::Failed;
}

} // namespace jobdeck
