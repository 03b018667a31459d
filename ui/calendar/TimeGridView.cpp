#include "TimeGridView.h"

#include "CalendarStyle.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <map>

namespace jobdeck {

namespace {
constexpr int kHeaderHeight = 44;
constexpr int kGutter = 54;
constexpr int kMaxSideBySide = 3;
} // namespace

TimeGridView::TimeGridView(QWidget *parent) : CalendarView(parent)
{
    setObjectName(QStringLiteral("timeGridView"));
}

void TimeGridView::setDays(int days)
{
    m_days = std::clamp(days, 1, 7);
    layoutChips();
    update();
}

double TimeGridView::hourHeight() const
{
    return double(height() - kHeaderHeight - 1) / 24.0;
}

QRect TimeGridView::column(int day) const
{
    const int w = width() - kGutter - 1;
    const int x0 = kGutter + day * w / m_days, x1 = kGutter + (day + 1) * w / m_days;
    return QRect(x0, kHeaderHeight, x1 - x0, height() - kHeaderHeight - 1);
}

int TimeGridView::yOf(const QTime &time) const
{
    return kHeaderHeight + int((time.hour() + time.minute() / 60.0 + time.second() / 3600.0) * hourHeight());
}

QPoint TimeGridView::pointOf(const QDate &date, const QTime &time) const
{
    const qint64 day = m_first.daysTo(date);
    if (day < 0 || day >= m_days)
        return {};
    return QPoint(column(int(day)).center().x(), yOf(time) + 2);
}

std::optional<CalendarView::Slot> TimeGridView::slotAt(const QPoint &point) const
{
    for (int day = 0; day < m_days; ++day) {
        const QRect c = column(day);
        if (!c.contains(point))
            continue;
        const double hours = std::clamp((point.y() - kHeaderHeight) / hourHeight(), 0.0, 23.999);
        const int minutes = int(hours * 60);
        return Slot{m_first.addDays(day), QTime(minutes / 60, minutes % 60)};
    }
    return std::nullopt;
}

QString TimeGridView::markTip(const QPoint &point) const
{
    for (int day = 0; day < m_days; ++day) {
        const QRect header(column(day).left(), 0, column(day).width(), kHeaderHeight);
        if (!header.contains(point) && !column(day).contains(point))
            continue;
        const auto marks = m_result.days.constFind(m_first.addDays(day));
        if (marks == m_result.days.constEnd())
            return {};
        QStringList lines;
        if (!marks->daylightChange.isEmpty())
            lines << marks->daylightChange;
        if (!marks->excludedBy.isEmpty())
            lines << QStringLiteral("Excluded by %1").arg(marks->excludedBy.join(QStringLiteral(", ")));
        return lines.join(QStringLiteral("<br>"));
    }
    return {};
}

void TimeGridView::layoutChips()
{
    m_chips.clear();
    if (!m_zone || !m_first.isValid())
        return;
    const int chipHeight = std::clamp(int(hourHeight()) - 2, 14, 20);
    // Entries by (day, hour); within an hour, one chip per schedule.
    std::map<std::pair<int, int>, std::vector<int>> cells;
    for (size_t i = 0; i < m_result.entries.size(); ++i) {
        const qint64 day = m_first.daysTo(m_zone->dateAt(m_result.entries[i].atMs));
        if (day >= 0 && day < m_days)
            cells[{int(day), m_zone->timeAt(m_result.entries[i].atMs).hour()}].push_back(int(i));
    }
    for (const auto &[where, items] : cells) {
        // Within the hour, a schedule's entries share one chip.
        std::vector<std::vector<int>> groups;
        for (int i : items) {
            const qint64 schedule = entry(i).scheduleId;
            auto same = std::find_if(groups.begin(), groups.end(), [&](const std::vector<int> &g) {
                return schedule > 0 && entry(g.front()).scheduleId == schedule;
            });
            if (same != groups.end())
                same->push_back(i);
            else
                groups.push_back({i});
        }
        std::vector<Chip> chips;
        for (std::vector<int> &g : groups)
            chips.push_back(chipOf(std::move(g)));
        foldOverflow(chips, kMaxSideBySide);
        const QRect c = column(where.first);
        const int n = int(chips.size());
        for (int k = 0; k < n; ++k) {
            Chip &chip = chips[size_t(k)];
            const CalendarEntry &e = entry(chip.entries.front());
            const int x0 = c.left() + 2 + k * (c.width() - 4) / n;
            const int x1 = c.left() + 2 + (k + 1) * (c.width() - 4) / n;
            const int y = std::min(yOf(m_zone->timeAt(e.atMs)), c.bottom() - chipHeight);
            chip.rect = QRect(x0, y, x1 - x0 - 2, chipHeight);
            m_chips.push_back(std::move(chip));
        }
    }
}

void TimeGridView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QColor grid = pal.color(QPalette::Mid).lighter(125);
    QColor faint = grid;
    faint.setAlphaF(0.5);
    const QColor muted = pal.color(QPalette::PlaceholderText);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QLocale english(QLocale::English);

    // Hours in the gutter, lines across.
    p.setFont(small);
    for (int h = 0; h < 24; ++h) {
        const int y = yOf(QTime(h, 0));
        p.setPen(muted);
        if (h > 0)
            p.drawText(QRect(0, y - 8, kGutter - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("%1:00").arg(h, 2, 10, QLatin1Char('0')));
        p.setPen(h == 0 ? grid : faint);
        p.drawLine(kGutter, y, width(), y);
    }

    for (int day = 0; day < m_days; ++day) {
        const QRect c = column(day);
        const QDate date = m_first.addDays(day);
        const auto marks = m_result.days.constFind(date);
        if (date == m_today) {
            QColor today = pal.color(QPalette::Highlight);
            today.setAlphaF(0.05);
            p.fillRect(c, today);
        }
        if (marks != m_result.days.constEnd() && !marks->excludedBy.isEmpty()) {
            QColor hatch = CalendarStyle::excludedColor(pal);
            hatch.setAlphaF(0.22);
            p.fillRect(c, QBrush(hatch, Qt::BDiagPattern));
        }
        if (m_dropSlot && m_dropSlot->date == date && m_dropSlot->time) {
            const int minutes = (m_dropSlot->time->hour() * 60 + m_dropSlot->time->minute()) / 15 * 15;
            const int y0 = yOf(QTime(minutes / 60, minutes % 60));
            QColor drop = pal.color(QPalette::Highlight);
            drop.setAlphaF(0.25);
            p.fillRect(QRect(c.left(), y0, c.width(), std::max(4, int(hourHeight() / 4))), drop);
        }
        p.setPen(grid);
        p.drawLine(c.left(), 0, c.left(), height());

        // Header: weekday and date; today highlighted; marks below.
        const QRect header(c.left(), 0, c.width(), kHeaderHeight);
        QFont dayFont = font();
        dayFont.setBold(date == m_today);
        p.setFont(dayFont);
        p.setPen(date == m_today ? pal.color(QPalette::Highlight) : pal.color(QPalette::Text));
        p.drawText(header.adjusted(8, 4, 0, -kHeaderHeight / 2), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1 %2").arg(english.dayName(date.dayOfWeek(), QLocale::ShortFormat)).arg(date.day()));
        if (marks != m_result.days.constEnd()) {
            p.setFont(small);
            QStringList tags;
            if (marks->daylightShift != 0)
                tags << marks->daylightTag();
            if (!marks->excludedBy.isEmpty())
                tags << marks->excludedBy.first();
            p.setPen(!marks->daylightChange.isEmpty() ? CalendarStyle::daylightColor(pal) : CalendarStyle::excludedColor(pal));
            p.drawText(header.adjusted(8, kHeaderHeight / 2, -4, -4), Qt::AlignLeft | Qt::AlignVCenter,
                       tags.join(QStringLiteral(" · ")));
        }
    }
    p.setPen(grid);
    p.drawLine(kGutter, kHeaderHeight, width(), kHeaderHeight);

    // The moment clocks change, across its day: a dashed line at the wall-clock time it happens.
    for (auto it = m_result.days.constBegin(); it != m_result.days.constEnd(); ++it) {
        const qint64 day = m_first.daysTo(it.key());
        if (it->daylightShift == 0 || day < 0 || day >= m_days)
            continue;
        const QRect c = column(int(day));
        const int y = yOf(it->daylightChangeAt);
        p.setPen(QPen(CalendarStyle::daylightColor(pal), 1.5, Qt::DashLine));
        p.drawLine(c.left() + 1, y, c.right() - 1, y);
    }
    paintChips(p);
}

} // namespace jobdeck
