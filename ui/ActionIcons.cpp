#include "ActionIcons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <functional>

namespace jobdeck {

namespace {

// Paints one icon at several sizes on a 16-unit grid; `draw` works in those units.
QIcon paintIcon(const QPalette &palette, const std::function<void(QPainter &, const QColor &)> &draw)
{
    QIcon icon;
    const QColor normal = palette.color(QPalette::Active, QPalette::WindowText);
    const QColor disabled = palette.color(QPalette::Disabled, QPalette::WindowText);
    for (const int size : {16, 20, 24, 32, 48}) {
        for (const auto &[mode, colour] : {std::pair{QIcon::Normal, normal}, std::pair{QIcon::Disabled, disabled}}) {
            QPixmap pm(size, size);
            pm.fill(Qt::transparent);
            QPainter p(&pm);
            p.setRenderHint(QPainter::Antialiasing);
            p.scale(size / 16.0, size / 16.0);
            draw(p, colour);
            p.end();
            icon.addPixmap(pm, mode);
        }
    }
    return icon;
}

QPen strokePen(const QColor &c)
{
    return QPen(c, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

} // namespace

QIcon ActionIcons::newJob(const QPalette &palette)
{
    return paintIcon(palette, [](QPainter &p, const QColor &c) {
        p.setPen(strokePen(c));
        p.drawRoundedRect(QRectF(2, 2, 12, 12), 2.5, 2.5);
        p.drawLine(QPointF(8, 5), QPointF(8, 11));
        p.drawLine(QPointF(5, 8), QPointF(11, 8));
    });
}

QIcon ActionIcons::cancel(const QPalette &palette)
{
    return paintIcon(palette, [](QPainter &p, const QColor &c) {
        p.setPen(strokePen(c));
        p.drawEllipse(QRectF(2, 2, 12, 12));
        p.drawLine(QPointF(5.8, 5.8), QPointF(10.2, 10.2));
        p.drawLine(QPointF(10.2, 5.8), QPointF(5.8, 10.2));
    });
}

QIcon ActionIcons::pause(const QPalette &palette)
{
    return paintIcon(palette, [](QPainter &p, const QColor &c) {
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRoundedRect(QRectF(4, 3, 3, 10), 1, 1);
        p.drawRoundedRect(QRectF(9, 3, 3, 10), 1, 1);
    });
}

QIcon ActionIcons::resume(const QPalette &palette)
{
    return paintIcon(palette, [](QPainter &p, const QColor &c) {
        p.setPen(QPen(c, 1.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(c);
        QPainterPath triangle;
        triangle.moveTo(5, 3);
        triangle.lineTo(13, 8);
        triangle.lineTo(5, 13);
        triangle.closeSubpath();
        p.drawPath(triangle);
    });
}

QIcon ActionIcons::refresh(const QPalette &palette)
{
    return paintIcon(palette, [](QPainter &p, const QColor &c) {
        p.setPen(strokePen(c));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(3, 3, 10, 10), 60 * 16, 280 * 16);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        QPainterPath head;
        head.moveTo(10.2, 1.6);
        head.lineTo(13.6, 4.6);
        head.lineTo(9.4, 5.9);
        head.closeSubpath();
        p.drawPath(head);
    });
}

} // namespace jobdeck
