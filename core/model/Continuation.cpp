#include "Continuation.h"

#include "model/JobState.h"

#include <QStringList>
#include <algorithm>
#include <array>

namespace jobdeck {

namespace {
constexpr std::array s_names = {"success", "failure", "any"};
}

QString continueOnName(ContinueOn on)
{
    return QString::fromLatin1(s_names[static_cast<size_t>(on)]);
}

std::optional<ContinueOn> continueOnFromName(const QString &name)
{
    for (size_t i = 0; i < s_names.size(); ++i) {
        if (name.compare(QLatin1String(s_names[i]), Qt::CaseInsensitive) == 0)
            return static_cast<ContinueOn>(i);
    }
    return std::nullopt;
}

bool parentEndMeets(ContinueOn on, const QString &ended)
{
    switch (on) {
    case ContinueOn::Success:
        return ended == stateName(JobState::Succeeded);
    case ContinueOn::Failure:
        return ended == stateName(JobState::Dead);
    case ContinueOn::Any:
        return true;
    }
    return false;
}

QString parseParentIds(const QString &text, std::vector<qint64> &ids)
{
    ids.clear();
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id <= 0)
            return QStringLiteral("bad parent job \"%1\": give job ids separated by commas, like 12,13").arg(part.trimmed());
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            ids.push_back(id);
    }
    if (ids.empty())
        return QStringLiteral("give at least one parent job id after --after");
    return {};
}

} // namespace jobdeck
