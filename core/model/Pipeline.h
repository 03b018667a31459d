#pragma once

#include "model/JobState.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace jobdeck {

// A pipeline's life: its steps run one after another; when one ends dead (or is cancelled), the compensations of
// the steps that had succeeded run in reverse order, and it ends failed.
enum class PipelineState { Running, Compensating, Succeeded, Failed };

QString pipelineStateName(PipelineState state);
struct PipelineRecord;
// Where it stands, for people: "step 2 of 3", "step 3 of 3 failed, undoing step 2", "3 steps", "step 3 of 3 failed".
QString pipelinePosition(const PipelineRecord &pipeline);
std::optional<PipelineState> pipelineStateFromName(const QString &name);

// One step as stored: its job, and the job undoing it once one was needed.
struct PipelineStepRecord {
    int step = 0; // from 1
    qint64 jobId = 0;
    QString kind;
    std::optional<JobState> state; // unset when the job was deleted
    int attempts = 0;
    QString error;          // the last attempt's error
    qint64 finishedAtMs = 0;
    QString compensationKind;       // empty: the step has no compensation
    qint64 compensationJobId = 0;   // 0 until its compensation was enqueued
    std::optional<JobState> compensationState;
    int compensationAttempts = 0;
    QString compensationError;
};

struct PipelineRecord {
    qint64 id = 0;
    QString name;
    PipelineState state = PipelineState::Running;
    int step = 1; // the step running, or the one being undone
    int stepCount = 0;
    int failedStep = 0; // the step that ended dead or cancelled; 0 while none did
    QString reason;    // why it failed, or what it waits for
    QByteArray result; // the last step's result, once it succeeded
    qint64 createdAtMs = 0;
    qint64 finishedAtMs = 0;
    std::vector<PipelineStepRecord> steps; // filled when one pipeline is read
};

namespace PipelineJson {
// {id, name, state, step, step_count, failed_step, reason, result, created_at, finished_at[, steps: [{step, job, kind, state,
// attempts, error, finished_at, compensation: {kind, job, state, attempts, error} | null}]]}
QJsonObject pipeline(const PipelineRecord &record);
} // namespace PipelineJson

} // namespace jobdeck
