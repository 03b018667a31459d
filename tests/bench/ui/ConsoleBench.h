#pragma once

#include <QString>
#include <vector>

namespace jobdeck::bench {

// The window over a database of a million jobs: how soon it shows, how soon History's first page and a search's
// first page arrive (through the page model and its read thread, as the user sees them), and the memory used.
struct ConsoleResult {
    double openMs = 0;       // database opened, engine and window made
    double shownMs = 0;      // ... and the window painted for the first time
    double readyMs = 0;      // ... and the Overview's figures and charts filled
    std::vector<std::pair<QString, double>> historyMs; // first page per query
    std::vector<std::pair<QString, double>> searchMs;  // first page per search
    double scrollPageMs = 0; // a further page when scrolling, median
    double peakRssMb = 0;
    QString problem;
};

ConsoleResult measureConsole(const QString &path);

} // namespace jobdeck::bench
