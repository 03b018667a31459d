#include "ScheduleEditorDialog.h"

#include "RecurrenceEditor.h"
#include "StateStyle.h"
#include "definitions/DefinitionSchedules.h"
#include "model/Duration.h"
#include "widgets/JsonEditor.h"
#include "runner/HandlerRegistry.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace jobdeck {

namespace {
enum Runs { RunsKind, RunsDefinition };

// A new calendar's item says so beside its name.
QString calendarOf(const QListWidgetItem *item)
{
    const QString name = item->data(Qt::UserRole).toString();
    return name.isEmpty() ? item->text() : name;
}
} // namespace

ScheduleEditorDialog::ScheduleEditorDialog(const Context &context, QWidget *parent)
    : QDialog(parent), m_context(context)
{
    setObjectName(QStringLiteral("scheduleEditor"));
    setWindowTitle(tr("New schedule"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("nightly report"));
    m_recurrence = new RecurrenceEditor(context.clock, this);

    auto *when = new QGroupBox(tr("When"), this);
    auto *whenLayout = new QVBoxLayout(when);
    whenLayout->addWidget(m_recurrence);
    whenLayout->addStretch(1);

    // What each occurrence runs.
    auto *what = new QGroupBox(tr("Runs"), this);
    auto *kindRadio = new QRadioButton(tr("Job kind"), what);
    auto *definitionRadio = new QRadioButton(tr("Job definition"), what);
    definitionRadio->setObjectName(QStringLiteral("definitionRadio"));
    m_runs = new QButtonGroup(this);
    m_runs->addButton(kindRadio, RunsKind);
    m_runs->addButton(definitionRadio, RunsDefinition);
    kindRadio->setChecked(true);
    m_kind = new QComboBox(what);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    QStringList kinds = context.handlers.kinds();
    kinds.sort();
    m_kind->addItems(kinds);
    if (kinds.contains(QStringLiteral("noop")))
        m_kind->setCurrentText(QStringLiteral("noop")); // runs with any payload: a start that is valid at once
    m_payload = new JsonEditor(QStringLiteral("payload"), what);
    m_payload->setText(QStringLiteral("{}"));
    m_payload->setCheck([this](const QJsonObject &payload) {
        const JobHandler *handler = m_context.handlers.find(m_kind->currentText());
        return handler ? handler->validate(payload) : QString();
    });
    m_definition = new QComboBox(what);
    m_definition->setObjectName(QStringLiteral("definitionCombo"));
    m_definition->addItems(context.definitions);
    definitionRadio->setEnabled(!context.definitions.isEmpty());
    if (context.definitions.isEmpty())
        definitionRadio->setToolTip(tr("No jobs folder: this runner has no job definitions"));
    m_queue = new QLineEdit(QStringLiteral("default"), what);
    m_queue->setObjectName(QStringLiteral("queueEdit"));
    m_priority = new QSpinBox(what);
    m_priority->setRange(-1000, 1000);
    m_attempts = new QSpinBox(what);
    m_attempts->setRange(1, 1000);
    m_attempts->setValue(5);
    m_timeout = new QLineEdit(what);
    m_timeout->setObjectName(QStringLiteral("timeoutEdit"));
    m_timeout->setPlaceholderText(tr("none (e.g. 10m)"));
    auto *whatForm = new QFormLayout(what);
    whatForm->addRow(kindRadio, m_kind);
    whatForm->addRow(tr("Payload"), m_payload);
    whatForm->addRow(definitionRadio, m_definition);
    auto *options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Queue"), what));
    options->addWidget(m_queue, 2);
    options->addWidget(new QLabel(tr("Priority"), what));
    options->addWidget(m_priority);
    options->addWidget(new QLabel(tr("Attempts"), what));
    options->addWidget(m_attempts);
    whatForm->addRow(options);
    whatForm->addRow(tr("Timeout"), m_timeout);

    auto *policies = new QGroupBox(tr("Policies"), this);
    m_misfire = new QComboBox(policies);
    m_misfire->setObjectName(QStringLiteral("misfireCombo"));
    m_misfire->addItem(tr("Run once for all missed"), int(MisfirePolicy::FireOnce));
    m_misfire->addItem(tr("Skip missed"), int(MisfirePolicy::Skip));
    m_misfire->addItem(tr("Catch up, run each"), int(MisfirePolicy::CatchUp));
    m_catchUp = new QSpinBox(policies);
    m_catchUp->setObjectName(QStringLiteral("catchUpSpin"));
    m_catchUp->setRange(1, 1000);
    m_catchUp->setValue(10);
    m_catchUp->setPrefix(tr("at most "));
    m_overlap = new QComboBox(policies);
    m_overlap->setObjectName(QStringLiteral("overlapCombo"));
    m_overlap->addItem(tr("Allow: run anyway"), int(OverlapPolicy::Allow));
    m_overlap->addItem(tr("Skip: one run at a time"), int(OverlapPolicy::Skip));
    m_overlap->addItem(tr("Queue one behind it"), int(OverlapPolicy::QueueOne));
    m_overlap->addItem(tr("Replace: cancel the running one"), int(OverlapPolicy::Replace));
    auto *missed = new QHBoxLayout;
    missed->addWidget(m_misfire, 1);
    missed->addWidget(m_catchUp);
    auto *policyForm = new QFormLayout(policies);
    policyForm->addRow(tr("Missed runs"), missed);
    policyForm->addRow(tr("Still running"), m_overlap);
    policyForm->addRow(tr("Not on"), createExclusions(policies));

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("editorError"));
    m_errorLabel->setWordWrap(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_errorLabel->setPalette(errorPalette);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save schedule"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *nameRow = new QFormLayout;
    nameRow->addRow(tr("Name"), m_name);
    auto *columns = new QHBoxLayout;
    columns->addWidget(when, 1);
    auto *right = new QVBoxLayout;
    right->addWidget(what);
    right->addWidget(policies);
    columns->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(nameRow);
    layout->addLayout(columns);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_buttons);
    resize(900, 560);

    connect(m_name, &QLineEdit::textChanged, this, &ScheduleEditorDialog::validate);
    connect(m_recurrence, &RecurrenceEditor::changed, this, &ScheduleEditorDialog::validate);
    connect(m_runs, &QButtonGroup::idToggled, this, &ScheduleEditorDialog::validate);
    connect(m_kind, &QComboBox::currentIndexChanged, m_payload, &JsonEditor::revalidate);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ScheduleEditorDialog::validate);
    connect(m_payload, &JsonEditor::edited, this, &ScheduleEditorDialog::validate);
    connect(m_queue, &QLineEdit::textChanged, this, &ScheduleEditorDialog::validate);
    connect(m_timeout, &QLineEdit::textChanged, this, &ScheduleEditorDialog::validate);
    connect(m_misfire, &QComboBox::currentIndexChanged, this, &ScheduleEditorDialog::validate);
    validate();
}

QWidget *ScheduleEditorDialog::createExclusions(QWidget *parent)
{
    // Every widget here is in the layout, shown or hidden: one left out would sit at the box's top-left corner,
    // over the first row.
    auto *box = new QWidget(parent);
    m_exclusions = new QListWidget(box);
    m_exclusions->setObjectName(QStringLiteral("exclusionList"));
    for (const QString &c : m_context.calendars) {
        auto *item = new QListWidgetItem(c, m_exclusions);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_exclusions->setFixedHeight(m_exclusions->fontMetrics().height() * 4 + 8);
    m_exclusions->setVisible(!m_context.calendars.isEmpty());
    m_noCalendars = new QLabel(tr("No exclusion calendars yet"), box);
    m_noCalendars->setForegroundRole(QPalette::PlaceholderText);
    m_noCalendars->setVisible(m_context.calendars.isEmpty());
    auto *create = new QPushButton(tr("New calendar…"), box);
    create->setObjectName(QStringLiteral("newCalendarButton"));
    create->setToolTip(tr("Dates on which the schedule does not fire (holidays, freeze windows); other schedules can use it too"));
    create->setCheckable(true);
    auto *listRow = new QHBoxLayout;
    listRow->setContentsMargins(0, 0, 0, 0);
    listRow->addWidget(m_noCalendars, 1);
    listRow->addWidget(create, 0, Qt::AlignTop);

    m_calendarForm = new QWidget(box);
    m_calendarName = new QLineEdit(m_calendarForm);
    m_calendarName->setObjectName(QStringLiteral("newCalendarName"));
    m_calendarName->setPlaceholderText(tr("holidays"));
    m_calendarDates = new QLineEdit(m_calendarForm);
    m_calendarDates->setObjectName(QStringLiteral("newCalendarDates"));
    m_calendarDates->setPlaceholderText(QStringLiteral("2026-12-24, 2026-12-28..2027-01-01"));
    m_calendarDates->setToolTip(tr("Dates and ranges (first..last), separated by commas"));
    auto *add = new QPushButton(tr("Add"), m_calendarForm);
    add->setObjectName(QStringLiteral("addCalendarButton"));
    add->setAutoDefault(false);
    m_calendarError = new QLabel(m_calendarForm);
    m_calendarError->setObjectName(QStringLiteral("calendarError"));
    m_calendarError->setWordWrap(true);
    QPalette errorPalette = m_calendarError->palette();
    errorPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_calendarError->setPalette(errorPalette);
    m_calendarError->setVisible(false);
    auto *form = new QGridLayout(m_calendarForm);
    form->setContentsMargins(0, 0, 0, 0);
    form->addWidget(new QLabel(tr("Name"), m_calendarForm), 0, 0);
    form->addWidget(m_calendarName, 0, 1, 1, 2);
    form->addWidget(new QLabel(tr("Dates"), m_calendarForm), 1, 0);
    form->addWidget(m_calendarDates, 1, 1);
    form->addWidget(add, 1, 2);
    form->addWidget(m_calendarError, 2, 1, 1, 2);
    m_calendarForm->setVisible(false);

    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_exclusions);
    layout->addLayout(listRow);
    layout->addWidget(m_calendarForm);
    connect(create, &QPushButton::toggled, this, [this](bool on) {
        m_calendarForm->setVisible(on);
        if (on)
            m_calendarName->setFocus();
    });
    connect(add, &QPushButton::clicked, this, &ScheduleEditorDialog::addCalendar);
    connect(m_calendarDates, &QLineEdit::returnPressed, this, &ScheduleEditorDialog::addCalendar);
    connect(this, &ScheduleEditorDialog::calendarAdded, create, [create] { create->setChecked(false); });
    return box;
}

void ScheduleEditorDialog::addCalendar()
{
    const QString name = m_calendarName->text().trimmed();
    QString error;
    std::optional<std::vector<ExclusionCalendar::Range>> ranges;
    const bool taken = m_context.calendars.contains(name)
        || std::any_of(m_newCalendars.begin(), m_newCalendars.end(), [&name](const ExclusionCalendar &c) { return c.name == name; });
    if (name.isEmpty())
        error = tr("Give the calendar a name");
    else if (taken)
        error = tr("A calendar named %1 exists already: tick it in the list").arg(name);
    else if (m_calendarDates->text().trimmed().isEmpty())
        error = tr("Enter the dates on which the schedule does not fire");
    else
        ranges = ExclusionCalendar::parseDates(m_calendarDates->text(), &error);
    m_calendarError->setText(error);
    m_calendarError->setVisible(!error.isEmpty());
    if (!ranges)
        return;
    m_newCalendars.push_back({name, *ranges});
    auto *item = new QListWidgetItem(tr("%1 (new: %2)").arg(name, m_newCalendars.back().datesText()), m_exclusions);
    item->setData(Qt::UserRole, name);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    item->setToolTip(tr("Made with this schedule: written when it is saved"));
    m_exclusions->setVisible(true);
    m_noCalendars->setVisible(false);
    m_calendarName->clear();
    m_calendarDates->clear();
    Q_EMIT calendarAdded(name);
}

void ScheduleEditorDialog::load(const ScheduleSpec &spec, bool existing)
{
    m_existing = existing;
    setWindowTitle(existing ? tr("Schedule %1").arg(spec.name) : tr("New schedule"));
    m_name->setText(spec.name);
    m_name->setReadOnly(existing);
    m_recurrence->load(spec);
    const bool definition = !spec.definition.isEmpty() && m_definition->findText(spec.definition) >= 0;
    m_runs->button(definition ? RunsDefinition : RunsKind)->setChecked(true);
    if (definition)
        m_definition->setCurrentText(spec.definition);
    if (!spec.job.kind.isEmpty())
        m_kind->setCurrentText(spec.job.kind);
    if (spec.job.payload.isEmpty() || spec.job.payload == "{}")
        m_payload->setText(QStringLiteral("{}")); // not spread over two lines
    else
        m_payload->setJson(spec.job.payload);
    m_queue->setText(spec.job.queue);
    m_priority->setValue(spec.job.priority);
    m_attempts->setValue(spec.job.maxAttempts);
    m_timeout->setText(spec.job.timeoutMs > 0 ? formatDuration(spec.job.timeoutMs) : QString());
    m_misfire->setCurrentIndex(m_misfire->findData(int(spec.misfire)));
    m_catchUp->setValue(spec.catchUpLimit);
    m_overlap->setCurrentIndex(m_overlap->findData(int(spec.overlap)));
    for (int i = 0; i < m_exclusions->count(); ++i) {
        QListWidgetItem *item = m_exclusions->item(i);
        item->setCheckState(spec.exclusions.contains(calendarOf(item)) ? Qt::Checked : Qt::Unchecked);
    }
    validate();
}

ScheduleSpec ScheduleEditorDialog::spec() const
{
    ScheduleSpec s;
    s.name = m_name->text().trimmed();
    m_recurrence->save(s);
    if (m_runs->checkedId() == RunsDefinition) {
        s.definition = m_definition->currentText();
    } else {
        s.job.kind = m_kind->currentText();
        s.job.payload = m_payload->compactJson();
    }
    s.job.queue = m_queue->text().trimmed().isEmpty() ? QStringLiteral("default") : m_queue->text().trimmed();
    s.job.priority = m_priority->value();
    s.job.maxAttempts = m_attempts->value();
    s.job.timeoutMs = parseDuration(m_timeout->text()).value_or(0);
    s.misfire = MisfirePolicy(m_misfire->currentData().toInt());
    s.catchUpLimit = m_catchUp->value();
    s.overlap = OverlapPolicy(m_overlap->currentData().toInt());
    for (int i = 0; i < m_exclusions->count(); ++i) {
        if (m_exclusions->item(i)->checkState() == Qt::Checked)
            s.exclusions << calendarOf(m_exclusions->item(i));
    }
    return s;
}

void ScheduleEditorDialog::validate()
{
    const bool byKind = m_runs->checkedId() != RunsDefinition;
    m_kind->setEnabled(byKind);
    m_payload->setEnabled(byKind);
    m_definition->setEnabled(!byKind);
    m_catchUp->setEnabled(MisfirePolicy(m_misfire->currentData().toInt()) == MisfirePolicy::CatchUp);

    m_error.clear();
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        m_error = tr("Give the schedule a name");
    else if (!m_existing && m_context.takenNames.contains(name))
        m_error = tr("A schedule named %1 exists already").arg(name);
    else if (!m_existing && DefinitionSchedules::isFolderOwned(name))
        m_error = tr("Names starting with \"%1\" belong to the jobs folder: give the job a \"schedule\" in its "
                     "settings.job instead").arg(DefinitionSchedules::namePrefix());
    else if (!m_recurrence->error().isEmpty())
        m_error = m_recurrence->error();
    else if (!m_timeout->text().trimmed().isEmpty() && !parseDuration(m_timeout->text()))
        m_error = tr("Write the timeout as a duration, like 30s, 10m or 2h");
    else if (byKind && !m_payload->isValid())
        m_error = m_payload->problem();
    // The expression's and the payload's problems already show under them.
    const bool shownElsewhere = m_error == m_recurrence->error() || (byKind && m_error == m_payload->problem());
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty() && !shownElsewhere);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_error.isEmpty());
}

} // namespace jobdeck
