#pragma once

#include <QRect>
#include <array>
#include <optional>
#include <vector>

namespace jobdeck {

// Lays out one day's column of the day and week views. Each hour is a row; the groups of runs that start in it
// are drawn inside that row only, side by side in lanes and stacked when the row is tall enough, so no group is
// ever drawn over another or over the next hour. An hour with more groups than fit collapses into one "N runs"
// block, unless it is the expanded hour: that row grows (the others shrink) and shows its groups under a fold
// header, the last cell standing for the rest when even that is not enough. Pure geometry: the view paints what
// this returns, and tests check it without a widget.
class DayGridLayout {
public:
    struct Group {
        int hour = 0; // 0-23, the row it is drawn in
    };
    enum class BlockKind {
        Runs, // a collapsed hour: every group of the row
        Fold, // the header of the expanded hour, which folds it again
        More, // the expanded hour's last cell: the groups that did not fit
    };
    struct Block {
        BlockKind kind = BlockKind::Runs;
        int hour = 0;
        QRect rect;
        std::vector<int> groups; // indices into the input
    };
    struct Result {
        std::vector<QRect> rects; // per input group; empty when it is drawn as part of a block
        std::vector<Block> blocks;
    };
    struct Geometry {
        QRect column;                  // x and width of the day's column
        std::array<int, 25> rowTops{}; // hour h spans [rowTops[h], rowTops[h + 1])
        int chipHeight = 20;
        int lanes = 1; // at most this many groups side by side
        std::optional<int> expandedHour;
    };

    static constexpr int kFoldHeight = 18;
    static constexpr int kMinLaneWidth = 130;
    static constexpr int kMinRowHeight = 12;

    // `groups` in the order they are drawn in within an hour.
    static Result layout(const std::vector<Group> &groups, const Geometry &geometry);
    // How many groups an hour row of `rowHeight` shows before it collapses.
    static int capacity(int rowHeight, int chipHeight, int lanes);
    // The height the expanded hour needs to show `groups` groups.
    static int expandedHeight(int groups, int chipHeight, int lanes);
    // The rows of 24 hours between `top` and `bottom`: all alike, or the expanded hour `expandedHeight` tall (as far
    // as the others keep kMinRowHeight) and the others sharing the rest.
    static std::array<int, 25> rowTops(int top, int bottom, std::optional<int> expandedHour, int expandedHeight);
    static int chipHeight(int rowHeight);
    static int lanes(int columnWidth);
};

} // namespace jobdeck
