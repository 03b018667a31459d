#pragma once

#include "model/JobSpec.h"

#include <QDialog>
#include <memory>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace jobdeck {

class HandlerRegistry;
class JobDefinitions;
class JsonEditor;
class ZoneRules;

// Asks for everything a job is enqueued with: kind (or a triggered definition of the jobs folder), payload, queue,
// priority, attempts, timeout and when to run.
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
    // Runs at `epochMs` instead of now; the field shows it, and is read, in `zone` (null: the system's zone).
    void setRunAt(qint64 epochMs, std::shared_ptr<const ZoneRules> zone = nullptr);
    // Queues to offer in the queue box.
    void setKnownQueues(const QStringList &queues);
    // Offers the triggered definitions of `definitions` after the kinds (null: none), following their changes.
    // Choosing one fills in its settings.job; the job is made as `jobdeck run NAME` makes it.
    void setDefinitions(const JobDefinitions *definitions);
    // Whether the chosen kind is a definition of the jobs folder.
    bool isDefinition() const;

private:
    void fillKinds();
    void onKindChanged();
    void fillFromDefinition();
    void validate();

    const HandlerRegistry &m_handlers;
    const JobDefinitions *m_definitions = nullptr;
    QComboBox *m_kind = nullptr;
    JsonEditor *m_payload = nullptr;
    QComboBox *m_queue = nullptr;
    QSpinBox *m_priority = nullptr;
    QSpinBox *m_attempts = nullptr;
    QLineEdit *m_timeout = nullptr;
    QCheckBox *m_later = nullptr;
    QDateTimeEdit *m_runAt = nullptr;
    QLabel *m_runAtZone = nullptr;
    std::shared_ptr<const ZoneRules> m_zone; // the zone of the run-at field's wall-clock time; null: the system's
    QLabel *m_problem = nullptr;
    QLabel *m_about = nullptr; // what the chosen definition runs
    QDialogButtonBox *m_buttons = nullptr;
    QString m_error;
    QString m_lastExample; // the payload we filled in, replaced on a kind change unless the user edited it
    bool m_filledFromDefinition = false; // queue, priority, attempts and timeout hold a definition's settings
};

} // namespace jobdeck
