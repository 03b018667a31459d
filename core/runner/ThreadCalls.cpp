#include "ThreadCalls.h"

namespace jobdeck {

ThreadCalls::ThreadCalls(QObject *parent) : QObject(parent) {}

ThreadCalls::~ThreadCalls() = default;

void ThreadCalls::post(std::function<void()> call)
{
    {
        std::lock_guard lock(m_mutex);
        m_calls.push_back(std::move(call));
    }
    QMetaObject::invokeMethod(this, "runOne", Qt::QueuedConnection);
}

void ThreadCalls::runOne()
{
    std::function<void()> call;
    {
        std::lock_guard lock(m_mutex);
        if (m_calls.empty())
            return;
        call = std::move(m_calls.front());
        m_calls.pop_front();
    }
    call();
}

} // namespace jobdeck
