#include "SqliteHistory.h"

#include "SqliteJobRows.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <algorithm>

namespace jobdeck {

namespace {

using Order = HistoryQuery::Order;

constexpr int kLogBits = 20; // text-index row ids are (job id << 20) + log line number
constexpr int kLargestWindow = 8192;

bool descending(Order order)
{
    return order == Order::FinishedNewest || order == Order::IdNewest;
}

QList<JobState> finishedStates(const HistoryQuery &query)
{
    QList<JobState> states;
    for (JobState s : {JobState::Succeeded, JobState::Dead, JobState::Cancelled}) {
        if (query.states.isEmpty() || query.states.contains(s))
            states << s;
    }
    return states;
}

} // namespace

std::vector<SqliteHistory::Entry> SqliteHistory::entries(const HistoryQuery &query, const HistoryCursor &from,
                                                         int window, int &read)
{
    read = 0;
    const Order order = query.effectiveOrder();
    const bool desc = descending(order);
    const QString direction = desc ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString beyond = desc ? QStringLiteral("<") : QStringLiteral(">");
    QVariantList values;
    QString sql;
    std::vector<Entry> out;
    if (query.searching()) {
        if (m_postgres) {
            // Entries numbered as FTS5's rows are, from the two GIN indexes (their expressions word for word). Each
            // source gives its own first `window` entries in order, so that for a word in nearly every job the
            // planner reads the newest rows by key and stops, instead of collecting every match to sort it.
            const QString textQuery = postgresTextQuery(query.search);
            const auto source = [&](const QString &rowid, const QString &table, const QString &text,
                                    const QString &jobColumn, const QString &sortKey) {
                QString part = QStringLiteral("(SELECT %1 AS rowid FROM %2 WHERE to_tsvector('simple', "
                                              "regexp_replace(%3, '[^[:alnum:]]+', ' ', 'g')) @@ to_tsquery('simple', ?)")
                                   .arg(rowid, table, text);
                values << textQuery;
                if (from.started) {
                    // The job's bound is what an index can use; the entry's decides.
                    part += desc ? QStringLiteral(" AND %1 <= (CAST(? AS BIGINT) >> 20) AND %2 < ?")
                                 : QStringLiteral(" AND %1 >= (CAST(? AS BIGINT) >> 20) AND %2 >= ?");
                    part = part.arg(jobColumn, rowid);
                    values << from.key << from.key;
                }
                part += QStringLiteral(" ORDER BY %1 LIMIT ?)").arg(sortKey);
                values << window;
                return part;
            };
            // One after the other: each appends its values.
            const QString jobs = source(QStringLiteral("id << 20"), QStringLiteral("jobs"),
                                        QStringLiteral("payload || ' ' || coalesce(error, '')"), QStringLiteral("id"),
                                        QStringLiteral("id %1").arg(direction));
            const QString lines = source(QStringLiteral("(job_id << 20) | seq"), QStringLiteral("job_log"), QStringLiteral("text"),
                                         QStringLiteral("job_id"), QStringLiteral("job_id %1, seq %1").arg(direction));
            sql = QStringLiteral("SELECT rowid FROM (%1 UNION ALL %2) AS hits").arg(jobs, lines);
        } else {
            sql = QStringLiteral("SELECT rowid FROM job_search WHERE job_search MATCH ?");
            values << fullTextQuery(query.search);
            if (from.started) {
                // The cursor is a job boundary: every entry of a job already looked at lies beyond it.
                sql += desc ? QStringLiteral(" AND rowid < ?") : QStringLiteral(" AND rowid >= ?");
                values << from.key;
            }
        }
        sql += QStringLiteral(" ORDER BY rowid %1 LIMIT ?").arg(direction);
        values << window;
        QSqlQuery q = m_run(sql, values);
        while (q.next()) {
            ++read;
            const qint64 rowid = q.value(0).toLongLong();
            const qint64 id = rowid >> kLogBits;
            if (out.empty() || out.back().id != id) // a job's entries are adjacent in this order
                out.push_back({rowid, id});
        }
        return out;
    }
    if (order == Order::FinishedNewest || order == Order::FinishedOldest) {
        // One ordered stream per finished state, through that state's part of the history index, merged here.
        std::vector<Entry> merged;
        for (JobState state : finishedStates(query)) {
            // The index's own condition is repeated word for word: SQLite uses a partial index only when it sees it.
            QVariantList bound{stateName(state)};
            sql = QStringLiteral("SELECT finished_at, id FROM jobs INDEXED BY jobs_history "
                                 "WHERE state IN ('succeeded', 'dead', 'cancelled') AND state = ?");
            if (query.finishedFromMs > 0) {
                sql += QStringLiteral(" AND finished_at >= ?");
                bound << query.finishedFromMs;
            }
            if (query.finishedToMs > 0) {
                sql += QStringLiteral(" AND finished_at < ?");
                bound << query.finishedToMs;
            }
            if (from.started) {
                sql += QStringLiteral(" AND (finished_at, id) %1 (?, ?)").arg(beyond);
                bound << from.key << from.id;
            }
            sql += QStringLiteral(" ORDER BY finished_at %1, id %1 LIMIT ?").arg(direction);
            bound << window;
            QSqlQuery q = m_run(sql, bound);
            while (q.next())
                merged.push_back({q.value(0).toLongLong(), q.value(1).toLongLong()});
        }
        const auto before = [desc](const Entry &a, const Entry &b) {
            return desc ? (a.key > b.key || (a.key == b.key && a.id > b.id)) : (a.key < b.key || (a.key == b.key && a.id < b.id));
        };
        std::sort(merged.begin(), merged.end(), before);
        if (int(merged.size()) > window)
            merged.resize(size_t(window));
        read = int(merged.size());
        return merged;
    }
    sql = QStringLiteral("SELECT id FROM jobs");
    if (from.started) {
        sql += QStringLiteral(" WHERE id %1 ?").arg(beyond);
        values << from.key;
    }
    sql += QStringLiteral(" ORDER BY id %1 LIMIT ?").arg(direction);
    values << window;
    QSqlQuery q = m_run(sql, values);
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        out.push_back({id, id});
    }
    read = int(out.size());
    return out;
}

QString SqliteHistory::residual(const HistoryQuery &query, QVariantList &values) const
{
    const Order order = query.effectiveOrder();
    const bool byFinishing = order == Order::FinishedNewest || order == Order::FinishedOldest;
    QStringList where;
    const QList<JobState> states = finishedStates(query);
    if (!byFinishing) { // the finishing-order streams are per state already
        QStringList marks;
        for (JobState s : states) {
            marks << QStringLiteral("?");
            values << stateName(s);
        }
        where << (marks.isEmpty() ? QStringLiteral("0") : QStringLiteral("j.state IN (%1)").arg(marks.join(u',')));
    }
    if (!query.kind.isEmpty()) {
        where << QStringLiteral("j.kind = ?");
        values << query.kind;
    }
    if (!query.queue.isEmpty()) {
        where << QStringLiteral("j.queue = ?");
        values << query.queue;
    }
    if (!byFinishing && query.finishedFromMs > 0) {
        where << QStringLiteral("j.finished_at >= ?");
        values << query.finishedFromMs;
    }
    if (!byFinishing && query.finishedToMs > 0) {
        where << QStringLiteral("j.finished_at < ?");
        values << query.finishedToMs;
    }
    return where.join(QStringLiteral(" AND "));
}

HistoryCursor SqliteHistory::after(const HistoryQuery &query, const Entry &entry) const
{
    HistoryCursor c;
    c.started = true;
    if (query.searching()) {
        const bool desc = descending(query.effectiveOrder());
        c.key = desc ? entry.id << kLogBits : (entry.id + 1) << kLogBits;
    } else {
        c.key = entry.key;
    }
    c.id = entry.id;
    return c;
}

HistoryResult SqliteHistory::page(const HistoryQuery &query, const HistoryCursor &from, int limit, int scanBudget)
{
    HistoryResult page;
    page.next = from;
    limit = std::max(1, limit);
    if (query.searching() && fullTextQuery(query.search).isEmpty()) {
        page.end = true; // nothing searchable was typed: nothing can match
        return page;
    }
    QVariantList filterValues;
    const QString filter = residual(query, filterValues);
    int scanned = 0;
    int window = filter.isEmpty() ? limit : std::max(limit * 2, 128);
    while (int(page.jobs.size()) < limit) {
        window = std::max(1, std::min(window, scanBudget - scanned));
        int read = 0;
        const std::vector<Entry> batch = entries(query, page.next, window, read);
        scanned += read;
        if (batch.empty()) {
            page.end = true;
            break;
        }
        // First which entries pass the filters (ids only), then whole rows for just the ones the page takes:
        // decoding rows that a full page leaves out is most of the cost of a wide window.
        QSet<qint64> passing;
        if (!filter.isEmpty()) {
            std::vector<qint64> ids;
            ids.reserve(batch.size());
            for (const Entry &e : batch)
                ids.push_back(e.id);
            QVariantList values{QString::fromLatin1(SqliteJobRows::idList(ids))};
            values += filterValues;
            QSqlQuery q = m_run(QStringLiteral("SELECT j.id FROM jobs j WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) AND ")
                                    + filter,
                                values);
            while (q.next())
                passing.insert(q.value(0).toLongLong());
        }
        std::vector<Entry> taken;
        bool full = false;
        for (const Entry &e : batch) {
            page.next = after(query, e);
            if (!filter.isEmpty() && !passing.contains(e.id))
                continue;
            taken.push_back(e);
            if (int(page.jobs.size() + taken.size()) == limit) {
                full = true;
                break;
            }
        }
        if (!taken.empty()) {
            std::vector<qint64> ids;
            for (const Entry &e : taken)
                ids.push_back(e.id);
            QHash<qint64, JobRecord> found;
            QSqlQuery q = m_run(SqliteJobRows::selectFrom() + QStringLiteral(" WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))"),
                                {QString::fromLatin1(SqliteJobRows::idList(ids))});
            while (q.next()) {
                JobRecord job = SqliteJobRows::read(q);
                found.insert(job.id, std::move(job));
            }
            for (const Entry &e : taken) {
                auto it = found.find(e.id);
                if (it != found.end()) // gone since the filter read: deleted in between
                    page.jobs.push_back(std::move(*it));
            }
        }
        if (full)
            break;
        if (read < window) { // the source ran out
            page.end = true;
            break;
        }
        if (scanned >= scanBudget)
            break;
        // Size the next window by how often entries passed so far, so a rare filter takes two reads, not six.
        const int matched = int(taken.size());
        const int needed = limit - int(page.jobs.size());
        const double rate = double(std::max(matched, 1)) / double(std::max(read, 1));
        window = int(std::clamp(double(needed) / rate * 1.25, double(window), double(kLargestWindow)));
    }
    return page;
}

BoundedCount SqliteHistory::count(const HistoryQuery &query, qint64 cap, int scanBudget)
{
    BoundedCount result;
    if (query.searching() && fullTextQuery(query.search).isEmpty())
        return result;
    QVariantList filterValues;
    const QString filter = residual(query, filterValues);
    HistoryCursor cursor;
    int scanned = 0;
    const int window = std::max(1, std::min(kLargestWindow, scanBudget));
    for (;;) {
        int read = 0;
        const std::vector<Entry> batch = entries(query, cursor, window, read);
        if (batch.empty())
            break;
        scanned += read;
        cursor = after(query, batch.back());
        if (filter.isEmpty()) {
            result.count += qint64(batch.size());
        } else {
            std::vector<qint64> ids;
            ids.reserve(batch.size());
            for (const Entry &e : batch)
                ids.push_back(e.id);
            QVariantList values{QString::fromLatin1(SqliteJobRows::idList(ids))};
            values += filterValues;
            QSqlQuery q = m_run(QStringLiteral("SELECT count(*) FROM jobs j WHERE j.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) "
                                               "AND ") + filter,
                                values);
            if (q.next())
                result.count += q.value(0).toLongLong();
        }
        if (result.count > cap) {
            result.count = cap;
            result.exact = false;
            return result;
        }
        if (read < window)
            break;
        if (scanned >= scanBudget) {
            result.exact = false;
            return result;
        }
    }
    return result;
}

} // namespace jobdeck
