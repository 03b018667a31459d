#pragma once

#include "model/JobRecord.h"

#include <QString>
#include <functional>
#include <map>
#include <tuple>

namespace jobdeck {

class SqlStatement;

// Keeps job_counts (jobs per queue, kind and state) and job_minutes (jobs enqueued, succeeded and failed per
// minute, and the queue depth) in step with the writes of one transaction. Changes are collected as mutations
// apply and written once, just before the commit, so a busy runner pays a handful of statements per commit
// instead of a counter update per state change. Writer thread only.
class SqliteTally {
public:
    using Prepare = std::function<SqlStatement &(const QString &sql)>;
    explicit SqliteTally(Prepare prepare) : m_prepare(std::move(prepare)) {}

    void record(const JobEvent &event);
    // A job left the table (deleted or pruned) in `state`.
    void removed(const QString &queue, const QString &kind, const QString &state);

    // Writes what was collected inside the open transaction. Throws StoreError.
    void write();
    // The transaction rolled back: forget what was collected.
    void discard();

private:
    struct Minute {
        qint64 enqueued = 0;
        qint64 succeeded = 0;
        qint64 failed = 0;
    };
    void add(const QString &queue, const QString &kind, const QString &state, qint64 delta);

    Prepare m_prepare;
    std::map<std::tuple<QString, QString, QString>, qint64> m_counts;
    std::map<qint64, Minute> m_minutes;
    qint64 m_latestMs = 0; // when the last recorded change happened: the minute the depth sample belongs to
};

} // namespace jobdeck
