#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QRect>
#include <QString>

class QPainter;

namespace jobdeck {

// How the day and week views draw an hour's block: a collapsed hour ("N runs", its schedules after it, a chevron
// to expand) or the header of the expanded hour ("N runs, HH:00–HH:59", Fold). Neutral tiles with an edge, so they
// read as something to click rather than as runs; a bar in the colour of the run that most needs attention.
class HourBlockPainter {
public:
    struct Block {
        QRect rect;
        QString count;  // "N runs"
        QString detail; // the schedules in it
        QColor accent;
        bool fold = false; // the expanded hour's header
        int hour = 0;
    };
    static void paint(QPainter &painter, const Block &block, const QPalette &palette, const QFont &font);
};

} // namespace jobdeck
