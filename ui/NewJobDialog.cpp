#include "NewJobDialog.h"

#include "StateStyle.h"
#include "definitions/JobDefinitions.h"
#include "model/Duration.h"
#include "schedule/CalendarProjection.h"
#include "runner/HandlerRegistry.h"
#include "runner/JobHandler.h"
#include "widgets/JsonEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDir>
#include <QJsonDocument>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

// A starting point per built-in kind, so the dialog shows what a payload looks like instead of a blank box.
QString examplePayload(const QString &kind)
{
    if (kind == QLatin1String("sleep"))
        return QStringLiteral("{\"ms\": 5000}");
    if (kind == QLatin1String("cpu"))
        return QStringLiteral("{\"n\": 5000000}");
    if (kind == QLatin1String("fail"))
        return QStringLiteral("{\"message\": \"failed on purpose\", \"times\": 2}");
    if (kind == QLatin1String("process"))
        return QStringLiteral("{\"program\": \"/path/to/script.sh\", \"args\": []}");
    if (kind == QLatin1String("checksum"))
        return QStringLiteral("{\"paths\": [\"/path/to/folder\"], \"algorithm\": \"sha256\"}");
    if (kind == QLatin1String("thumbnail"))
        return QStringLiteral("{\"path\": \"/path/to/photo.jpg\", \"size\": 256}");
    return QStringLiteral("{}");
}

constexpr int kDefinitionRole = Qt::UserRole + 1;

} // namespace

NewJobDialog::NewJobDialog(const HandlerRegistry &handlers, QWidget *parent)
    : QDialog(parent), m_handlers(handlers)
{
    setObjectName(QStringLiteral("newJobDialog"));
    setWindowTitle(tr("New job"));

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->setMaxVisibleItems(20);
    fillKinds();

    m_about = new QLabel(this);
    m_about->setObjectName(QStringLiteral("definitionAbout"));
    m_about->setForegroundRole(QPalette::PlaceholderText);
    m_about->setVisible(false);

    m_payload = new JsonEditor(QStringLiteral("payload"), this);
    m_payload->setPlaceholderText(tr("A JSON object, e.g. {\"ms\": 1500}"));
    m_payload->setCheck([this](const QJsonObject &payload) {
        const JobHandler *handler = m_handlers.find(m_kind->currentText());
        return handler ? handler->validate(payload) : tr("Choose a kind of job.");
    });

    m_queue = new QComboBox(this);
    m_queue->setObjectName(QStringLiteral("queueCombo"));
    m_queue->setEditable(true);
    m_queue->addItem(QStringLiteral("default"));
    m_queue->lineEdit()->setObjectName(QStringLiteral("queueEdit"));

    m_priority = new QSpinBox(this);
    m_priority->setObjectName(QStringLiteral("prioritySpin"));
    m_priority->setRange(-1000, 1000);
    m_priority->setToolTip(tr("Higher runs first; jobs of equal priority run in the order they were enqueued."));

    m_attempts = new QSpinBox(this);
    m_attempts->setObjectName(QStringLiteral("attemptsSpin"));
    m_attempts->setRange(1, 100);
    m_attempts->setValue(JobSpec().maxAttempts);
    m_attempts->setToolTip(tr("Tries before the job is moved to the poison list; retries wait longer each time."));

    m_timeout = new QLineEdit(this);
    m_timeout->setObjectName(QStringLiteral("timeoutEdit"));
    m_timeout->setPlaceholderText(tr("none — or e.g. 30s, 10m, 2h"));

    m_later = new QCheckBox(tr("Run at"), this);
    m_later->setObjectName(QStringLiteral("runLaterCheck"));
    m_runAt = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(3600), this);
    m_runAt->setObjectName(QStringLiteral("runAtEdit"));
    m_runAt->setCalendarPopup(true);
    m_runAt->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_runAt->setEnabled(false);
    m_runAtZone = new QLabel(this);
    m_runAtZone->setObjectName(QStringLiteral("runAtZoneLabel"));
    m_runAtZone->setForegroundRole(QPalette::PlaceholderText);
    m_runAtZone->setVisible(false);
    auto *when = new QHBoxLayout;
    when->addWidget(m_later);
    when->addWidget(m_runAt, 1);
    when->addWidget(m_runAtZone);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("formError"));
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_problem->setPalette(problemPalette);
    m_problem->setVisible(false);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(QString(), m_about);
    form->addRow(tr("&Payload:"), m_payload);
    if (auto *payloadLabel = qobject_cast<QLabel *>(form->labelForField(m_payload)))
        payloadLabel->setBuddy(m_payload->textEdit());
    form->addRow(tr("&Queue:"), m_queue);
    form->addRow(tr("P&riority:"), m_priority);
    form->addRow(tr("&Attempts:"), m_attempts);
    form->addRow(tr("&Timeout:"), m_timeout);
    form->addRow(tr("Start:"), when);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Enqueue"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_error.isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addSpacing(6);
    layout->addWidget(m_buttons);
    m_kind->setMinimumWidth(m_kind->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 12);
    resize(520, layout->minimumSize().height() + m_payload->fontMetrics().lineSpacing() * 4);

    connect(m_kind, &QComboBox::currentTextChanged, this, &NewJobDialog::onKindChanged);
    connect(m_payload, &JsonEditor::edited, this, &NewJobDialog::validate);
    connect(m_queue, &QComboBox::editTextChanged, this, &NewJobDialog::validate);
    connect(m_timeout, &QLineEdit::textChanged, this, &NewJobDialog::validate);
    connect(m_later, &QCheckBox::toggled, m_runAt, &QWidget::setEnabled);
    if (m_kind->findText(QStringLiteral("sleep")) >= 0)
        m_kind->setCurrentText(QStringLiteral("sleep")); // a job anyone can try without preparing files
    onKindChanged();
}

JobSpec NewJobDialog::spec() const
{
    JobSpec s;
    if (isDefinition()) // the definition's own settings (singleton, ...) and then what the form says
        s = m_definitions->jobFor(m_kind->currentText(), QJsonDocument::fromJson(m_payload->compactJson()).object(), nullptr)
                .value_or(JobSpec());
    s.kind = m_kind->currentText();
    s.queue = m_queue->currentText().trimmed();
    s.priority = m_priority->value();
    s.maxAttempts = m_attempts->value();
    s.payload = m_payload->compactJson();
    s.timeoutMs = parseDuration(m_timeout->text().trimmed()).value_or(0);
    if (m_later->isChecked())
        s.runAtMs = m_zone ? CalendarProjection::instantOf(m_runAt->date(), m_runAt->time(), *m_zone)
                           : m_runAt->dateTime().toMSecsSinceEpoch();
    return s;
}

void NewJobDialog::setKind(const QString &kind)
{
    m_kind->setCurrentText(kind);
}

void NewJobDialog::setPayload(const QString &json)
{
    m_payload->setText(json);
    validate();
}

void NewJobDialog::setQueue(const QString &queue)
{
    m_queue->setCurrentText(queue);
}

void NewJobDialog::setPriority(int priority)
{
    m_priority->setValue(priority);
}

void NewJobDialog::setMaxAttempts(int attempts)
{
    m_attempts->setValue(attempts);
}

void NewJobDialog::setTimeout(const QString &duration)
{
    m_timeout->setText(duration);
}

void NewJobDialog::setRunAt(qint64 epochMs, std::shared_ptr<const ZoneRules> zone)
{
    m_zone = std::move(zone);
    m_later->setChecked(true);
    if (m_zone) {
        // The zone's wall-clock time, held as UTC so that the system's zone (its gaps and folds) plays no part.
        m_runAt->setTimeSpec(Qt::UTC);
        m_runAt->setDateTime(QDateTime(m_zone->dateAt(epochMs), m_zone->timeAt(epochMs), Qt::UTC));
        m_runAtZone->setText(m_zone->id());
    } else {
        m_runAt->setDateTime(QDateTime::fromMSecsSinceEpoch(epochMs));
    }
    m_runAtZone->setVisible(m_zone != nullptr);
}

void NewJobDialog::setKnownQueues(const QStringList &queues)
{
    const QString current = m_queue->currentText();
    m_queue->clear();
    QStringList names = queues;
    if (!names.contains(QStringLiteral("default")))
        names.prepend(QStringLiteral("default"));
    m_queue->addItems(names);
    m_queue->setCurrentText(current);
}

void NewJobDialog::setDefinitions(const JobDefinitions *definitions)
{
    if (m_definitions)
        disconnect(m_definitions, nullptr, this, nullptr);
    m_definitions = definitions;
    if (m_definitions)
        connect(m_definitions, &JobDefinitions::changed, this, &NewJobDialog::fillKinds);
    fillKinds();
}

bool NewJobDialog::isDefinition() const
{
    return m_definitions && m_kind->currentData(kDefinitionRole).toBool();
}

void NewJobDialog::fillKinds()
{
    const QString current = m_kind->currentText();
    const QSignalBlocker block(m_kind);
    m_kind->clear();
    QStringList kinds = m_handlers.kinds();
    kinds.sort();
    m_kind->addItems(kinds);
    bool first = true;
    for (const JobDefinition &d : m_definitions ? m_definitions->definitions() : std::vector<JobDefinition>()) {
        if (d.isContinuous())
            continue; // it runs by itself
        if (first)
            m_kind->insertSeparator(m_kind->count());
        first = false;
        m_kind->addItem(d.name);
        m_kind->setItemData(m_kind->count() - 1, true, kDefinitionRole);
        m_kind->setItemData(m_kind->count() - 1, tr("Job definition of the jobs folder"), Qt::ToolTipRole);
    }
    const int index = m_kind->findText(current);
    if (index >= 0)
        m_kind->setCurrentIndex(index);
    if (m_payload && m_kind->currentText() != current)
        onKindChanged();
    else if (m_payload)
        fillFromDefinition(); // its settings may have changed
}

void NewJobDialog::fillFromDefinition()
{
    if (!isDefinition()) {
        m_about->setVisible(false);
        if (m_filledFromDefinition) { // back to the defaults of a job
            const JobSpec defaults;
            m_queue->setCurrentText(defaults.queue);
            m_priority->setValue(defaults.priority);
            m_attempts->setValue(defaults.maxAttempts);
            m_timeout->clear();
        }
        m_filledFromDefinition = false;
        return;
    }
    const auto d = m_definitions->find(m_kind->currentText());
    if (!d) {
        m_about->setVisible(false);
        return; // validate() says why
    }
    if (const auto job = m_definitions->jobFor(d->name, {}, nullptr)) {
        m_queue->setCurrentText(job->queue);
        m_priority->setValue(job->priority);
        m_attempts->setValue(job->maxAttempts);
        m_timeout->setText(job->timeoutMs > 0 ? formatDuration(job->timeoutMs) : QString());
        m_filledFromDefinition = true;
    }
    // One line, the script named within the jobs folder (the whole path in the tooltip).
    const QString script = QDir::toNativeSeparators(QDir(m_definitions->folder()).relativeFilePath(d->entryScript));
    m_about->setText(d->isValid() ? tr("Runs %1%2; the payload reaches it as JOBDECK_PAYLOAD.")
                                        .arg(script, d->isSingleton ? tr(" (never two at once)") : QString())
                                  : tr("This job cannot run: %1").arg(d->error));
    m_about->setToolTip(QDir::toNativeSeparators(d->entryScript));
    m_about->setVisible(true);
}

void NewJobDialog::onKindChanged()
{
    fillFromDefinition();
    const QString current = m_payload->text().trimmed();
    if (current.isEmpty() || current == m_lastExample) {
        m_lastExample = examplePayload(m_kind->currentText());
        m_payload->setText(m_lastExample);
    }
    m_payload->revalidate(); // the kind's handler judges the payload now
    validate();
}

void NewJobDialog::validate()
{
    m_error = m_payload->problem();
    QString formProblem;
    const QString timeout = m_timeout->text().trimmed();
    // A definition may have been removed or broken since the dialog listed it.
    const bool definitionRuns = !isDefinition() || m_definitions->jobFor(m_kind->currentText(), {}, &formProblem);
    if (!definitionRuns)
        m_error = formProblem;
    else if (m_error.isEmpty() && m_queue->currentText().trimmed().isEmpty())
        formProblem = tr("Name a queue.");
    else if (m_error.isEmpty() && !timeout.isEmpty() && !parseDuration(timeout))
        formProblem = tr("Write the timeout as a duration, like 30s, 10m or 1h30m.");
    if (m_error.isEmpty())
        m_error = formProblem;
    m_problem->setText(formProblem);
    m_problem->setVisible(!formProblem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_error.isEmpty());
}

} // namespace jobdeck
