#include "SqliteWatchReader.h"

#include <QVariant>

namespace jobdeck {

namespace {

const QString kWatchColumns = QStringLiteral(
    "w.id, w.name, w.dir, w.patterns, w.recursive, w.definition, w.job_kind, w.payload, w.queue, w.priority, "
    "w.max_attempts, w.timeout_ms, w.backoff_ms, w.settle_ms, w.after, w.max_size, w.paused, w.enqueued, w.done, "
    "w.failed, (SELECT count(*) FROM watch_skips k WHERE k.watch_id = w.id), w.created_at, w.updated_at");

const QString kFileColumns = QStringLiteral(
    "f.id, f.watch_id, w.name, f.path, f.size, f.mtime, f.fingerprint, f.job_id, f.enqueued_at, f.disposition, "
    "f.moved_to, j.kind, j.state, j.result");

WatchRecord readWatch(const QSqlQuery &q)
{
    WatchRecord r;
    WatchSpec &s = r.spec;
    int i = 0;
    r.id = q.value(i++).toLongLong();
    s.name = q.value(i++).toString();
    s.dir = q.value(i++).toString();
    s.patterns = q.value(i++).toString().split(u'\n', Qt::SkipEmptyParts);
    s.recursive = q.value(i++).toBool();
    s.definition = q.value(i++).toString();
    s.job.kind = q.value(i++).toString();
    s.job.payload = q.value(i++).toString().toUtf8();
    s.job.queue = q.value(i++).toString();
    s.job.priority = q.value(i++).toInt();
    s.job.maxAttempts = q.value(i++).toInt();
    s.job.timeoutMs = q.value(i++).toLongLong();
    s.job.backoffMs = q.value(i++).toLongLong();
    s.settleMs = q.value(i++).toLongLong();
    s.after = afterActionFromName(q.value(i++).toString()).value_or(AfterAction::Leave);
    s.maxSize = q.value(i++).toLongLong();
    r.paused = q.value(i++).toBool();
    r.enqueued = q.value(i++).toLongLong();
    r.done = q.value(i++).toLongLong();
    r.failed = q.value(i++).toLongLong();
    r.skipped = q.value(i++).toLongLong();
    r.createdAtMs = q.value(i++).toLongLong();
    r.updatedAtMs = q.value(i++).toLongLong();
    return r;
}

} // namespace

SqliteWatchReader::SqliteWatchReader(const QString &path) : m_connection(path, SqliteConnection::Mode::ReadOnly)
{
    if (!m_connection.isOpen())
        throw StoreError(m_connection.openError());
}

std::vector<WatchRecord> SqliteWatchReader::read(const QString &where, const QVariantList &values)
{
    auto q = m_connection.run(QStringLiteral("SELECT %1 FROM watches w %2 ORDER BY w.name").arg(kWatchColumns, where), values);
    std::vector<WatchRecord> out;
    while (q.next())
        out.push_back(readWatch(q));
    return out;
}

std::vector<WatchRecord> SqliteWatchReader::watches()
{
    return read({}, {});
}

std::optional<WatchRecord> SqliteWatchReader::watch(const QString &name)
{
    auto found = read(QStringLiteral("WHERE w.name = ?"), {name});
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<WatchSkip> SqliteWatchReader::skips(qint64 watchId, int limit)
{
    auto q = m_connection.run(QStringLiteral("SELECT watch_id, path, reason, detail, at FROM watch_skips WHERE watch_id = ? "
                                             "ORDER BY at DESC, path LIMIT ?"),
                              {watchId, limit});
    std::vector<WatchSkip> out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                       q.value(4).toLongLong()});
    return out;
}

std::vector<WatchedFile> SqliteWatchReader::readFiles(const QString &where, const QVariantList &values)
{
    auto q = m_connection.run(QStringLiteral("SELECT %1 FROM watch_files f JOIN watches w ON w.id = f.watch_id "
                                             "LEFT JOIN jobs j ON j.id = f.job_id %2")
                                  .arg(kFileColumns, where),
                              values);
    std::vector<WatchedFile> out;
    while (q.next()) {
        WatchedFile f;
        int i = 0;
        f.id = q.value(i++).toLongLong();
        f.watchId = q.value(i++).toLongLong();
        f.watchName = q.value(i++).toString();
        f.path = q.value(i++).toString();
        f.size = q.value(i++).toLongLong();
        f.mtimeMs = q.value(i++).toLongLong();
        f.fingerprint = q.value(i++).toString();
        f.jobId = q.value(i++).toLongLong();
        f.enqueuedAtMs = q.value(i++).toLongLong();
        f.disposition = q.value(i++).toString();
        f.movedTo = q.value(i++).toString();
        f.jobKind = q.value(i++).toString();
        f.jobState = q.value(i++).toString();
        f.jobResult = q.value(i++).toString().toUtf8();
        out.push_back(f);
    }
    return out;
}

std::vector<WatchedFile> SqliteWatchReader::filesAt(const QString &path, int limit)
{
    return readFiles(QStringLiteral("WHERE f.id IN (SELECT id FROM watch_files WHERE path = ? UNION "
                                    "SELECT id FROM watch_files WHERE moved_to = ? AND moved_to <> '') "
                                    "ORDER BY f.id DESC LIMIT ?"),
                     {path, path, limit});
}

std::optional<WatchedFile> SqliteWatchReader::fileOfJob(qint64 jobId)
{
    auto found = readFiles(QStringLiteral("WHERE f.job_id = ? LIMIT 1"), {jobId});
    if (found.empty())
        return std::nullopt;
    return found.front();
}

QString SqliteWatchReader::version()
{
    auto q = m_connection.run(QStringLiteral("SELECT value FROM settings WHERE key = 'watches_version'"));
    return q.next() ? q.value(0).toString() : QStringLiteral("0");
}

} // namespace jobdeck
