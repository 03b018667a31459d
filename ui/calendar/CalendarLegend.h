#pragma once

#include <QWidget>

namespace jobdeck {

// The key under the calendar: what each colour and mark means, in CalendarStyle's colours.
class CalendarLegend final : public QWidget {
    Q_OBJECT
public:
    explicit CalendarLegend(QWidget *parent = nullptr);
};

} // namespace jobdeck
