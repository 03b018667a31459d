#include "JsonEditor.h"

#include "JsonHighlighter.h"
#include "StateStyle.h"

#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace jobdeck {

JsonEditor::JsonEditor(const QString &name, QWidget *parent) : QWidget(parent)
{
    setObjectName(name);
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(name + QStringLiteral("Edit"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setMinimumHeight(m_edit->fontMetrics().lineSpacing() * 5);
    new JsonHighlighter(m_edit->document());
    m_problemLabel = new QLabel(this);
    m_problemLabel->setObjectName(name + QStringLiteral("Error"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setVisible(false);
    QPalette problemPalette = m_problemLabel->palette();
    problemPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_problemLabel->setPalette(problemPalette);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_problemLabel);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        validate();
        Q_EMIT edited();
    });
    validate();
}

void JsonEditor::setJson(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const bool empty = (doc.isObject() && doc.object().isEmpty()) || (doc.isArray() && doc.array().isEmpty());
    setText(doc.isNull() || empty ? QString::fromUtf8(json) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed());
}

void JsonEditor::setText(const QString &text)
{
    m_edit->setPlainText(text);
    m_edit->document()->setModified(false);
}

QString JsonEditor::text() const
{
    return m_edit->toPlainText();
}

void JsonEditor::setCheck(Check check)
{
    m_check = std::move(check);
    validate();
}

void JsonEditor::setPlaceholderText(const QString &text)
{
    m_edit->setPlaceholderText(text);
}

bool JsonEditor::isModified() const
{
    return m_edit->document()->isModified();
}

QByteArray JsonEditor::compactJson() const
{
    const QString text = m_edit->toPlainText().trimmed();
    if (text.isEmpty())
        return QByteArrayLiteral("{}");
    return QJsonDocument::fromJson(text.toUtf8()).toJson(QJsonDocument::Compact);
}

void JsonEditor::validate()
{
    const bool wasValid = isValid();
    m_problem.clear();
    const QString text = m_edit->toPlainText().trimmed();
    QJsonObject object;
    if (!text.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            // The offset counts bytes; people count lines.
            const int line = int(text.left(error.offset).count(u'\n')) + 1;
            m_problem = tr("Not valid JSON: %1 (line %2).").arg(error.errorString()).arg(line);
        } else if (!doc.isObject()) {
            m_problem = tr("The payload must be a JSON object, like {\"ms\": 1500}.");
        } else {
            object = doc.object();
        }
    }
    if (m_problem.isEmpty() && m_check)
        m_problem = m_check(object);
    m_problemLabel->setText(m_problem);
    m_problemLabel->setVisible(!m_problem.isEmpty());
    if (wasValid != isValid())
        Q_EMIT validityChanged(isValid());
}

} // namespace jobdeck
