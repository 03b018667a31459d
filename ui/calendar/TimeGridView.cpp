#include "TimeGridView.h"

#include "CalendarStyle.h"
#include "DayGridLayout.h"
#include "StateStyle.h"
#include "model/Clock.h"

#include <QKeyEvent>

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <map>

namespace jobdeck {

namespace {
constexpr int kHeaderHeight = 44;
constexpr int kGutter = 54;
} // namespace

TimeGridView::TimeGridView(QWidget *parent) : CalendarView(parent)
{
    setObjectName(QStringLiteral("timeGridView"));
    // Wall-clock ticks only ask for a repaint; where the line goes comes from the clock.
    m_nowTimer.setInterval(30'000);
    connect(&m_nowTimer, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    m_rowTops = DayGridLayout::rowTops(kHeaderHeight, height() - 1, std::nullopt, 0);
}

void TimeGridView::setDays(int days)
{
    m_days = std::clamp(days, 1, 7);
    m_expandedHour.reset();
    layoutChips();
    update();
}

void TimeGridView::setClock(const Clock *clock)
{
    m_clock = clock;
    if (m_clock)
        m_nowTimer.start();
    else
        m_nowTimer.stop();
    update();
}

QRect TimeGridView::column(int day) const
{
    const int w = width() - kGutter - 1;
    const int x0 = kGutter + day * w / m_days, x1 = kGutter + (day + 1) * w / m_days;
    return QRect(x0, kHeaderHeight, x1 - x0, height() - kHeaderHeight - 1);
}

int TimeGridView::yOf(const QTime &time) const
{
    const int h = time.hour();
    const double within = (time.minute() * 60 + time.second()) / 3600.0;
    return m_rowTops[size_t(h)] + int(within * (m_rowTops[size_t(h + 1)] - m_rowTops[size_t(h)]));
}

QPoint TimeGridView::pointOf(const QDate &date, const QTime &time) const
{
    const qint64 day = m_first.daysTo(date);
    if (day < 0 || day >= m_days)
        return {};
    return QPoint(column(int(day)).center().x(), yOf(time) + 2);
}

QLine TimeGridView::nowLine() const
{
    if (!m_clock || !m_zone || !m_first.isValid())
        return {};
    const qint64 now = m_clock->nowMs();
    const qint64 day = m_first.daysTo(m_zone->dateAt(now));
    if (day < 0 || day >= m_days)
        return {};
    const QRect c = column(int(day));
    const int y = yOf(m_zone->timeAt(now));
    return QLine(c.left() + 1, y, c.right() - 1, y);
}

std::optional<CalendarView::Slot> TimeGridView::slotAt(const QPoint &point) const
{
    for (int day = 0; day < m_days; ++day) {
        const QRect c = column(day);
        if (!c.contains(point))
            continue;
        int h = 0;
        while (h < 23 && point.y() >= m_rowTops[size_t(h + 1)])
            ++h;
        const int top = m_rowTops[size_t(h)], rowHeight = std::max(1, m_rowTops[size_t(h + 1)] - top);
        const int minute = std::clamp((point.y() - top) * 60 / rowHeight, 0, 59);
        return Slot{m_first.addDays(day), QTime(h, minute)};
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

void TimeGridView::setExpandedHour(std::optional<int> hour)
{
    m_expandedHour = hour;
    layoutChips();
    update();
}

void TimeGridView::blockClicked(const Chip &chip)
{
    setExpandedHour(chip.kind == Chip::Kind::Runs ? std::optional<int>(chip.hour) : std::nullopt);
}

void TimeGridView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && m_expandedHour) {
        setExpandedHour(std::nullopt);
        return;
    }
    CalendarView::keyPressEvent(event);
}

void TimeGridView::layoutChips()
{
    m_chips.clear();
    if (m_first != m_laidOutFirst) {
        m_expandedHour.reset();
        m_laidOutFirst = m_first;
    }
    const int top = kHeaderHeight, bottom = height() - 1;
    const int usual = (bottom - top) / 24;
    const int chipHeight = DayGridLayout::chipHeight(usual);
    const int lanes = DayGridLayout::lanes(column(0).width());
    m_rowTops = DayGridLayout::rowTops(top, bottom, std::nullopt, 0);
    if (!m_zone || !m_first.isValid())
        return;

    // Per day, the groups: within an hour one per schedule, a one-off job alone.
    auto days = std::vector<std::vector<std::vector<int>>>(size_t(m_days));
    std::map<std::tuple<int, int, qint64>, size_t> bySchedule;
    for (size_t i = 0; i < m_result.entries.size(); ++i) {
        const CalendarEntry &e = m_result.entries[i];
        const qint64 day = m_first.daysTo(m_zone->dateAt(e.atMs));
        if (day < 0 || day >= m_days)
            continue;
        auto &groups = days[size_t(day)];
        const auto key = std::make_tuple(int(day), m_zone->timeAt(e.atMs).hour(), e.scheduleId);
        const auto found = bySchedule.find(key);
        if (e.scheduleId > 0 && found != bySchedule.end()) {
            groups[found->second].push_back(int(i));
            continue;
        }
        if (e.scheduleId > 0)
            bySchedule[key] = groups.size();
        groups.push_back({int(i)});
    }
    const auto earliest = [this](const std::vector<int> &g) {
        qint64 t = entry(g.front()).atMs;
        for (int i : g)
            t = std::min(t, entry(i).atMs);
        return t;
    };
    for (auto &groups : days) {
        // Within an hour the busiest schedules of the day come first, so they keep the same lanes all day.
        std::map<qint64, int> runs;
        for (const auto &g : groups)
            runs[entry(g.front()).scheduleId] += int(g.size());
        std::vector<std::tuple<int, int, qint64, size_t>> order;
        for (size_t k = 0; k < groups.size(); ++k) {
            const CalendarEntry &e = entry(groups[k].front());
            const int busy = e.scheduleId > 0 ? runs[e.scheduleId] : 1;
            order.emplace_back(m_zone->timeAt(e.atMs).hour(), -busy, earliest(groups[k]), k);
        }
        std::sort(order.begin(), order.end());
        std::vector<std::vector<int>> sorted;
        for (const auto &o : order)
            sorted.push_back(std::move(groups[std::get<3>(o)]));
        groups = std::move(sorted);
    }

    // The expanded hour is as tall as its busiest day needs; it is no longer expanded once nothing there is dense.
    int need = 0;
    if (m_expandedHour) {
        for (const auto &groups : days) {
            const int n = int(std::count_if(groups.begin(), groups.end(), [&](const std::vector<int> &g) {
                return m_zone->timeAt(entry(g.front()).atMs).hour() == *m_expandedHour;
            }));
            if (n > DayGridLayout::capacity(usual, chipHeight, lanes))
                need = std::max(need, DayGridLayout::expandedHeight(n, chipHeight, lanes));
        }
        if (need == 0 && !m_result.entries.empty())
            m_expandedHour.reset();
        else
            m_rowTops = DayGridLayout::rowTops(top, bottom, m_expandedHour, need);
    }

    for (int day = 0; day < m_days; ++day) {
        const auto &groups = days[size_t(day)];
        std::vector<DayGridLayout::Group> input;
        for (const auto &g : groups)
            input.push_back({m_zone->timeAt(entry(g.front()).atMs).hour()});
        const DayGridLayout::Result laid
            = DayGridLayout::layout(input, {column(day), m_rowTops, chipHeight, lanes, m_expandedHour});
        for (size_t k = 0; k < groups.size(); ++k) {
            if (laid.rects[k].isEmpty())
                continue;
            Chip chip = chipOf(groups[k]);
            chip.rect = laid.rects[k];
            m_chips.push_back(std::move(chip));
        }
        for (const DayGridLayout::Block &block : laid.blocks) {
            std::vector<int> entries;
            for (int k : block.groups)
                entries.insert(entries.end(), groups[size_t(k)].begin(), groups[size_t(k)].end());
            Chip chip;
            if (block.kind == DayGridLayout::BlockKind::More) {
                chip.entries = std::move(entries);
                chip.text = QStringLiteral("+%1 more").arg(block.groups.size());
                showWorstFirst(chip);
            } else {
                chip = blockOf(block.kind == DayGridLayout::BlockKind::Runs ? Chip::Kind::Runs : Chip::Kind::Fold,
                               block.hour, std::move(entries));
            }
            chip.rect = block.rect;
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

    if (m_expandedHour) {
        QColor band = pal.color(QPalette::Highlight);
        band.setAlphaF(0.05);
        const int h = *m_expandedHour;
        p.fillRect(QRect(0, m_rowTops[size_t(h)], width(), m_rowTops[size_t(h + 1)] - m_rowTops[size_t(h)]), band);
    }
    // Hours in the gutter (those that have room beside the last one drawn), lines across.
    const int labelHeight = QFontMetrics(small).height();
    int lastLabel = -labelHeight;
    for (int h = 0; h < 24; ++h) {
        const int y = m_rowTops[size_t(h)];
        QFont label = small;
        label.setBold(m_expandedHour == h);
        p.setFont(label);
        p.setPen(m_expandedHour == h ? pal.color(QPalette::Text) : muted);
        if (h > 0 && y - lastLabel >= labelHeight) {
            p.drawText(QRect(0, y - 8, kGutter - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("%1:00").arg(h, 2, 10, QLatin1Char('0')));
            lastLabel = y;
        }
        p.setPen(h == 0 ? grid : faint);
        p.drawLine(kGutter, y, width(), y);
    }
    p.setFont(small);

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
            const int h = minutes / 60;
            p.fillRect(QRect(c.left(), y0, c.width(), std::max(4, (m_rowTops[size_t(h + 1)] - m_rowTops[size_t(h)]) / 4)), drop);
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
    paintNowLine(p);
}

void TimeGridView::paintNowLine(QPainter &p) const
{
    const QLine line = nowLine();
    if (line.isNull())
        return;
    // A thin line in a muted red, over the chips: found at a glance, and the chips stay readable through it.
    QColor color = StateStyle::isDark(palette()) ? QColor(0xff, 0x7a, 0x6b) : QColor(0xd2, 0x3f, 0x31);
    color.setAlphaF(0.85);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(color, 1.5));
    p.drawLine(line);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QPointF(line.x1(), line.y1() + 0.5), 3.5, 3.5);
    // The time in the gutter, over the hour label it may cover.
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    f.setBold(true);
    p.setFont(f);
    const QRect label(2, line.y1() - 8, kGutter - 6, 16);
    p.fillRect(label, palette().color(QPalette::Base));
    p.setPen(color);
    p.drawText(label.adjusted(0, 0, -2, 0), Qt::AlignRight | Qt::AlignVCenter,
               m_zone->timeAt(m_clock->nowMs()).toString(QStringLiteral("HH:mm")));
    p.restore();
}

} // namespace jobdeck
