#pragma once

#include "schedule/CalendarProjection.h"

#include <QColor>
#include <QPalette>

namespace jobdeck {

// How calendar entries look: past runs coloured by outcome (the job's state when it ran, or skipped,
// excluded, misfired), occurrences to come in the accent colour, one-off jobs like scheduled jobs. Shared by
// the views, the details panel and the legend, so they agree.
class CalendarStyle {
public:
    static QColor color(const CalendarEntry &entry, const QPalette &palette);
    // Drawn hollow: it has not happened yet.
    static bool isHollow(const CalendarEntry &entry);
    // "Succeeded", "Skipped", "Planned" ...: what the colour means.
    static QString statusText(const CalendarEntry &entry);
    // The legend: (label, colour, hollow) for each kind of mark.
    struct Key {
        QString label;
        QColor color;
        bool hollow = false;
    };
    static QList<Key> legend(const QPalette &palette);

    static QColor skippedColor(const QPalette &palette);
    static QColor excludedColor(const QPalette &palette);
    static QColor misfiredColor(const QPalette &palette);
    static QColor plannedColor(const QPalette &palette);
    static QColor daylightColor(const QPalette &palette);
};

} // namespace jobdeck
