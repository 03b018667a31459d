#include "JobState.h"


namespace jobdeck {

namespace {
constexpr std::array s_names = {"scheduled", "queued", "running", "succeeded", "failed", "dead", "cancelled", "waiting"};
}

const std::array<JobState, kStateCount> &allStates()
{
    static constexpr std::array<JobState, kStateCount> s_states = {JobState::Waiting, JobState::Scheduled, JobState::Queued,
                                                         JobState::Running, JobState::Succeeded, JobState::Failed,
                                                         JobState::Dead, JobState::Cancelled};
    return s_states;
}

QString stateName(JobState state)
{
    return QString::fromLatin1(s_names[static_cast<size_t>(state)]);
}

std::optional<JobState> stateFromName(const QString &name)
{
    for (size_t i = 0; i < s_names.size(); ++i) {
        if (name.compare(QLatin1String(s_names[i]), Qt::CaseInsensitive) == 0)
            return static_cast<JobState>(i);
    }
    return std::nullopt;
}

bool isTransitionAllowed(JobState from, JobState to)
{
    using S = JobState;
    switch (from) {
    case S::Scheduled:
        return to == S::Queued || to == S::Cancelled || to == S::Running;
    case S::Queued:
        return to == S::Running || to == S::Cancelled || to == S::Scheduled;
    case S::Running:
        // Queued: the lease expired or the runner stopped; the attempt still counts.
        // Scheduled: a continuous job that ended waits for its restart.
        return to == S::Succeeded || to == S::Failed || to == S::Dead || to == S::Cancelled || to == S::Queued
            || to == S::Scheduled;
    case S::Failed:
        return to == S::Queued || to == S::Cancelled || to == S::Dead || to == S::Running;
    case S::Waiting:
        // Its parents ended: due, due later, or its condition can no longer be met.
        return to == S::Queued || to == S::Scheduled || to == S::Cancelled;
    case S::Cancelled:
        // Waiting: a continuation cancelled because of a parent waits again when that parent is requeued.
        return to == S::Queued || to == S::Scheduled || to == S::Waiting;
    case S::Dead:
    case S::Succeeded:
        // Requeue by a user.
        return to == S::Queued || to == S::Scheduled;
    }
    return false;
}

bool isFinal(JobState state)
{
    return state == JobState::Succeeded || state == JobState::Dead || state == JobState::Cancelled;
}

} // namespace jobdeck
