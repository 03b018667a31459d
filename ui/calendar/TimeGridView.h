#pragma once

#include "CalendarView.h"

namespace jobdeck {

// A week (seven columns) or a day (one) of hours: entries at their time of day, a schedule firing many times in
// an hour as one chip; the moment clocks change is drawn across its day, excluded days hatched. Drops and
// drags land on quarter-hour slots. Main thread only.
class TimeGridView final : public CalendarView {
    Q_OBJECT
public:
    explicit TimeGridView(QWidget *parent = nullptr);

    void setDays(int days);
    int days() const { return m_days; }
    QPoint pointOf(const QDate &date, const QTime &time) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void layoutChips() override;
    std::optional<Slot> slotAt(const QPoint &point) const override;
    QString markTip(const QPoint &point) const override;

private:
    QRect column(int day) const; // the hours area of a day
    double hourHeight() const;
    int yOf(const QTime &time) const;

    int m_days = 7;
};

} // namespace jobdeck
