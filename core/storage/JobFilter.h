#pragma once

#include "model/JobState.h"

#include <QList>
#include <QHash>
#include <QString>

namespace jobdeck {

// Which jobs a page read returns. Pages are keyset-paged by id, newest first unless ascending.
struct JobFilter {
    QList<JobState> states;
    QString kind;
    QString queue;
    qint64 beforeId = 0; // 0: from the newest
    int limit = 100;
};

// One row of the store's running counts.
struct JobCount {
    QString queue;
    QString kind;
    JobState state = JobState::Queued;
    qint64 count = 0;
};

// What happened in one minute (epoch minute = ms / 60,000); the depth columns are as of the last change in it.
struct MinuteStats {
    qint64 minute = 0;
    qint64 enqueued = 0;
    qint64 succeeded = 0;
    qint64 failed = 0; // attempts that failed, retried or not
    qint64 queued = -1;  // -1: not sampled in this minute (unchanged since the previous sample)
    qint64 running = -1;
};

struct StoreStats {
    QHash<QString, qint64> byState;                 // state name -> count
    QHash<QString, QHash<QString, qint64>> byQueue; // queue -> state name -> count
};

} // namespace jobdeck
