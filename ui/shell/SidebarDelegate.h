#pragma once

#include <QStyledItemDelegate>

namespace jobdeck {

// Paints a sidebar entry: icon, name, and a rounded badge at the right, on a rounded highlight when current.
class SidebarDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    enum Role { BadgeRole = Qt::UserRole + 1, BadgeToneRole };
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace jobdeck
