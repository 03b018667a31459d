#pragma once

#include "schedule/ExclusionCalendar.h"
#include "schedule/ScheduleSpec.h"

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace jobdeck {

class Clock;
class HandlerRegistry;
class JsonEditor;
class RecurrenceEditor;

// Creates or edits a schedule: when (RecurrenceEditor), what it runs (a job kind with a payload, or a job
// definition), the job's queue, priority, attempts and timeout, the misfire and overlap policies, and the
// exclusion calendars. Validates as it is typed and keeps OK disabled until everything passes. Writes nothing:
// the caller saves spec(), and the exclusion calendars made in it (newCalendars()), through the engine. Objects for
// tests: nameEdit, kindCombo, payloadEdit, definitionCombo, misfireCombo, catchUpSpin, overlapCombo, exclusionList,
// newCalendarButton, newCalendarName, newCalendarDates, addCalendarButton, calendarError, editorError.
class ScheduleEditorDialog final : public QDialog {
    Q_OBJECT
public:
    struct Context {
        const HandlerRegistry &handlers;
        const Clock &clock;
        QStringList calendars;     // exclusion calendars to choose from
        QStringList definitions;   // job definitions of the jobs folder, if any
        QStringList takenNames;    // names a new schedule cannot have
    };

    explicit ScheduleEditorDialog(const Context &context, QWidget *parent = nullptr);

    // Fills the form; an existing schedule keeps its name.
    void load(const ScheduleSpec &spec, bool existing);
    ScheduleSpec spec() const;
    // Empty while the input is valid.
    QString validationError() const { return m_error; }
    RecurrenceEditor *recurrenceEditor() const { return m_recurrence; }
    // Exclusion calendars made in the dialog, to be written with the schedule.
    const std::vector<ExclusionCalendar> &newCalendars() const { return m_newCalendars; }

Q_SIGNALS:
    // An exclusion calendar was made in the dialog (it is ticked for this schedule).
    void calendarAdded(const QString &name);

private:
    void validate();
    QWidget *createExclusions(QWidget *parent);
    void addCalendar();

    Context m_context;
    bool m_existing = false;
    QLineEdit *m_name = nullptr;
    RecurrenceEditor *m_recurrence = nullptr;
    QButtonGroup *m_runs = nullptr;
    QComboBox *m_kind = nullptr;
    JsonEditor *m_payload = nullptr;
    QComboBox *m_definition = nullptr;
    QLineEdit *m_queue = nullptr;
    QSpinBox *m_priority = nullptr;
    QSpinBox *m_attempts = nullptr;
    QLineEdit *m_timeout = nullptr;
    QComboBox *m_misfire = nullptr;
    QSpinBox *m_catchUp = nullptr;
    QComboBox *m_overlap = nullptr;
    QListWidget *m_exclusions = nullptr;
    QLabel *m_noCalendars = nullptr;
    QWidget *m_calendarForm = nullptr;
    QLineEdit *m_calendarName = nullptr;
    QLineEdit *m_calendarDates = nullptr;
    QLabel *m_calendarError = nullptr;
    std::vector<ExclusionCalendar> m_newCalendars;
    QLabel *m_errorLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_error;
};

} // namespace jobdeck
