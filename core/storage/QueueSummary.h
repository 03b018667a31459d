#pragma once

#include "model/JobState.h"
#include "model/QueueRate.h"

#include <QString>
#include <array>
#include <vector>

namespace jobdeck {

class StoreReader;

// One queue as the window's Queue page and `jobdeck queue list` show it: its jobs in each state and its settings.
// Every queue that has jobs or settings has one, so a paused or limited queue with no jobs still shows. Value type.
struct QueueSummary {
    QString name;
    std::array<qint64, kStateCount> counts{};
    int limit = 0; // 0: no limit beyond the workers
    bool paused = false;
    QueueRate rate;
    qint64 nextStartAtMs = 0; // see QueueInfo

    qint64 count(JobState state) const { return counts[size_t(state)]; }
    bool operator==(const QueueSummary &other) const = default;

    // Every queue with jobs or settings, by name, from the store's kept counts (cheap). Throws StoreError.
    static std::vector<QueueSummary> read(StoreReader &reader);
};

} // namespace jobdeck
