#pragma once

#include "schedule/ScheduleSpec.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace jobdeck {

class Clock;
class CronPicker;

// When a schedule fires: a cron expression, an interval or once, and its time zone. Says what the expression
// means in plain language and lists the next ten occurrences in the chosen zone as it is typed, or the error
// naming the field. A cron expression can be picked for the common cases (CronPicker), which writes it into the
// field. Objects for tests: repeatsCombo, cronEdit, cronPicker, everyCount, everyUnit, anchorEdit, onceEdit,
// zoneCombo, descriptionLabel, recurrenceError, nextOccurrences. Main thread only.
class RecurrenceEditor final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kShownOccurrences = 10;

    RecurrenceEditor(const Clock &clock, QWidget *parent = nullptr);

    void load(const ScheduleSpec &spec);
    // Writes kind, cron, interval, time and zone into `spec`.
    void save(ScheduleSpec &spec) const;
    // Empty while what is entered fires at least once more.
    QString error() const { return m_error; }
    CronPicker *cronPicker() const { return m_picker; }

Q_SIGNALS:
    void changed();

private:
    void refresh();
    qint64 wallClockToInstant(const QDateTimeEdit *edit) const;
    void showInstant(QDateTimeEdit *edit, qint64 ms) const;

    const Clock &m_clock;
    QComboBox *m_repeats = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_cron = nullptr;
    CronPicker *m_picker = nullptr;
    QSpinBox *m_everyCount = nullptr;
    QComboBox *m_everyUnit = nullptr;
    QDateTimeEdit *m_anchor = nullptr;
    QDateTimeEdit *m_once = nullptr;
    QComboBox *m_zone = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_errorLabel = nullptr;
    QListWidget *m_next = nullptr;
    QString m_error;
};

} // namespace jobdeck
