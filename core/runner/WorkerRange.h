#pragma once

#include <QString>
#include <optional>

namespace jobdeck {

// How many workers a runner may have: a fixed number (`--workers 4`) or a range it scales within
// (`--workers 2..8`). Value type.
struct WorkerRange {
    static constexpr int kMostWorkers = 1024;

    int min = 1;
    int max = 1;

    bool isFixed() const { return min == max; }
    // "4" or "2..8".
    QString toString() const;
    bool operator==(const WorkerRange &other) const = default;

    // "N" or "MIN..MAX" with 1 <= MIN <= MAX <= 1024. Nothing, and `error` set to a sentence for the user, otherwise.
    static std::optional<WorkerRange> parse(const QString &text, QString *error);
};

} // namespace jobdeck
