#pragma once

#include "storage/Mutation.h"

#include <optional>

namespace jobdeck {

// User commands as mutations, so the window, the CLI and the HTTP API apply the same rules.
namespace JobCommands {
// Back to the queue with a fresh round of attempts, optionally with a new payload.
Transition requeue(qint64 jobId, std::optional<QByteArray> payload, qint64 nowMs, const QString &by);
// States a user may requeue from.
QList<JobState> requeuableStates();
} // namespace JobCommands

} // namespace jobdeck
