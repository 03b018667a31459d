#include "ProgressDelegate.h"

#include "JobRoles.h"
#include "model/JobState.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionProgressBar>
#include <algorithm>

namespace jobdeck {

namespace {
constexpr int kSteps = 1000; // bar resolution: per mille, finer than a pixel at any sensible column width
}

ProgressDelegate::ProgressDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant stateValue = index.data(JobRoles::StateRole);
    const QVariant progressValue = index.data(JobRoles::ProgressRole);
    if (!stateValue.isValid() || !progressValue.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const auto state = static_cast<JobState>(stateValue.toInt());
    const double fraction = std::clamp(progressValue.toDouble(), 0.0, 1.0);

    // The cell background (selection, alternating rows) first, without the display text.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    QStyle *style = cell.widget ? cell.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, cell.widget);

    if (state == JobState::Succeeded) {
        // A column of full bars would drown the running ones; a quiet "done" says the same.
        painter->save();
        painter->setPen(option.palette.color(QPalette::Active, option.state & QStyle::State_Selected
                                                                   ? QPalette::HighlightedText
                                                                   : QPalette::PlaceholderText));
        painter->drawText(option.rect.adjusted(8, 0, -8, 0), Qt::AlignLeft | Qt::AlignVCenter, tr("done"));
        painter->restore();
        return;
    }
    if (state != JobState::Running && fraction <= 0)
        return;

    QStyleOptionProgressBar bar;
    if (cell.widget)
        bar.initFrom(cell.widget);
    bar.state = option.state & QStyle::State_Enabled;
    if (state != JobState::Running)
        bar.state &= ~QStyle::State_Enabled; // stopped part-way: show where, but not as live
    bar.state |= QStyle::State_Horizontal;
    bar.direction = option.direction;
    bar.fontMetrics = option.fontMetrics;
    bar.palette = option.palette;
    const int vMargin = std::max(3, (option.rect.height() - option.fontMetrics.height() - 4) / 2);
    const QRect area = option.rect.adjusted(6, vMargin, -6, -vMargin);
    // A short bar with the percentage, the handler's text beside it: text across the bar's edge is hard to read.
    const QString detail = index.data(JobRoles::ProgressTextRole).toString();
    const int barWidth = detail.isEmpty() ? area.width() : std::clamp(area.width() / 2, 48, 110);
    bar.rect = QRect(area.left(), area.top(), barWidth, area.height());
    bar.minimum = 0;
    bar.maximum = kSteps;
    bar.progress = int(fraction * kSteps);
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.text = QStringLiteral("%1%").arg(int(fraction * 100));
    const QRect detailRect = area.adjusted(barWidth + 8, 0, 0, 0);
    if (!detail.isEmpty() && detailRect.width() > option.fontMetrics.averageCharWidth() * 4) {
        painter->save();
        const bool selected = option.state & QStyle::State_Selected;
        painter->setPen(option.palette.color(QPalette::Active, selected ? QPalette::HighlightedText
                                                                        : QPalette::PlaceholderText));
        painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(detail, Qt::ElideRight, detailRect.width()));
        painter->restore();
    }
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, cell.widget);
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 160));
    return size;
}

} // namespace jobdeck
