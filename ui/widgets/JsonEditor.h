#pragma once

#include <QJsonObject>
#include <QWidget>
#include <functional>

class QLabel;
class QPlainTextEdit;

namespace jobdeck {

// An editor for a JSON object (a job's payload): monospace, coloured, and checked as it is typed. The problem,
// if any, shows under the text in one sentence; an extra check (a handler's) can be added.
class JsonEditor final : public QWidget {
    Q_OBJECT
public:
    // Returns a problem in words, or empty when the object is fine.
    using Check = std::function<QString(const QJsonObject &)>;

    // The text edit is named `name`Edit and the problem line `name`Error (tests find them so).
    explicit JsonEditor(const QString &name, QWidget *parent = nullptr);

    // Shows `json` indented for reading; marks the editor unmodified.
    void setJson(const QByteArray &json);
    void setText(const QString &text);
    QString text() const;
    void setCheck(Check check);
    // Checks again (what the extra check depends on changed).
    void revalidate() { validate(); }
    void setPlaceholderText(const QString &text);

    bool isValid() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    // The object in compact form ("{}" when the text is empty); only meaningful while valid.
    QByteArray compactJson() const;
    bool isModified() const;
    QPlainTextEdit *textEdit() const { return m_edit; }

Q_SIGNALS:
    void validityChanged(bool valid);
    void edited();

private:
    void validate();

    QPlainTextEdit *m_edit;
    QLabel *m_problemLabel;
    Check m_check;
    QString m_problem;
};

} // namespace jobdeck
