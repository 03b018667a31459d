#pragma once

#include "model/JobSpec.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace jobdeck {

class HandlerRegistry;

// Asks for the kind, payload, queue and priority of a job to enqueue. Validates the payload as it is typed
// (JSON object, then the handler's own check) and keeps OK disabled until it passes. Writes nothing itself:
// the caller enqueues spec() through the engine.
class NewJobDialog final : public QDialog {
    Q_OBJECT
public:
    explicit NewJobDialog(const HandlerRegistry &handlers, QWidget *parent = nullptr);

    JobSpec spec() const;
    // Empty while the input is valid.
    QString validationError() const { return m_error; }

    void setKind(const QString &kind);
    void setPayload(const QString &json);
    void setQueue(const QString &queue);
    void setPriority(int priority);

private:
    void onKindChanged();
    void validate();

    const HandlerRegistry &m_handlers;
    QComboBox *m_kind = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QLabel *m_payloadError = nullptr;
    QLineEdit *m_queue = nullptr;
    QSpinBox *m_priority = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_error;
    QString m_lastExample; // the payload we filled in, replaced on a kind change unless the user edited it
};

} // namespace jobdeck
