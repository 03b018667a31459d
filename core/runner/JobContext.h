#pragma once

#include "JobFailure.h"
#include "RunState.h"
#include "model/JobRecord.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <memory>

namespace jobdeck {

class Clock;
class JobStore;

// A handler's window on its job: payload, checkpoint, progress, log, result, cancellation.
// Used by the one worker thread running the attempt.
class JobContext {
public:
    JobContext(std::shared_ptr<RunState> state, JobStore &store, const Clock &clock, int logCap);

    qint64 jobId() const { return m_state->job.id; }
    QString kind() const { return m_state->job.kind; }
    int attempt() const { return m_state->job.attempt; }
    int maxAttempts() const { return m_state->job.maxAttempts; }
    QJsonObject payload() const { return m_payload; }
    // A continuation's parents (or a batch's jobs): [{id, state, result}], how each ended and what it returned;
    // empty otherwise.
    QJsonArray parents() const;
    // A batch's completion job: {id, name, total, succeeded, dead, cancelled}; `parents` holds each job of the
    // batch. Empty for any other job.
    QJsonObject batch() const;
    // Where the jobs are kept; handlers put their default output beside it.
    QString databasePath() const;

    bool hasCheckpoint() const { return !m_checkpoint.isUndefined(); }
    QJsonValue checkpoint() const { return m_checkpoint; }
    // Durable when it returns. Returns false if the store could not write it.
    bool saveCheckpoint(const QJsonValue &value);

    void setProgress(double fraction, const QString &text = {});
    void log(LogLevel level, const QString &text);
    void info(const QString &text) { log(LogLevel::Info, text); }
    void error(const QString &text) { log(LogLevel::Error, text); }

    void setResult(const QJsonValue &value) { m_result = value; }
    QJsonValue result() const { return m_result; }

    bool isCancellationRequested() const { return m_state->cancel.isCancelled(); }
    // The handler needs up to `ms` after a cancellation to stop (a child process's grace period); the runner
    // waits that much longer before it gives up on the handler.
    void setStopGrace(qint64 ms) { m_state->stopGraceMs = ms; }
    void throwIfCancelled() const;
    // Sleeps up to `ms`, waking early on cancellation; returns false if cancelled.
    bool sleepFor(qint64 ms);

    [[noreturn]] void fail(const QString &message, bool retryable = true);

    static constexpr int kLineLengthCap = 4000;

private:
    std::shared_ptr<RunState> m_state;
    JobStore &m_store;
    const Clock &m_clock;
    QJsonObject m_payload;
    QJsonValue m_checkpoint = QJsonValue(QJsonValue::Undefined);
    QJsonValue m_result = QJsonValue(QJsonValue::Undefined);
    int m_logCap;
    int m_logged = 0;
};

} // namespace jobdeck
