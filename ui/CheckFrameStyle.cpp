#include "CheckFrameStyle.h"

#include <QPainter>
#include <QStyleOption>

namespace jobdeck {

CheckFrameStyle::CheckFrameStyle() : QProxyStyle(QStringLiteral("Fusion"))
{
}

void CheckFrameStyle::drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                                    const QWidget *widget) const
{
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    // Item views' boxes are drawn through this element too.
    if (element != PE_IndicatorCheckBox || option->palette.color(QPalette::Window).lightness() >= 128)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setBrush(Qt::NoBrush);
    painter->setPen(option->palette.color(QPalette::Mid).lighter(130));
    painter->drawRect(option->rect.adjusted(0, 0, -1, -1));
    painter->restore();
}

} // namespace jobdeck
