#pragma once

#include <QString>
#include <array>
#include <optional>

namespace jobdeck {

// The closed set of states a job moves through. Stored and printed by lower-case name.
enum class JobState {
    Scheduled, // waiting for its run-at time
    Queued,    // due, waiting for a worker
    Running,   // claimed by a runner under a lease
    Succeeded,
    Failed,    // an attempt failed; waits for its retry time
    Dead,      // poison: attempts exhausted or a non-retryable error
    Cancelled,
    Waiting,   // a continuation: waits for its parent jobs to end
};

constexpr size_t kStateCount = size_t(JobState::Waiting) + 1;

// Every state, in the order views list them.
const std::array<JobState, kStateCount> &allStates();

QString stateName(JobState state);
std::optional<JobState> stateFromName(const QString &name);

// Whether the engine may ever move a job from one state to the other.
bool isTransitionAllowed(JobState from, JobState to);

// Finished states hold no lease and never change by themselves.
bool isFinal(JobState state);

} // namespace jobdeck
