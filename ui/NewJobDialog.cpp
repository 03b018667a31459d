#include "NewJobDialog.h"

#include "StateStyle.h"
#include "runner/HandlerRegistry.h"
#include "runner/JobHandler.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
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
    return QStringLiteral("{}");
}

} // namespace

NewJobDialog::NewJobDialog(const HandlerRegistry &handlers, QWidget *parent)
    : QDialog(parent), m_handlers(handlers)
{
    setObjectName(QStringLiteral("newJobDialog"));
    setWindowTitle(tr("New job"));

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->addItems(handlers.kinds());

    m_payload = new QPlainTextEdit(this);
    m_payload->setObjectName(QStringLiteral("payloadEdit"));
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setTabChangesFocus(true);
    m_payload->setPlaceholderText(tr("A JSON object, e.g. {\"ms\": 1500}"));
    m_payload->setMinimumHeight(m_payload->fontMetrics().lineSpacing() * 6);

    m_payloadError = new QLabel(this);
    m_payloadError->setObjectName(QStringLiteral("payloadError"));
    m_payloadError->setWordWrap(true);
    QPalette errorPalette = m_payloadError->palette();
    errorPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_payloadError->setPalette(errorPalette);

    m_queue = new QLineEdit(QStringLiteral("default"), this);
    m_queue->setObjectName(QStringLiteral("queueEdit"));

    m_priority = new QSpinBox(this);
    m_priority->setObjectName(QStringLiteral("prioritySpin"));
    m_priority->setRange(-1000, 1000);
    m_priority->setToolTip(tr("Higher runs first; jobs of equal priority run in the order they were enqueued."));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Kind:"), m_kind);
    // The error sits right under the payload it is about, as wide as the editor.
    auto *payloadBox = new QVBoxLayout;
    payloadBox->setSpacing(4);
    payloadBox->addWidget(m_payload, 1);
    payloadBox->addWidget(m_payloadError);
    form->addRow(tr("&Payload:"), payloadBox);
    if (auto *payloadLabel = qobject_cast<QLabel *>(form->labelForField(payloadBox)))
        payloadLabel->setBuddy(m_payload);
    form->addRow(tr("&Queue:"), m_queue);
    form->addRow(tr("P&riority:"), m_priority);

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
    layout->addSpacing(6);
    layout->addWidget(m_buttons);
    m_kind->setMinimumWidth(m_kind->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 10);
    // Room for a few lines of payload, not the editor's default half screen.
    resize(480, layout->minimumSize().height() + m_payload->fontMetrics().lineSpacing() * 2);

    connect(m_kind, &QComboBox::currentTextChanged, this, &NewJobDialog::onKindChanged);
    connect(m_payload, &QPlainTextEdit::textChanged, this, &NewJobDialog::validate);
    connect(m_queue, &QLineEdit::textChanged, this, &NewJobDialog::validate);
    onKindChanged();
}

JobSpec NewJobDialog::spec() const
{
    JobSpec s;
    s.kind = m_kind->currentText();
    s.queue = m_queue->text().trimmed();
    s.priority = m_priority->value();
    const QString text = m_payload->toPlainText().trimmed();
    s.payload = text.isEmpty() ? QByteArrayLiteral("{}")
                               : QJsonDocument::fromJson(text.toUtf8()).toJson(QJsonDocument::Compact);
    return s;
}

void NewJobDialog::setKind(const QString &kind)
{
    m_kind->setCurrentText(kind);
}

void NewJobDialog::setPayload(const QString &json)
{
    m_payload->setPlainText(json);
}

void NewJobDialog::setQueue(const QString &queue)
{
    m_queue->setText(queue);
}

void NewJobDialog::setPriority(int priority)
{
    m_priority->setValue(priority);
}

void NewJobDialog::onKindChanged()
{
    const QString current = m_payload->toPlainText().trimmed();
    if (current.isEmpty() || current == m_lastExample) {
        m_lastExample = examplePayload(m_kind->currentText());
        m_payload->setPlainText(m_lastExample);
    }
    validate();
}

void NewJobDialog::validate()
{
    m_error.clear();
    const QString text = m_payload->toPlainText().trimmed();
    QJsonObject payload;
    if (!text.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            m_error = tr("Not valid JSON: %1 (at character %2).").arg(parseError.errorString()).arg(parseError.offset);
        else if (!doc.isObject())
            m_error = tr("The payload must be a JSON object, like {\"ms\": 1500}.");
        else
            payload = doc.object();
    }
    if (m_error.isEmpty()) {
        if (const JobHandler *handler = m_handlers.find(m_kind->currentText())) {
            const QString problem = handler->validate(payload);
            if (!problem.isEmpty())
                m_error = problem;
        } else {
            m_error = tr("Choose a kind of job.");
        }
    }
    if (m_error.isEmpty() && m_queue->text().trimmed().isEmpty())
        m_error = tr("Name a queue.");

    m_payloadError->setText(m_error);
    m_payloadError->setVisible(!m_error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_error.isEmpty());
}

} // namespace jobdeck
