#pragma once

#include "CalendarView.h"

#include <QTimer>
#include <array>

namespace jobdeck {

class Clock;

// A week (seven columns) or a day (one) of hours: entries in the row of their hour, a schedule firing many times in
// an hour as one chip, laid out by DayGridLayout so that nothing is drawn over anything else; an hour with more
// than fits is one "N runs" block that a click expands (one hour at a time) and its header folds again. The
// current time is a line across today; the moment clocks change is drawn across its day, excluded days hatched.
// Drops and drags land on quarter-hour slots. Main thread only.
class TimeGridView final : public CalendarView {
    Q_OBJECT
public:
    explicit TimeGridView(QWidget *parent = nullptr);

    void setDays(int days);
    int days() const { return m_days; }
    QPoint pointOf(const QDate &date, const QTime &time) const override;
    // The clock the current-time line follows (the engine's); none: no line.
    void setClock(const Clock *clock);
    // Where the current-time line is drawn: across today's column at the clock's time; empty when today is not shown.
    QLine nowLine() const;
    // The expanded hour, if any; a click on an "N runs" block expands its hour, on its header folds it.
    std::optional<int> expandedHour() const { return m_expandedHour; }
    void setExpandedHour(std::optional<int> hour);

protected:
    void paintEvent(QPaintEvent *event) override;
    void layoutChips() override;
    std::optional<Slot> slotAt(const QPoint &point) const override;
    QString markTip(const QPoint &point) const override;
    void blockClicked(const Chip &chip) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRect column(int day) const; // the hours area of a day
    int yOf(const QTime &time) const;
    void paintNowLine(QPainter &painter) const;

    int m_days = 7;
    QDate m_laidOutFirst; // an expanded hour belongs to the period it was expanded in
    std::optional<int> m_expandedHour;
    std::array<int, 25> m_rowTops{};
    const Clock *m_clock = nullptr;
    QTimer m_nowTimer;
};

} // namespace jobdeck
