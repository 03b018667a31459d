#pragma once

#include "model/JobState.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace jobdeck {

// How far a batch is: running while any of its jobs has not ended, completed when all have (its completion job is
// then queued), cancelled when a user cancelled it.
enum class JobBatchState { Running, Completed, Cancelled };

QString jobBatchStateName(JobBatchState state);

// A batch as stored: its counts are kept by the writer as its jobs end.
struct JobBatchRecord {
    qint64 id = 0;
    QString name;
    qint64 createdAtMs = 0;
    qint64 completedAtMs = 0; // 0 until every job has ended
    qint64 cancelledAtMs = 0; // 0 unless cancelled
    qint64 total = 0;
    qint64 succeeded = 0;
    qint64 dead = 0;
    qint64 cancelled = 0;
    qint64 thenJobId = 0; // the completion job; 0 without one
    QString thenKind;
    std::optional<JobState> thenState; // unset when it has none, or it was deleted

    qint64 ended() const { return succeeded + dead + cancelled; }
    qint64 pending() const { return total - ended(); }
    JobBatchState state() const;
};

namespace JobBatchJson {
// {id, name, state, total, succeeded, dead, cancelled, pending, created_at, completed_at, cancelled_at, then}
QJsonObject batch(const JobBatchRecord &record);
} // namespace JobBatchJson

} // namespace jobdeck
