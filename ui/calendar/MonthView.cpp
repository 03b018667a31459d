#include "MonthView.h"

#include "CalendarStyle.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace jobdeck {

namespace {
constexpr int kHeaderHeight = 26;
constexpr int kDayLabelHeight = 22;
constexpr int kChipHeight = 18;
constexpr int kChipGap = 2;
constexpr int kGroupAbove = 2; // a schedule with more entries than this in a day gets one chip for them
} // namespace

MonthView::MonthView(QWidget *parent) : CalendarView(parent)
{
    setObjectName(QStringLiteral("monthView"));
}

int MonthView::shownMonth() const
{
    return m_first.addDays(14).month();
}

QRect MonthView::cellRect(int index) const
{
    const int w = width() - 1;
    const int h = height() - kHeaderHeight - 1;
    const int col = index % 7;
    const int row = index / 7;
    const int x0 = col * w / 7, x1 = (col + 1) * w / 7;
    const int y0 = kHeaderHeight + row * h / 6, y1 = kHeaderHeight + (row + 1) * h / 6;
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

int MonthView::cellAt(const QPoint &point) const
{
    for (int i = 0; i < 42; ++i) {
        if (cellRect(i).contains(point))
            return i;
    }
    return -1;
}

QPoint MonthView::pointOf(const QDate &date, const QTime &) const
{
    const qint64 index = m_first.daysTo(date);
    if (index < 0 || index >= 42)
        return {};
    const QRect r = cellRect(int(index));
    return QPoint(r.center().x(), r.bottom() - 6);
}

std::optional<CalendarView::Slot> MonthView::slotAt(const QPoint &point) const
{
    const int cell = cellAt(point);
    if (cell < 0)
        return std::nullopt;
    return Slot{m_first.addDays(cell), std::nullopt};
}

QString MonthView::markTip(const QPoint &point) const
{
    const int cell = cellAt(point);
    if (cell < 0)
        return {};
    const auto day = m_result.days.constFind(m_first.addDays(cell));
    if (day == m_result.days.constEnd())
        return {};
    QStringList lines;
    if (!day->daylightChange.isEmpty())
        lines << day->daylightChange;
    if (!day->excludedBy.isEmpty())
        lines << QStringLiteral("Excluded by %1").arg(day->excludedBy.join(QStringLiteral(", ")));
    return lines.join(QStringLiteral("<br>"));
}

void MonthView::layoutChips()
{
    m_chips.clear();
    if (!m_zone || !m_first.isValid())
        return;
    // Entries by day cell, in time order (the result is sorted).
    std::vector<std::vector<int>> byCell(42);
    for (size_t i = 0; i < m_result.entries.size(); ++i) {
        const qint64 cell = m_first.daysTo(m_zone->dateAt(m_result.entries[i].atMs));
        if (cell >= 0 && cell < 42)
            byCell[size_t(cell)].push_back(int(i));
    }
    for (int cell = 0; cell < 42; ++cell) {
        const std::vector<int> &items = byCell[size_t(cell)];
        if (items.empty())
            continue;
        // A schedule with many entries in the day gets one chip; others one chip per entry.
        std::vector<Chip> chips;
        std::vector<qint64> grouped;
        for (int i : items) {
            const CalendarEntry &e = entry(i);
            if (e.scheduleId > 0 && std::find(grouped.begin(), grouped.end(), e.scheduleId) != grouped.end())
                continue;
            std::vector<int> same;
            if (e.scheduleId > 0) {
                for (int j : items) {
                    if (entry(j).scheduleId == e.scheduleId)
                        same.push_back(j);
                }
            }
            if (same.size() > size_t(kGroupAbove)) {
                grouped.push_back(e.scheduleId);
                chips.push_back(chipOf(same));
            } else {
                chips.push_back(chipOf({i}));
            }
        }
        const QRect r = cellRect(cell);
        foldOverflow(chips, size_t(std::max(1, (r.height() - kDayLabelHeight - 2) / (kChipHeight + kChipGap))));
        int y = r.top() + kDayLabelHeight;
        for (Chip &chip : chips) {
            chip.rect = QRect(r.left() + 4, y, r.width() - 8, kChipHeight);
            y += kChipHeight + kChipGap;
            m_chips.push_back(std::move(chip));
        }
    }
}

void MonthView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QColor grid = pal.color(QPalette::Mid).lighter(125);
    const QColor muted = pal.color(QPalette::PlaceholderText);
    const QLocale english(QLocale::English);

    // Weekday names.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    small.setBold(true);
    p.setFont(small);
    p.setPen(muted);
    for (int col = 0; col < 7; ++col) {
        const QRect r(cellRect(col).left(), 0, cellRect(col).width(), kHeaderHeight);
        p.drawText(r.adjusted(8, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   english.dayName(col + 1, QLocale::ShortFormat).toUpper());
    }

    const int month = shownMonth();
    for (int cell = 0; cell < 42; ++cell) {
        const QRect r = cellRect(cell);
        const QDate date = m_first.addDays(cell);
        if (date.month() != month)
            p.fillRect(r, pal.color(QPalette::AlternateBase));
        const auto marks = m_result.days.constFind(date);
        const bool excluded = marks != m_result.days.constEnd() && !marks->excludedBy.isEmpty();
        if (excluded) {
            QColor hatch = CalendarStyle::excludedColor(pal);
            hatch.setAlphaF(0.22);
            p.fillRect(r, QBrush(hatch, Qt::BDiagPattern));
        }
        if (m_dropSlot && m_dropSlot->date == date) {
            QColor drop = pal.color(QPalette::Highlight);
            drop.setAlphaF(0.15);
            p.fillRect(r, drop);
        }
        p.setPen(grid);
        p.drawRect(r);

        // Day number; today in a filled circle.
        QFont dayFont = font();
        dayFont.setBold(date == m_today);
        p.setFont(dayFont);
        const QRect label(r.left() + 4, r.top() + 3, 22, 18);
        if (date == m_today) {
            p.save();
            p.setRenderHint(QPainter::Antialiasing);
            p.setPen(Qt::NoPen);
            p.setBrush(pal.color(QPalette::Highlight));
            p.drawEllipse(QRectF(label).adjusted(1, -1, -1, 1));
            p.restore();
            p.setPen(pal.color(QPalette::HighlightedText));
        } else {
            p.setPen(date.month() == month ? pal.color(QPalette::Text) : muted);
        }
        p.drawText(label, Qt::AlignCenter, QString::number(date.day()));

        // Marks at the top right: daylight-saving change, excluded.
        p.setFont(small);
        int right = r.right() - 4;
        const auto pill = [&](const QString &text, const QColor &color) {
            const int w = QFontMetrics(small).horizontalAdvance(text) + 10;
            const QRectF pillRect(right - w, r.top() + 4, w, 15);
            p.setRenderHint(QPainter::Antialiasing);
            QColor fill = color;
            fill.setAlphaF(0.16);
            QPainterPath path;
            path.addRoundedRect(pillRect, 7, 7);
            p.fillPath(path, fill);
            p.setPen(color);
            p.drawText(pillRect, Qt::AlignCenter, text);
            right -= w + 4;
        };
        if (marks != m_result.days.constEnd()) {
            if (marks->daylightShift != 0)
                pill(marks->daylightTag(), CalendarStyle::daylightColor(pal));
            if (excluded && r.width() > 140)
                pill(marks->excludedBy.first(), CalendarStyle::excludedColor(pal));
        }
    }
    paintChips(p);
}

} // namespace jobdeck
