#pragma once

#include "model/JobSpec.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace jobdeck {

class HandlerRegistry;
class JsonEditor;

// Asks for everything a job is enqueued with: kind, payload, queue, priority, attempts, timeout and when to run.
// Validates as the user types (the payload as a JSON object, then by the handler's own check; the timeout as a
// duration) and keeps Enqueue disabled until everything passes. Writes nothing itself: the caller enqueues spec()
// through the engine.
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
    void setMaxAttempts(int attempts);
    void setTimeout(const QString &duration);
    // Runs at `epochMs` instead of now.
    void setRunAt(qint64 epochMs);
    // Queues to offer in the queue box.
    void setKnownQueues(const QStringList &queues);

private:
    void onKindChanged();
    void validate();

    const HandlerRegistry &m_handlers;
    QComboBox *m_kind = nullptr;
    JsonEditor *m_payload = nullptr;
    QComboBox *m_queue = nullptr;
    QSpinBox *m_priority = nullptr;
    QSpinBox *m_attempts = nullptr;
    QLineEdit *m_timeout = nullptr;
    QCheckBox *m_later = nullptr;
    QDateTimeEdit *m_runAt = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QString m_error;
    QString m_lastExample; // the payload we filled in, replaced on a kind change unless the user edited it
};

} // namespace jobdeck
