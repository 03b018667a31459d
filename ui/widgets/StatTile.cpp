#include "StatTile.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace jobdeck {

StatTile::StatTile(const QString &title, QWidget *parent) : QWidget(parent), m_title(title)
{
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setAttribute(Qt::WA_Hover);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(title);
}

void StatTile::setValue(const QString &value)
{
    if (value == m_value)
        return;
    m_value = value;
    setAccessibleDescription(value);
    update();
}

void StatTile::setCaption(const QString &caption)
{
    if (caption == m_caption)
        return;
    m_caption = caption;
    update();
}

void StatTile::setAccent(const QColor &color)
{
    m_accent = color;
    update();
}

QSize StatTile::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(QLatin1Char('M')) * 11, fm.height() * 5 + 22};
}

QSize StatTile::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(QLatin1Char('M')) * 7, fm.height() * 5 + 22};
}

void StatTile::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF card = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QColor background = pal.color(QPalette::Base);
    QColor border = pal.color(QPalette::Mid);
    border.setAlphaF(0.6);
    if (m_hovered || hasFocus())
        border = pal.color(QPalette::Highlight);
    QPainterPath shape;
    shape.addRoundedRect(card, 10, 10);
    p.fillPath(shape, background);
    p.setPen(QPen(border, hasFocus() ? 1.5 : 1.0));
    p.drawPath(shape);

    const QColor accent = m_accent.isValid() ? m_accent : pal.color(QPalette::PlaceholderText);
    // A short bar at the top left says which family of figures the tile belongs to.
    p.setPen(Qt::NoPen);
    p.setBrush(accent);
    p.drawRoundedRect(QRectF(14, 12, 22, 4), 2, 2);

    const int left = 14;
    const int width = this->width() - 2 * left;
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.92);
    const QFontMetrics titleMetrics(titleFont);
    p.setFont(titleFont);
    p.setPen(pal.color(QPalette::PlaceholderText));
    int y = 24;
    p.drawText(QRect(left, y, width, titleMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               titleMetrics.elidedText(m_title, Qt::ElideRight, width));
    y += titleMetrics.height() + 2;

    QFont valueFont = font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 2.0);
    valueFont.setWeight(QFont::DemiBold);
    const QFontMetrics valueMetrics(valueFont);
    p.setFont(valueFont);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRect(left, y, width, valueMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
               valueMetrics.elidedText(m_value, Qt::ElideRight, width));
    y += valueMetrics.height();

    if (!m_caption.isEmpty()) {
        p.setFont(titleFont);
        p.setPen(m_accent.isValid() ? accent : pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(left, y, width, titleMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   titleMetrics.elidedText(m_caption, Qt::ElideRight, width));
    }
}

void StatTile::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT activated();
    QWidget::mouseReleaseEvent(event);
}

void StatTile::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        Q_EMIT activated();
        return;
    }
    QWidget::keyPressEvent(event);
}

void StatTile::enterEvent(QEnterEvent *event)
{
    m_hovered = true;
    update();
    QWidget::enterEvent(event);
}

void StatTile::leaveEvent(QEvent *event)
{
    m_hovered = false;
    update();
    QWidget::leaveEvent(event);
}

} // namespace jobdeck
