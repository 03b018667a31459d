#pragma once

#include <QStyledItemDelegate>

namespace jobdeck {

// Draws a job's progress as the style's own progress bar, reading JobRoles::ProgressRole/ProgressTextRole/
// StateRole, so it works on any job model's progress column.
//
// Running jobs get a live bar; a job that stopped part-way keeps a greyed bar at where it stopped; waiting
// jobs get none, so the eye lands on the jobs that are moving.
class ProgressDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ProgressDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace jobdeck
