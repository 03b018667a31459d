#pragma once

#include "model/JobRecord.h"

#include <QSqlQuery>
#include <QString>
#include <algorithm>
#include <vector>

namespace jobdeck {

// How the readers select and decode whole job rows, so every read returns the same JobRecord.
namespace SqliteJobRows {
// The select list and FROM clause of a job read; the jobs table is `j`. Append WHERE / ORDER BY.
QString selectFrom();
// A row of selectFrom(), from Qt's reads (QSqlQuery) or the writer's own statements (SqliteStatement).
template<typename Row>
JobRecord read(const Row &q)
{
    JobRecord j;
    j.id = q.value(0).toLongLong();
    j.kind = q.value(1).toString();
    j.queue = q.value(2).toString();
    j.priority = q.value(3).toInt();
    j.state = stateFromName(q.value(4).toString()).value_or(JobState::Queued);
    j.stateReason = q.value(5).toString();
    j.payload = q.value(6).toString().toUtf8();
    j.result = q.value(7).toString().toUtf8();
    j.error = q.value(8).toString();
    j.progress = q.value(9).toDouble();
    j.progressText = q.value(10).toString();
    j.runAtMs = q.value(11).toLongLong();
    j.createdAtMs = q.value(12).toLongLong();
    j.updatedAtMs = q.value(13).toLongLong();
    j.startedAtMs = q.value(14).toLongLong();
    j.finishedAtMs = q.value(15).toLongLong();
    j.attempts = q.value(16).toInt();
    j.totalAttempts = q.value(17).toInt();
    j.maxAttempts = q.value(18).toInt();
    j.timeoutMs = q.value(19).toLongLong();
    j.backoffMs = q.value(20).toLongLong();
    j.idempotencyKey = q.value(21).toString();
    j.leaseOwner = q.value(22).toString();
    j.leaseUntilMs = q.value(23).toLongLong();
    j.cancelRequested = q.value(24).toBool();
    j.checkpoint = q.value(25).toString().toUtf8();
    j.worker = q.value(26).toString();
    j.singleton = q.value(27).toBool();
    j.continuous = q.value(28).toBool();
    j.callbackUrl = q.value(29).toString();
    j.continueOn = continueOnFromName(q.value(30).toString());
    for (const QString &id : q.value(31).toString().split(u',', Qt::SkipEmptyParts))
        j.parents << id.toLongLong();
    std::sort(j.parents.begin(), j.parents.end()); // the aggregate's order is the database's choice
    j.batchId = q.value(32).toLongLong();
    j.completesBatch = q.value(33).toLongLong();
    j.mutexes = q.value(34).toString().split(u',', Qt::SkipEmptyParts);
    j.mutexes.sort();
    j.orderKey = q.value(35).toString();
    j.orderSeq = q.value(36).toLongLong();
    j.orderWaitMs = q.value(37).toLongLong();
    j.orderBlockedBy = q.value(38).toLongLong();
    j.pipelineId = q.value(39).toLongLong();
    return j;
}

// Job ids as a JSON array, bound as one parameter and read back with json_each(?).
QByteArray idList(const std::vector<qint64> &ids);
} // namespace SqliteJobRows

} // namespace jobdeck
