#include "SqliteWatchMutations.h"

namespace jobdeck {

SqliteWatchMutations::SqliteWatchMutations(SqlStatementCache &statements, Enqueue enqueue)
    : m_statements(statements), m_enqueue(std::move(enqueue))
{
}

void SqliteWatchMutations::bumpVersion()
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO settings (key, value) VALUES ('watches_version', '1') ON CONFLICT (key) "
        "DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)"));
    q.exec();
}

MutationResult SqliteWatchMutations::apply(const SaveWatch &m, std::vector<JobEvent> &)
{
    const WatchSpec &s = m.spec;
    const QString sql = QStringLiteral(
        "INSERT INTO watches (name, dir, patterns, recursive, definition, job_kind, payload, queue, priority, "
        "max_attempts, timeout_ms, backoff_ms, settle_ms, after, max_size, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ")
        + (m.replace ? QStringLiteral(
               "ON CONFLICT (name) DO UPDATE SET dir = excluded.dir, patterns = excluded.patterns, "
               "recursive = excluded.recursive, definition = excluded.definition, job_kind = excluded.job_kind, "
               "payload = excluded.payload, queue = excluded.queue, priority = excluded.priority, "
               "max_attempts = excluded.max_attempts, timeout_ms = excluded.timeout_ms, backoff_ms = excluded.backoff_ms, "
               "settle_ms = excluded.settle_ms, after = excluded.after, max_size = excluded.max_size, "
               "updated_at = excluded.updated_at ")
                     : QStringLiteral("ON CONFLICT (name) DO NOTHING "))
        + QStringLiteral("RETURNING id");
    auto &q = statement(sql);
    int i = 0;
    q.bindValue(i++, s.name);
    q.bindValue(i++, s.dir);
    q.bindValue(i++, s.patterns.join(u'\n'));
    q.bindValue(i++, s.recursive);
    q.bindValue(i++, s.definition);
    q.bindValue(i++, s.job.kind);
    q.bindValue(i++, QString::fromUtf8(s.job.payload));
    q.bindValue(i++, s.job.queue);
    q.bindValue(i++, s.job.priority);
    q.bindValue(i++, s.job.maxAttempts);
    q.bindValue(i++, s.job.timeoutMs);
    q.bindValue(i++, s.job.backoffMs);
    q.bindValue(i++, s.settleMs);
    q.bindValue(i++, afterActionName(s.after));
    q.bindValue(i++, s.maxSize);
    q.bindValue(i++, m.nowMs);
    q.bindValue(i++, m.nowMs);
    q.exec();
    MutationResult result;
    result.applied = q.next();
    if (!result.applied)
        return result; // the name is taken
    result.rowId = q.value(0).toLongLong();
    q.finish();
    result.created = true;
    result.affected = 1;
    bumpVersion();
    return result;
}

MutationResult SqliteWatchMutations::apply(const DeleteWatch &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral("DELETE FROM watches WHERE name = ?"));
    q.bindValue(0, m.name);
    q.exec();
    MutationResult result;
    result.affected = q.numRowsAffected();
    result.applied = result.affected > 0;
    if (result.applied)
        bumpVersion();
    return result;
}

MutationResult SqliteWatchMutations::apply(const SetWatchPaused &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral("UPDATE watches SET paused = ?, updated_at = ? WHERE name = ?"));
    q.bindValue(0, m.paused);
    q.bindValue(1, m.nowMs);
    q.bindValue(2, m.name);
    q.exec();
    MutationResult result;
    result.affected = q.numRowsAffected();
    result.applied = result.affected > 0;
    if (result.applied)
        bumpVersion();
    return result;
}

MutationResult SqliteWatchMutations::apply(const EnqueueWatchedFile &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    result.applied = false;
    auto &insert = statement(QStringLiteral(
        "INSERT INTO watch_files (watch_id, path, size, mtime, fingerprint, enqueued_at) "
        "SELECT id, ?, ?, ?, ?, ? FROM watches WHERE id = ? "
        "ON CONFLICT (watch_id, path, size, mtime, fingerprint) DO NOTHING RETURNING id"));
    insert.bindValue(0, m.path);
    insert.bindValue(1, m.size);
    insert.bindValue(2, m.mtimeMs);
    insert.bindValue(3, m.fingerprint);
    insert.bindValue(4, m.nowMs);
    insert.bindValue(5, m.watchId);
    insert.exec();
    if (!insert.next())
        return result; // taken before (by this runner or another), or the watch is gone
    result.rowId = insert.value(0).toLongLong();
    insert.finish();
    const MutationResult enqueued = m_enqueue(EnqueueJob{m.job, m.nowMs}, events);
    auto &link = statement(QStringLiteral("UPDATE watch_files SET job_id = ? WHERE id = ?"));
    link.bindValue(0, enqueued.jobId);
    link.bindValue(1, result.rowId);
    link.exec();
    auto &count = statement(QStringLiteral("UPDATE watches SET enqueued = enqueued + 1 WHERE id = ?"));
    count.bindValue(0, m.watchId);
    count.exec();
    // A file skipped before (too large while it was copied, say) and now taken is no longer skipped.
    auto &unskip = statement(QStringLiteral("DELETE FROM watch_skips WHERE watch_id = ? AND path = ?"));
    unskip.bindValue(0, m.watchId);
    unskip.bindValue(1, m.path);
    unskip.exec();
    result.applied = true;
    result.affected = 1;
    result.jobId = enqueued.jobId;
    result.created = enqueued.created;
    return result;
}

MutationResult SqliteWatchMutations::apply(const RecordWatchSkip &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral(
        "INSERT INTO watch_skips (watch_id, path, reason, detail, at) SELECT id, ?, ?, ?, ? FROM watches WHERE id = ? "
        "ON CONFLICT (watch_id, path) DO UPDATE SET reason = excluded.reason, detail = excluded.detail, at = excluded.at"));
    q.bindValue(0, m.skip.path);
    q.bindValue(1, m.skip.reason);
    q.bindValue(2, m.skip.detail);
    q.bindValue(3, m.skip.atMs);
    q.bindValue(4, m.skip.watchId);
    q.exec();
    MutationResult result;
    result.affected = q.numRowsAffected();
    result.applied = result.affected > 0;
    return result;
}

MutationResult SqliteWatchMutations::apply(const SettleWatchedFile &m, std::vector<JobEvent> &)
{
    auto &q = statement(QStringLiteral(
        "UPDATE watch_files SET disposition = ?, moved_to = ? WHERE job_id = ? AND disposition = '' RETURNING watch_id"));
    q.bindValue(0, m.disposition);
    q.bindValue(1, m.movedTo);
    q.bindValue(2, m.jobId);
    q.exec();
    MutationResult result;
    result.applied = q.next();
    if (!result.applied)
        return result;
    const qint64 watchId = q.value(0).toLongLong();
    q.finish();
    auto &count = statement(m.disposition == QLatin1String("failed")
                                ? QStringLiteral("UPDATE watches SET failed = failed + 1 WHERE id = ?")
                                : QStringLiteral("UPDATE watches SET done = done + 1 WHERE id = ?"));
    count.bindValue(0, watchId);
    count.exec();
    result.affected = 1;
    result.rowId = watchId;
    return result;
}

} // namespace jobdeck
