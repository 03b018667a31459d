#pragma once

#include "Confirmation.h"
#include "storage/Mutation.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <functional>

namespace jobdeck {

class Engine;

// The commands a user gives on jobs, wherever in the window: each is a state transition (or a job edit) built by
// JobCommands and written through the engine, so the window follows the same rules as the command line. Results
// come back as one-line messages. Main thread only.
class JobActions final : public QObject {
    Q_OBJECT
public:
    // Puts a question to the user; the default is a message box with a "Don't ask again" box.
    using Prompt = std::function<ConfirmAnswer(const Confirmation &question)>;
    // Hands a file or folder to the desktop; the default is QDesktopServices::openUrl.
    using Opener = std::function<void(const QUrl &url)>;
    static inline const QString kBy = QStringLiteral("user (window)");

    explicit JobActions(Engine &engine, QObject *parent = nullptr);

    // How destructive commands ask first (tests answer the prompt themselves).
    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }
    // How files are opened (tests see what would be opened instead).
    void setOpener(Opener opener) { m_opener = std::move(opener); }
    // Opens a job's file, or the folder holding it, with the desktop's application for it.
    void open(const QUrl &url);
    // Whether to go ahead with a destructive command: true at once if the user said "Don't ask again" to its kind,
    // else the prompt's answer, remembering "Don't ask again" when the user went ahead.
    bool confirm(const Confirmation &question) const;

    void cancel(const QList<qint64> &ids);
    // Cancels running jobs after asking (their work stops where it is), naming how many; false if the user said no.
    bool cancelRunning(const QList<qint64> &ids);
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
    Prompt m_prompt;
    Opener m_opener;
};

} // namespace jobdeck
