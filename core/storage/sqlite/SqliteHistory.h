#pragma once

#include "storage/HistoryQuery.h"

#include <QVariantList>
#include <functional>

class QSqlQuery;

namespace jobdeck {

class SqliteConnection;

// The history reads of SqliteReader. Jobs come from one ordered source: the finishing-order index, the id order,
// or the text index. The source is read in windows of entries and the other filters are applied to each window,
// so a page costs about the same at a hundred jobs or a million, and a filter that matches little stops after a
// budget instead of reading everything. Used on the reader's thread.
class SqliteHistory {
public:
    using Run = std::function<QSqlQuery(const QString &sql, const QVariantList &values)>;
    // `postgres`: the text index is PostgreSQL's (GIN over jobs and job_log) instead of SQLite's FTS5 table.
    SqliteHistory(Run run, bool postgres) : m_run(std::move(run)), m_postgres(postgres) {}

    HistoryResult page(const HistoryQuery &query, const HistoryCursor &from, int limit, int scanBudget);
    // Counts through windows; callers with only state, kind and queue filters read the kept counts instead.
    BoundedCount count(const HistoryQuery &query, qint64 cap, int scanBudget);

private:
    struct Entry {
        qint64 key = 0; // position in the source's order
        qint64 id = 0;  // the job
    };
    // Up to `window` source entries after `from`, one per job; `read` says how many the source gave (fewer than
    // `window`: it is exhausted).
    std::vector<Entry> entries(const HistoryQuery &query, const HistoryCursor &from, int window, int &read);
    // Conditions on the jobs themselves (j) that the source does not already guarantee; empty if none.
    QString residual(const HistoryQuery &query, QVariantList &values) const;
    HistoryCursor after(const HistoryQuery &query, const Entry &entry) const;

    Run m_run;
    bool m_postgres;
};

} // namespace jobdeck
