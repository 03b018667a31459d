#include "JobWaiter.h"

#include "model/JobRecord.h"
#include "model/JobState.h"
#include "runner/Engine.h"

#include <QTimer>

namespace jobdeck {

JobWaiter::JobWaiter(Engine &engine, Answer answer, IsFinal isFinal, QObject *parent)
    : QObject(parent), m_answer(std::move(answer)), m_isFinal(std::move(isFinal))
{
    connect(&engine, &Engine::jobsChanged, this, &JobWaiter::onEvents);
    connect(&engine, &Engine::externalChange, this, &JobWaiter::onExternalChange);
}

void JobWaiter::wait(qint64 jobId, const ApiReply &reply, int timeoutMs)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, jobId, timer] {
        auto it = m_waiters.find(jobId);
        if (it == m_waiters.end())
            return;
        auto &list = it.value();
        for (auto w = list.begin(); w != list.end(); ++w) {
            if (w->timer != timer)
                continue;
            const ApiReply waiting = w->reply;
            list.erase(w);
            if (list.empty())
                m_waiters.erase(it);
            timer->deleteLater();
            if (waiting.isConnected())
                m_answer(jobId, waiting, false);
            return;
        }
    });
    m_waiters[jobId].push_back(Waiter{reply, timer});
    timer->start(timeoutMs);
    // It may have ended between the client's read and this wait.
    if (m_isFinal(jobId))
        ended(jobId);
}

void JobWaiter::ended(qint64 jobId)
{
    const auto list = m_waiters.take(jobId);
    for (const Waiter &w : list) {
        w.timer->stop();
        w.timer->deleteLater();
        if (w.reply.isConnected())
            m_answer(jobId, w.reply, true);
    }
}

void JobWaiter::onEvents(const QList<JobEvent> &events)
{
    if (m_waiters.isEmpty())
        return;
    for (const JobEvent &e : events) {
        if (m_waiters.contains(e.jobId) && (isFinal(e.to) || e.removed))
            ended(e.jobId);
    }
}

void JobWaiter::onExternalChange()
{
    if (m_waiters.isEmpty())
        return;
    const QList<qint64> ids = m_waiters.keys();
    for (const qint64 id : ids) {
        if (m_isFinal(id))
            ended(id);
    }
}

} // namespace jobdeck
