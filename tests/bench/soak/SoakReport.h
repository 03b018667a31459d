#pragma once

#include "KillLoop.h"
#include "SoakJobs.h"
#include "SoakOptions.h"
#include "SoakVerdict.h"

#include <QJsonObject>
#include <QStringList>

namespace jobdeck::soak {

// One run's figures, as the report prints them.
struct SoakResult {
    SoakJobs jobs;
    KillFigures runners;
    SoakVerdict verdict;
    double seconds = 0;
    QStringList problems; // what kept the soak itself from completing (the enqueue, the drain)

    // The four counts the soak exists for, and the faults found beside them, are all zero.
    bool passed() const;
};

QStringList toLines(const SoakOptions &options, const SoakResult &result);
QJsonObject toJson(const SoakOptions &options, const SoakResult &result);

} // namespace jobdeck::soak
