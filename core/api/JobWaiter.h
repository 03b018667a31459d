#pragma once

#include "ApiReply.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <vector>

class QTimer;

namespace jobdeck {

class Engine;
struct JobEvent;

// Holds the replies of clients waiting for jobs to end (GET /api/jobs/{id}/wait) and answers each when its job
// reaches a final state: at once for this runner's events, on the next external change for other processes'.
// No polling: it only looks when the engine says something changed. Main thread only.
class JobWaiter final : public QObject {
    Q_OBJECT
public:
    // `answer(id, reply, ended)` reads the job and sends it; `isFinal(id)` reads whether it has ended.
    using Answer = std::function<void(qint64 jobId, const ApiReply &reply, bool ended)>;
    using IsFinal = std::function<bool(qint64 jobId)>;

    JobWaiter(Engine &engine, Answer answer, IsFinal isFinal, QObject *parent = nullptr);

    // Answers `reply` when `jobId` ends, or with ended=false after `timeoutMs`.
    void wait(qint64 jobId, const ApiReply &reply, int timeoutMs);

private:
    struct Waiter {
        ApiReply reply;
        QTimer *timer;
    };
    void ended(qint64 jobId);
    void onEvents(const QList<JobEvent> &events);
    void onExternalChange();

    Answer m_answer;
    IsFinal m_isFinal;
    QHash<qint64, std::vector<Waiter>> m_waiters;
};

} // namespace jobdeck
