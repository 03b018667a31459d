#pragma once

#include <QWidget>

#include <array>

class QComboBox;
class QLabel;
class QSpinBox;
class QTimeEdit;
class QToolButton;

namespace jobdeck {

// The common cases of a cron expression picked instead of typed: every N minutes, every N hours (at a minute),
// daily at a time, weekly on chosen days at a time, monthly on a day, the last day or the last weekday at a time.
// Emits the expression it stands for whenever a choice changes; shows an expression of those forms when given one
// (anything else is "Custom"). Objects for tests: pickerCombo, pickerCount, pickerMinute, pickerTime,
// pickerDay1 … pickerDay7 (Monday … Sunday), pickerMonthDay. Main thread only.
class CronPicker final : public QWidget {
    Q_OBJECT
public:
    enum class Case { Custom, EveryMinutes, EveryHours, Daily, Weekly, Monthly };
    // Monthly's day choices after the 31 days of the month.
    static constexpr int kLastDay = 32;
    static constexpr int kLastWeekday = 33;

    explicit CronPicker(QWidget *parent = nullptr);

    Case currentCase() const;
    // The expression the choices stand for; empty for Custom.
    QString expression() const;
    // Shows `expression` if it is one of the picker's forms, else switches to Custom; emits nothing.
    void showExpression(const QString &expression);

Q_SIGNALS:
    void picked(const QString &expression);

private:
    void updateVisibility();
    void emitPicked();

    QComboBox *m_case = nullptr;
    QLabel *m_everyLabel = nullptr;
    QSpinBox *m_count = nullptr;
    QLabel *m_unitLabel = nullptr;
    QLabel *m_minuteLabel = nullptr;
    QSpinBox *m_minute = nullptr;
    QLabel *m_onLabel = nullptr;
    std::array<QToolButton *, 7> m_days{};
    QComboBox *m_monthDay = nullptr;
    QLabel *m_atLabel = nullptr;
    QTimeEdit *m_time = nullptr;
    bool m_showing = false;
};

} // namespace jobdeck
