#pragma once

#include "Continuation.h"
#include "JobState.h"
#include "QueueRate.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace jobdeck {

enum class LogLevel { Info, Error };

// One stored job as read back from the store. Value type.
struct JobRecord {
    qint64 id = 0;
    QString kind;
    QString queue;
    int priority = 0;
    JobState state = JobState::Queued;
    QString stateReason;
    QByteArray payload;
    QByteArray result;     // JSON or empty
    QString error;         // last error
    double progress = 0;
    QString progressText;
    QByteArray checkpoint; // JSON or empty
    qint64 runAtMs = 0;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    qint64 startedAtMs = 0;  // of the current or last attempt
    qint64 finishedAtMs = 0;
    int attempts = 0;        // tries in the current round (reset by a requeue)
    int totalAttempts = 0;   // tries ever; numbers the attempt rows
    int maxAttempts = 5;
    qint64 timeoutMs = 0;
    qint64 backoffMs = 5000;
    QString idempotencyKey;
    QString leaseOwner;
    qint64 leaseUntilMs = 0;
    bool cancelRequested = false;
    QString worker;          // worker thread of the current or last attempt
    bool singleton = false;
    bool continuous = false;
    QString callbackUrl;     // with any userinfo: mask before showing
    QList<qint64> parents;   // a continuation's parent jobs, lowest id first; empty otherwise
    std::optional<ContinueOn> continueOn; // with parents
    qint64 batchId = 0;        // the batch it belongs to
    qint64 completesBatch = 0; // the batch whose completion job it is
    QStringList mutexes;       // sorted; see JobSpec::mutexes
    QString orderKey;          // see JobSpec::orderKey
    qint64 orderSeq = 0;
    qint64 orderWaitMs = 0;
    qint64 orderBlockedBy = 0; // a job of the same key that has not ended is ahead of it: that job (0: none)
    qint64 pipelineId = 0;     // the pipeline it is a step or a compensation of
};

enum class AttemptOutcome { Running, Succeeded, Failed, TimedOut, Cancelled, Abandoned, Interrupted };
QString outcomeName(AttemptOutcome outcome);
AttemptOutcome outcomeFromName(const QString &name);

struct AttemptRecord {
    qint64 jobId = 0;
    int number = 0;
    qint64 startedAtMs = 0;
    qint64 finishedAtMs = 0; // 0 while running
    AttemptOutcome outcome = AttemptOutcome::Running;
    QString error;
    QString runner;
    QString worker;
    bool fromCheckpoint = false;
    qint64 durationMs() const { return finishedAtMs ? finishedAtMs - startedAtMs : 0; }
};

struct LogLine {
    qint64 id = 0; // as stored; increases with every line written
    qint64 timeMs = 0;
    LogLevel level = LogLevel::Info;
    int attempt = 0;
    QString text;
};

// One state change, as committed. The engine publishes these in batches. An event with from == to that neither
// created nor removed the job is an edit of a waiting job (its priority).
struct JobEvent {
    qint64 jobId = 0;
    QString kind;
    QString queue;
    JobState from = JobState::Queued;
    JobState to = JobState::Queued;
    bool created = false; // the job came into being with this event
    QString reason;
    qint64 atMs = 0;
    qint64 runAtMs = 0; // for Scheduled and Failed: when it becomes due
    bool removed = false; // the job was deleted (by a user, or by retention); from = to = its last state
    qint64 eventId = 0;   // read from the database's record of changes (StoreReader::eventsAfter); 0 otherwise
};

// One recorded change of a job's state, with its reason (the job's history).
struct StateChange {
    qint64 atMs = 0;
    std::optional<JobState> from; // none: the job was created in `to`
    JobState to = JobState::Queued;
    QString reason;
};

struct QueueInfo {
    QString name;
    int concurrency = 0; // 0: no limit beyond the worker count
    bool paused = false;
    QueueRate rate;
    qint64 nextStartAtMs = 0; // with a rate: the earliest time the window has room for another start (0: it has now)
};

} // namespace jobdeck
