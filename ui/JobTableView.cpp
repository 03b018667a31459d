#include "JobTableView.h"

#include "Icons.h"

#include <QPaintEvent>
#include <QPainter>
#include <QTextOption>

namespace jobdeck {

namespace {

constexpr int kIconSide = 40;
constexpr int kMaxTextWidth = 440; // a short paragraph, not a line across a wide table

} // namespace

JobTableView::JobTableView(QWidget *parent) : QTableView(parent) {}

void JobTableView::setEmptyText(const QString &title, const QString &hint, const QString &icon)
{
    m_emptyTitle = title;
    m_emptyHint = hint;
    m_emptyIcon = icon;
    viewport()->update();
}

void JobTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!model() || model()->rowCount() > 0 || m_emptyTitle.isEmpty())
        return;

    // An icon, a title and a paragraph, centred as one block and wrapped at word boundaries to the width there is.
    QPainter p(viewport());
    const QRect area = viewport()->rect().adjusted(24, 16, -24, -16);
    const int width = std::min(area.width(), kMaxTextWidth);
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setWeight(QFont::DemiBold);
    const int flags = Qt::AlignHCenter | Qt::TextWordWrap;
    const QRect titleBounds = QFontMetrics(titleFont).boundingRect(QRect(0, 0, width, 10'000), flags, m_emptyTitle);
    const QRect hintBounds = m_emptyHint.isEmpty() ? QRect()
                                                   : fontMetrics().boundingRect(QRect(0, 0, width, 10'000), flags, m_emptyHint);
    const bool withIcon = !m_emptyIcon.isEmpty() && area.height() > 3 * kIconSide + titleBounds.height() + hintBounds.height();
    const int iconHeight = withIcon ? kIconSide + 12 : 0;
    const int height = iconHeight + titleBounds.height() + (hintBounds.isEmpty() ? 0 : 8 + hintBounds.height());
    // Slightly above centre, where the eye expects a message rather than a footer; never above the area's top.
    int top = area.top() + std::max(0, (area.height() - height) * 2 / 5);
    const int left = area.left() + (area.width() - width) / 2;

    const QColor quiet = palette().color(QPalette::PlaceholderText);
    if (withIcon) {
        Icons::tinted(m_emptyIcon, quiet).paint(&p, QRect(area.left() + (area.width() - kIconSide) / 2, top, kIconSide, kIconSide));
        top += iconHeight;
    }
    p.setFont(titleFont);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(left, top, width, titleBounds.height()), flags, m_emptyTitle);
    top += titleBounds.height() + 8;
    if (hintBounds.isEmpty())
        return;
    p.setFont(font());
    p.setPen(quiet);
    p.drawText(QRect(left, top, width, hintBounds.height()), flags, m_emptyHint);
}

} // namespace jobdeck
