#pragma once

#include <QString>
#include <optional>
#include <vector>

namespace jobdeck {

// A continuation runs after its parent jobs have all ended, when each ended as the condition asks.
enum class ContinueOn {
    Success, // every parent succeeded
    Failure, // every parent ended dead
    Any,     // however they ended
};

QString continueOnName(ContinueOn on);
std::optional<ContinueOn> continueOnFromName(const QString &name);

// How a parent ended, as a continuation records it: a final state's name, or "deleted".
bool parentEndMeets(ContinueOn on, const QString &ended);

// Parses "12,13" (spaces allowed). Returns an error message, or empty and fills `ids`.
QString parseParentIds(const QString &text, std::vector<qint64> &ids);

} // namespace jobdeck
