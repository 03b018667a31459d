#pragma once

#include <QProxyStyle>

namespace jobdeck {

// Fusion with check boxes that show on a dark palette. Fusion draws a box's frame in a shade of the window colour,
// which on the dark palette is all but the colour of the list or dialog behind it, so unticked boxes (a schedule's
// exclusion calendars, Settings' options) could not be seen. This draws the frame again in the palette's Mid.
class CheckFrameStyle final : public QProxyStyle {
public:
    CheckFrameStyle();

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget = nullptr) const override;
};

} // namespace jobdeck
