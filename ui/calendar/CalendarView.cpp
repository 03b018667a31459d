#include "CalendarView.h"

#include "CalendarStyle.h"
#include "HourBlockPainter.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace jobdeck {

const QString CalendarView::kPaletteMimeType = QStringLiteral("application/x-jobdeck-palette");

namespace {
constexpr int kSnapMinutes = 15;
const QTime kDefaultTime(9, 0); // a drop or a double-click on a day without times

QString tipOf(const CalendarEntry &e, const QTime &time, int more)
{
    QString tip = QStringLiteral("<b>%1</b><br>%2 · %3").arg(e.title.toHtmlEscaped(), time.toString(QStringLiteral("HH:mm")),
                                                           CalendarStyle::statusText(e));
    if (!e.reason.isEmpty())
        tip += QStringLiteral("<br>%1").arg(e.reason.toHtmlEscaped());
    if (more > 0)
        tip += QStringLiteral("<br><i>and %1 more</i>").arg(more);
    return tip;
}

} // namespace

bool CalendarView::Key::matches(const CalendarEntry &e) const
{
    return e.type == type && e.scheduleId == scheduleId && e.jobId == jobId && e.atMs == atMs;
}

CalendarView::CalendarView(QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(480, 360);
}

void CalendarView::setContents(const CalendarProjection::Result &result, std::shared_ptr<const ZoneRules> zone,
                               const QDate &first, const QDate &today)
{
    m_result = result;
    m_zone = std::move(zone);
    m_first = first;
    m_today = today;
    if (m_selected && std::none_of(m_result.entries.begin(), m_result.entries.end(),
                                   [this](const CalendarEntry &e) { return m_selected->matches(e); }))
        m_selected.reset();
    layoutChips();
    update();
}

const CalendarEntry *CalendarView::selectedEntry() const
{
    if (!m_selected)
        return nullptr;
    for (const CalendarEntry &e : m_result.entries) {
        if (m_selected->matches(e))
            return &e;
    }
    return nullptr;
}

void CalendarView::clearSelection()
{
    m_selected.reset();
    update();
}

QRect CalendarView::rectOf(qint64 jobId, qint64 scheduleId, qint64 atMs) const
{
    for (const Chip &chip : m_chips) {
        for (int i : chip.entries) {
            const CalendarEntry &e = entry(i);
            if ((jobId > 0 && e.jobId == jobId) || (jobId == 0 && e.scheduleId == scheduleId && e.atMs == atMs))
                return chip.rect;
        }
    }
    return {};
}

QString CalendarView::markTip(const QPoint &) const
{
    return {};
}

void CalendarView::blockClicked(const Chip &)
{
}

CalendarView::Chip CalendarView::blockOf(Chip::Kind kind, int hour, std::vector<int> entries) const
{
    Chip chip;
    chip.kind = kind;
    chip.hour = hour;
    chip.entries = std::move(entries);
    chip.text = chip.entries.size() == 1 ? QStringLiteral("1 run") : QStringLiteral("%1 runs").arg(chip.entries.size());
    std::vector<std::pair<QString, int>> titles;
    for (int i : chip.entries) {
        auto it = std::find_if(titles.begin(), titles.end(), [&](const auto &t) { return t.first == entry(i).title; });
        if (it == titles.end())
            titles.push_back({entry(i).title, 1});
        else
            ++it->second;
    }
    std::stable_sort(titles.begin(), titles.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList parts;
    for (const auto &[title, count] : titles)
        parts << (count > 1 ? QStringLiteral("%1 ×%2").arg(title).arg(count) : title);
    chip.detail = parts.join(QStringLiteral(" · "));
    showWorstFirst(chip);
    return chip;
}

QString CalendarView::dragTimeText() const
{
    if (!m_dragging || m_pressedEntry < 0 || !m_dropSlot)
        return {};
    const CalendarEntry &e = entry(m_pressedEntry);
    const qint64 at = timeFor(*m_dropSlot, m_zone->timeAt(e.atMs));
    const QString time = m_zone->timeAt(at).toString(QStringLiteral("HH:mm"));
    const QDate date = m_zone->dateAt(at);
    if (date == m_zone->dateAt(e.atMs))
        return time;
    return QStringLiteral("%1, %2").arg(QLocale(QLocale::English).toString(date, QStringLiteral("ddd d")), time);
}

void CalendarView::paintChip(QPainter &p, const Chip &chip, bool ghost) const
{
    const CalendarEntry &e = entry(chip.entries.front());
    const QColor c = CalendarStyle::color(e, palette());
    const bool selected = !ghost && m_selected && m_selected->matches(e);
    const QRectF r = QRectF(chip.rect).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath path;
    path.addRoundedRect(r, 4, 4);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    if (ghost) {
        // Lifted off the grid: opaque underneath, so the time it shows is not crossed by the lines it passes.
        p.setOpacity(0.92);
        p.fillPath(path, palette().color(QPalette::Base));
    }
    QColor fill = c;
    fill.setAlphaF(CalendarStyle::isHollow(e) ? 0.10 : 0.20);
    p.fillPath(path, selected ? c.lighter(170) : fill);
    if (CalendarStyle::isHollow(e)) {
        QPen pen(c, 1.2, e.excluded ? Qt::DashLine : Qt::SolidLine);
        p.setPen(pen);
        p.drawPath(path);
    }
    // A bar on the left in the outcome's colour reads at a glance even on small chips.
    p.setClipPath(path);
    p.fillRect(QRectF(r.left(), r.top(), 3.5, r.height()), c);
    p.setClipping(false);
    if (selected) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        p.drawPath(path);
    }
    p.setPen(palette().color(QPalette::Text));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    if (e.excluded || e.outcome == OccurrenceOutcome::Excluded)
        f.setStrikeOut(true);
    p.setFont(f);
    const QRect textRect = chip.rect.adjusted(7, 0, -3, 0);
    p.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
               QFontMetrics(f).elidedText(chip.text, Qt::ElideRight, textRect.width()));
    p.restore();
}

CalendarView::Chip CalendarView::chipOf(std::vector<int> entries) const
{
    Chip chip;
    chip.entries = std::move(entries);
    const CalendarEntry &e = entry(chip.entries.front());
    if (chip.entries.size() > 1) {
        chip.text = QStringLiteral("%1× %2").arg(chip.entries.size()).arg(e.title);
        showWorstFirst(chip);
    } else {
        chip.text = QStringLiteral("%1 %2").arg(m_zone->timeAt(e.atMs).toString(QStringLiteral("HH:mm")), e.title);
    }
    return chip;
}

void CalendarView::foldOverflow(std::vector<Chip> &chips, size_t room) const
{
    room = std::max<size_t>(room, 1);
    if (chips.size() <= room)
        return;
    Chip more;
    for (size_t k = room - 1; k < chips.size(); ++k)
        more.entries.insert(more.entries.end(), chips[k].entries.begin(), chips[k].entries.end());
    more.text = QStringLiteral("+%1 more").arg(chips.size() - room + 1);
    showWorstFirst(more);
    chips.resize(room - 1);
    chips.push_back(std::move(more));
}

void CalendarView::showWorstFirst(Chip &chip) const
{
    const auto severity = [this](int index) {
        const CalendarEntry &e = entry(index);
        if (e.jobState == JobState::Dead)
            return 6;
        if (e.jobState == JobState::Failed)
            return 5;
        if (e.outcome == OccurrenceOutcome::Misfired)
            return 4;
        if (e.outcome == OccurrenceOutcome::Skipped)
            return 3;
        if (e.jobState == JobState::Running)
            return 2;
        if (e.outcome == OccurrenceOutcome::Excluded || e.excluded)
            return 1;
        return 0;
    };
    const auto worst = std::max_element(chip.entries.begin(), chip.entries.end(),
                                        [&](int a, int b) { return severity(a) < severity(b); });
    std::iter_swap(chip.entries.begin(), worst);
}

void CalendarView::paintChips(QPainter &p) const
{
    for (const Chip &chip : m_chips) {
        if (chip.kind == Chip::Kind::Entries)
            paintChip(p, chip);
        else
            HourBlockPainter::paint(p, {chip.rect, chip.text, chip.detail, CalendarStyle::color(entry(chip.entries.front()), palette()),
                                        chip.kind == Chip::Kind::Fold, chip.hour}, palette(), font());
    }
    if (m_dragging && m_pressedEntry >= 0) {
        // The dragged chip says where it would land, so the user need not read it off the grid.
        Chip ghost;
        ghost.entries = {m_pressedEntry};
        const CalendarEntry &e = entry(m_pressedEntry);
        const QString when = dragTimeText();
        ghost.text = when.isEmpty() ? e.title : QStringLiteral("→ %1  %2").arg(when, e.title);
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.9);
        const int w = std::clamp(QFontMetrics(f).horizontalAdvance(ghost.text) + 16, 120, std::max(120, width() / 3));
        ghost.rect = QRect(m_dragPos - QPoint(10, 10), QSize(w, 20));
        paintChip(p, ghost, true);
    }
}

const CalendarView::Chip *CalendarView::chipAt(const QPoint &point) const
{
    for (const Chip &chip : m_chips) {
        if (chip.rect.contains(point))
            return &chip;
    }
    return nullptr;
}

qint64 CalendarView::timeFor(const Slot &slot, const QTime &fallback) const
{
    QTime time = fallback;
    if (slot.time) {
        const int minutes = (slot.time->hour() * 60 + slot.time->minute()) / kSnapMinutes * kSnapMinutes;
        time = QTime(minutes / 60, minutes % 60);
    }
    return CalendarProjection::instantOf(slot.date, time, *m_zone);
}

void CalendarView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutChips();
}

void CalendarView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_pressedEntry = -1;
    m_dragging = false;
    const Chip *chip = chipAt(event->position().toPoint());
    if (!chip) {
        return;
    }
    if (chip->kind != Chip::Kind::Entries) {
        blockClicked(Chip(*chip)); // a copy: the click lays the chips out again
        return;
    }
    const int index = chip->entries.front();
    const CalendarEntry &e = entry(index);
    m_selected = Key{e.type, e.scheduleId, e.jobId, e.atMs};
    update();
    Q_EMIT entrySelected(e, int(chip->entries.size()) - 1);
    if (e.movable && chip->entries.size() == 1) {
        m_pressedEntry = index;
        m_pressPos = event->position().toPoint();
    }
}

void CalendarView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_pressedEntry >= 0 && (event->buttons() & Qt::LeftButton)) {
        if (!m_dragging && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
        }
        if (m_dragging) {
            m_dragPos = pos;
            m_dropSlot = slotAt(pos);
            update();
        }
        return;
    }
    const Chip *chip = chipAt(pos);
    if (chip && chip->kind != Chip::Kind::Entries)
        setCursor(Qt::PointingHandCursor);
    else
        setCursor(chip && entry(chip->entries.front()).movable && chip->entries.size() == 1 ? Qt::OpenHandCursor
                                                                                            : Qt::ArrowCursor);
}

void CalendarView::mouseReleaseEvent(QMouseEvent *event)
{
    const bool dropped = m_dragging && m_pressedEntry >= 0;
    const int index = m_pressedEntry;
    m_dragging = false;
    m_pressedEntry = -1;
    m_dropSlot.reset();
    unsetCursor();
    update();
    if (!dropped)
        return QWidget::mouseReleaseEvent(event);
    const auto slot = slotAt(event->position().toPoint());
    if (!slot)
        return;
    // A copy: the move may reload the contents before the signal's receivers are done with it.
    const CalendarEntry moved = entry(index);
    const qint64 at = timeFor(*slot, m_zone->timeAt(moved.atMs));
    if (at != moved.atMs)
        Q_EMIT entryMoved(moved, at);
}

void CalendarView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (chipAt(event->position().toPoint()))
        return;
    const auto slot = slotAt(event->position().toPoint());
    if (!slot)
        return;
    const qint64 at = timeFor(*slot, kDefaultTime);
    Q_EMIT slotActivated(slot->date, m_zone->timeAt(at), slot->time.has_value());
}

void CalendarView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(kPaletteMimeType))
        event->acceptProposedAction();
}

void CalendarView::dragMoveEvent(QDragMoveEvent *event)
{
    m_dropSlot = slotAt(event->position().toPoint());
    if (m_dropSlot)
        event->acceptProposedAction();
    else
        event->ignore();
    update();
}

void CalendarView::dropEvent(QDropEvent *event)
{
    const auto slot = slotAt(event->position().toPoint());
    m_dropSlot.reset();
    update();
    const QString item = QString::fromUtf8(event->mimeData()->data(kPaletteMimeType));
    const auto colon = item.indexOf(u':');
    if (!slot || colon <= 0)
        return;
    event->acceptProposedAction();
    Q_EMIT paletteDropped(item.left(colon), item.mid(colon + 1), timeFor(*slot, kDefaultTime));
}

bool CalendarView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Chip *chip = chipAt(help->pos());
        if (chip && chip->kind != Chip::Kind::Entries) {
            const QString hours = QStringLiteral("%1:00–%1:59").arg(chip->hour, 2, 10, QLatin1Char('0'));
            QToolTip::showText(help->globalPos(),
                               QStringLiteral("<b>%1</b> at %2<br>%3<br><i>%4</i>")
                                   .arg(chip->text, hours, chip->detail.toHtmlEscaped(),
                                        chip->kind == Chip::Kind::Runs ? tr("Click to show them one by one")
                                                                       : tr("Click to fold them into one block again")),
                               this, chip->rect);
        } else if (chip) {
            const CalendarEntry &e = entry(chip->entries.front());
            QToolTip::showText(help->globalPos(), tipOf(e, m_zone->timeAt(e.atMs), int(chip->entries.size()) - 1), this,
                               chip->rect);
        } else if (const QString tip = markTip(help->pos()); !tip.isEmpty()) {
            QToolTip::showText(help->globalPos(), tip, this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace jobdeck
