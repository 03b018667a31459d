#include "DayGridLayout.h"

#include <algorithm>

namespace jobdeck {

namespace {
constexpr int kMargin = 2; // between a row's lines and its chips, and between lanes
} // namespace

int DayGridLayout::chipHeight(int rowHeight)
{
    return std::clamp(rowHeight - 2 * kMargin, kMinRowHeight - 2 * kMargin, 20);
}

int DayGridLayout::lanes(int columnWidth)
{
    return std::max(1, (columnWidth - 2 * kMargin) / kMinLaneWidth);
}

int DayGridLayout::capacity(int rowHeight, int chipHeight, int lanes)
{
    const int stacked = std::max(1, (rowHeight - kMargin) / std::max(1, chipHeight));
    return stacked * lanes;
}

int DayGridLayout::expandedHeight(int groups, int chipHeight, int lanes)
{
    const int rows = (groups + lanes - 1) / std::max(1, lanes);
    return kFoldHeight + kMargin + rows * chipHeight + kMargin;
}

std::array<int, 25> DayGridLayout::rowTops(int top, int bottom, std::optional<int> expandedHour, int expandedHeight)
{
    std::array<int, 25> tops{};
    const int total = std::max(0, bottom - top);
    int tall = 0;
    if (expandedHour && *expandedHour >= 0 && *expandedHour < 24 && expandedHeight * 24 > total)
        tall = std::clamp(expandedHeight, total / 24, std::max(total / 24, total - 23 * kMinRowHeight));
    const int rest = total - tall;
    const int others = tall > 0 ? 23 : 24;
    int shared = 0; // rows other than the expanded one laid out so far
    for (int h = 0; h <= 24; ++h) {
        const bool pastTall = tall > 0 && h > *expandedHour;
        tops[size_t(h)] = top + shared * rest / others + (pastTall ? tall : 0);
        if (h < 24 && !(tall > 0 && h == *expandedHour))
            ++shared;
    }
    tops[24] = bottom;
    return tops;
}

DayGridLayout::Result DayGridLayout::layout(const std::vector<Group> &groups, const Geometry &g)
{
    Result result;
    result.rects.resize(groups.size());
    std::array<std::vector<int>, 24> byHour;
    for (size_t i = 0; i < groups.size(); ++i)
        byHour[size_t(std::clamp(groups[i].hour, 0, 23))].push_back(int(i));
    const auto rowHeight = [&](int h) { return g.rowTops[size_t(h + 1)] - g.rowTops[size_t(h)]; };
    // Dense: more groups than a row of the usual height shows. Only a dense hour gets the fold header.
    const int usualHeight = (g.rowTops[24] - g.rowTops[0]) / 24;
    const auto isExpanded = [&](int h) {
        return g.expandedHour == h && int(byHour[size_t(h)].size()) > capacity(usualHeight, g.chipHeight, g.lanes);
    };
    const auto collapses = [&](int h) {
        return !isExpanded(h) && int(byHour[size_t(h)].size()) > capacity(rowHeight(h), g.chipHeight, g.lanes);
    };
    // Lanes as wide as the busiest hour that is drawn group by group needs, so lanes line up down the column.
    int lanes = 1;
    for (int h = 0; h < 24; ++h) {
        if (!collapses(h))
            lanes = std::max(lanes, std::min<int>(g.lanes, int(byHour[size_t(h)].size())));
    }
    const int left = g.column.left() + kMargin;
    const int width = g.column.width() - 2 * kMargin;
    const auto cell = [&](int lane, int y, int height) {
        const int x0 = left + lane * width / lanes, x1 = left + (lane + 1) * width / lanes;
        return QRect(x0, y, x1 - x0 - kMargin, height);
    };

    for (int h = 0; h < 24; ++h) {
        const std::vector<int> &items = byHour[size_t(h)];
        if (items.empty())
            continue;
        const int top = g.rowTops[size_t(h)], bottom = g.rowTops[size_t(h + 1)];
        const int chip = std::max(1, std::min(g.chipHeight, bottom - top - kMargin));
        if (collapses(h)) {
            result.blocks.push_back({BlockKind::Runs, h, QRect(left, top + kMargin / 2 + 1, width - kMargin, std::max(1, bottom - top - kMargin - 1)), items});
            continue;
        }
        int y0 = top + kMargin / 2 + 1;
        size_t shown = items.size();
        if (isExpanded(h)) {
            result.blocks.push_back({BlockKind::Fold, h, QRect(left, y0, width - kMargin, kFoldHeight - kMargin), items});
            y0 += kFoldHeight;
            const int room = std::max(1, (bottom - y0 - kMargin / 2) / chip) * lanes;
            if (int(items.size()) > room)
                shown = size_t(room - 1);
        }
        // Chips line up at the top of their row (their text says the minute): a row of ragged heights reads worse
        // than the few pixels a minute is worth.
        for (size_t k = 0; k < shown; ++k) {
            const int lane = int(k) % lanes, row = int(k) / lanes;
            result.rects[size_t(items[k])] = cell(lane, y0 + row * chip, chip - 1);
        }
        if (shown < items.size()) {
            const int k = int(shown);
            result.blocks.push_back({BlockKind::More, h, cell(k % lanes, y0 + (k / lanes) * chip, chip - 1),
                                     std::vector<int>(items.begin() + std::ptrdiff_t(shown), items.end())});
        }
    }
    return result;
}

} // namespace jobdeck
