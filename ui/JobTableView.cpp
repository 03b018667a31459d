#include "JobTableView.h"

#include <QPaintEvent>
#include <QPainter>

namespace jobdeck {

JobTableView::JobTableView(QWidget *parent) : QTableView(parent) {}

void JobTableView::setEmptyText(const QString &title, const QString &hint)
{
    m_emptyTitle = title;
    m_emptyHint = hint;
    viewport()->update();
}

void JobTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!model() || model()->rowCount() > 0 || m_emptyTitle.isEmpty())
        return;

    QPainter p(viewport());
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setWeight(QFont::DemiBold);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics hintMetrics(font());
    const QRect hintBounds = hintMetrics.boundingRect(QRect(0, 0, std::min(area.width(), 460), 1000),
                                                      Qt::AlignHCenter | Qt::TextWordWrap, m_emptyHint);
    const int height = titleMetrics.height() + 8 + hintBounds.height();
    // Slightly above centre, where the eye expects a message rather than a footer.
    int top = area.top() + (area.height() - height) * 2 / 5;

    p.setFont(titleFont);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(area.left(), top, area.width(), titleMetrics.height()), Qt::AlignCenter, m_emptyTitle);
    top += titleMetrics.height() + 8;
    p.setFont(font());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(area.left() + (area.width() - hintBounds.width()) / 2, top, hintBounds.width(),
                     hintBounds.height()),
               Qt::AlignHCenter | Qt::TextWordWrap, m_emptyHint);
}

} // namespace jobdeck
