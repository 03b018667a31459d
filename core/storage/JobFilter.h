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

struct StoreStats {
    QHash<QString, qint64> byState;                 // state name -> count
    QHash<QString, QHash<QString, qint64>> byQueue; // queue -> state name -> count
};

} // namespace jobdeck
