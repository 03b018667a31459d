#pragma once

#include "storage/Mutation.h"

#include <optional>

namespace jobdeck {

class StoreReader;

// User commands as mutations, so the window, the CLI and the HTTP API apply the same rules.
namespace JobCommands {
// Back to the queue with a fresh round of attempts, optionally with a new payload.
Transition requeue(qint64 jobId, std::optional<QByteArray> payload, qint64 nowMs, const QString &by);
// States a user may requeue from.
QList<JobState> requeuableStates();
// Every dead job back to the queue (one statement: all of them or none).
RequeueAllDead requeueAllDead(qint64 nowMs, const QString &by);
// A job waiting for its time (scheduled, or failed and waiting for its retry) becomes due now.
Transition runNow(qint64 jobId, qint64 nowMs, const QString &by);
// A job that has not started runs sooner (higher) or later (lower) among the queued ones.
SetPriority setPriority(qint64 jobId, int priority, qint64 nowMs);
} // namespace JobCommands

} // namespace jobdeck
