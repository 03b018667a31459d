#pragma once

#include "storage/Mutation.h"

#include <QList>
#include <QObject>
#include <functional>

namespace jobdeck {

class Engine;

// The commands a user gives on jobs, wherever in the window: each is a state transition (or a job edit) built by
// JobCommands and written through the engine, so the window follows the same rules as the command line. Results
// come back as one-line messages. Main thread only.
class JobActions final : public QObject {
    Q_OBJECT
public:
    using Confirm = std::function<bool(const QString &title, const QString &question)>;
    static inline const QString kBy = QStringLiteral("user (window)");

    explicit JobActions(Engine &engine, QObject *parent = nullptr);

    // How destructive commands ask first (a message box by default; tests answer it themselves).
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    bool confirm(const QString &title, const QString &question) const;

    void cancel(const QList<qint64> &ids);
    void requeue(const QList<qint64> &ids);
    void requeueWithPayload(qint64 id, const QByteArray &payload);
    void requeueAllDead();
    void remove(const QList<qint64> &ids);
    void runNow(const QList<qint64> &ids);
    void setPriority(const QList<qint64> &ids, int priority);
    // Writes the jobs, with their attempts, as a JSON array to `path`. Returns false and says why on failure.
    bool exportJson(const QList<qint64> &ids, const QString &path, QString *error);
    void showDetails(qint64 jobId) { Q_EMIT detailsRequested(jobId); }

Q_SIGNALS:
    // A command's outcome, for the status bar; `problem` when something was refused or failed.
    void message(const QString &text, bool problem);
    void detailsRequested(qint64 jobId);

private:
    // Writes `batch` through the engine; `describe` turns how many mutations applied into the message.
    void write(WriteBatch batch, std::function<QString(int applied, int total)> describe);

    Engine &m_engine;
    Confirm m_confirm;
};

} // namespace jobdeck
