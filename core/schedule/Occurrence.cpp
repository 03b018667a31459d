#include "Occurrence.h"

#include <array>

namespace jobdeck {

namespace {
constexpr std::array<const char *, 5> s_names = {"fired", "skipped", "excluded", "misfired", "waiting"};
}

QString occurrenceOutcomeName(OccurrenceOutcome outcome)
{
    return QLatin1String(s_names[size_t(outcome)]);
}

std::optional<OccurrenceOutcome> occurrenceOutcomeFromName(const QString &name)
{
    for (size_t i = 0; i < s_names.size(); ++i) {
        if (name == QLatin1String(s_names[i]))
            return OccurrenceOutcome(i);
    }
    return std::nullopt;
}

} // namespace jobdeck
