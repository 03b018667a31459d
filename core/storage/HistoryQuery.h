#pragma once

#include "model/JobRecord.h"

#include <QList>
#include <QString>
#include <vector>

namespace jobdeck {

// Which finished jobs a history read returns, and in what order. Value type.
struct HistoryQuery {
    enum class Order { FinishedNewest, FinishedOldest, IdNewest, IdOldest };

    QList<JobState> states;    // finished states to include (succeeded, dead, cancelled); empty: all three
    QString kind;              // empty: any
    QString queue;             // empty: any
    qint64 finishedFromMs = 0; // inclusive; 0: no lower bound
    qint64 finishedToMs = 0;   // exclusive; 0: no upper bound
    // Words that must all occur in one place: the payload and error together, or one log line. Empty: no search.
    QString search;
    Order order = Order::FinishedNewest; // with a search, only the id orders apply (finishing order reads as newest id)

    bool searching() const { return !search.trimmed().isEmpty(); }
    // The order in effect: a search runs through the text index, which yields jobs by id.
    Order effectiveOrder() const;
    bool operator==(const HistoryQuery &) const = default;
};

// Where a history read continues. Opaque to callers: pass back what the last page returned.
struct HistoryCursor {
    bool started = false; // false: from the first job in order
    qint64 key = 0;       // the position reached (a finishing time, a job id or a text-index entry)
    qint64 id = 0;        // tie-break within equal finishing times
};

struct HistoryResult {
    std::vector<JobRecord> jobs;
    HistoryCursor next;
    bool end = false;  // no job follows `next`
};

// A count that stops early instead of reading a million rows: exact, or "at least count".
struct BoundedCount {
    qint64 count = 0;
    bool exact = true;
};

// The search box's words as a full-text query: every word must occur, each as a prefix ("phot" finds "photo").
// Empty when the text holds nothing searchable (only punctuation).
QString fullTextQuery(const QString &search);
// The same query for PostgreSQL's to_tsquery('simple', …): each word's tokens in sequence, the last as a prefix.
QString postgresTextQuery(const QString &search);

} // namespace jobdeck
