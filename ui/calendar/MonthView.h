#pragma once

#include "CalendarView.h"

namespace jobdeck {

// Six weeks from Monday, one cell per day: its runs and occurrences as chips (a schedule firing often in a day
// becomes one chip that says how often), excluded days hatched, daylight-saving days marked. Main thread only.
class MonthView final : public CalendarView {
    Q_OBJECT
public:
    explicit MonthView(QWidget *parent = nullptr);

    QPoint pointOf(const QDate &date, const QTime &time) const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void layoutChips() override;
    std::optional<Slot> slotAt(const QPoint &point) const override;
    QString markTip(const QPoint &point) const override;

private:
    QRect cellRect(int index) const; // 0 to 41, from m_first
    int cellAt(const QPoint &point) const;
    int shownMonth() const;
};

} // namespace jobdeck
