#include "SidebarDelegate.h"

#include "Navigator.h"
#include "StateStyle.h"

#include <QPainter>
#include <QPainterPath>

namespace jobdeck {

namespace {

QColor toneColor(Navigator::BadgeTone tone, const QPalette &palette)
{
    switch (tone) {
    case Navigator::BadgeTone::Accent:
        return StateStyle::color(JobState::Running, palette);
    case Navigator::BadgeTone::Warning:
        return StateStyle::color(JobState::Failed, palette);
    case Navigator::BadgeTone::Danger:
        return StateStyle::color(JobState::Dead, palette);
    case Navigator::BadgeTone::Quiet:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

} // namespace

void SidebarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const QRectF area = QRectF(option.rect).adjusted(8, 2, -8, -2);
    if (selected || hovered) {
        QColor fill = pal.color(QPalette::Highlight);
        if (!selected)
            fill.setAlphaF(0.12);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(area, 7, 7);
    }
    const int iconSize = 20;
    const QRect iconRect(int(area.left()) + 10, option.rect.center().y() - iconSize / 2 + 1, iconSize, iconSize);
    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    icon.paint(painter, iconRect, Qt::AlignCenter, selected ? QIcon::Selected : QIcon::Normal);

    QRectF textRect = area.adjusted(iconSize + 20, 0, -10, 0);
    const QString badge = index.data(BadgeRole).toString();
    if (!badge.isEmpty()) {
        QFont badgeFont = option.font;
        badgeFont.setPointSizeF(badgeFont.pointSizeF() * 0.85);
        badgeFont.setWeight(QFont::DemiBold);
        const QFontMetrics fm(badgeFont);
        const qreal h = fm.height() + 2;
        const qreal w = std::max<qreal>(h, fm.horizontalAdvance(badge) + 12);
        const QRectF pill(area.right() - 8 - w, area.center().y() - h / 2, w, h);
        const auto tone = static_cast<Navigator::BadgeTone>(index.data(BadgeToneRole).toInt());
        QColor fill = toneColor(tone, pal);
        QColor text = Qt::white;
        if (selected) {
            fill = pal.color(QPalette::HighlightedText);
            text = pal.color(QPalette::Highlight);
        } else if (tone == Navigator::BadgeTone::Quiet) {
            fill.setAlphaF(0.25);
            text = pal.color(QPalette::WindowText);
        }
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(pill, h / 2, h / 2);
        painter->setFont(badgeFont);
        painter->setPen(text);
        painter->drawText(pill, Qt::AlignCenter, badge);
        textRect.setRight(pill.left() - 6);
    }
    QFont font = option.font;
    if (selected)
        font.setWeight(QFont::DemiBold);
    painter->setFont(font);
    painter->setPen(pal.color(selected ? QPalette::HighlightedText : QPalette::WindowText));
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetrics(font).elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight,
                                                    int(textRect.width())));
    painter->restore();
}

QSize SidebarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return {180, std::max(36, option.fontMetrics.height() + 18)};
}

} // namespace jobdeck
