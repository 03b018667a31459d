#pragma once

#include "storage/Mutation.h"

#include <QString>
#include <functional>

namespace jobdeck {

// What the window says of a batch of commands once written: a line for the status bar, and whether it reports
// a problem (the database refused, or some commands did not apply).
struct WriteOutcome {
    QString text;
    bool problem = false;

    // `describe(applied, total)` words a batch the database took.
    static WriteOutcome of(const BatchResult &result, const std::function<QString(int applied, int total)> &describe);
};

} // namespace jobdeck
