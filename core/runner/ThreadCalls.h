#pragma once

#include <QObject>
#include <deque>
#include <functional>
#include <mutex>

namespace jobdeck {

// Runs calls made on any thread (the writer's, a worker's) on the thread this object lives in, one event per
// call and in the order they were made, as QMetaObject::invokeMethod with a queued lambda would. The calls wait in
// a queue under a std::mutex, so what a call carries is ordered before it runs where ThreadSanitizer can see it:
// the lock inside Qt's event queue is invisible to it (Qt is not built for it), and a lambda handed over that way
// was reported as a race whenever the receiving thread happened to be awake already.
class ThreadCalls final : public QObject {
    Q_OBJECT
public:
    explicit ThreadCalls(QObject *parent = nullptr);
    ~ThreadCalls() override;

    // Thread-safe. A call posted after this object is gone is dropped with it, like a queued event.
    void post(std::function<void()> call);

private:
    // Invoked by name, so the event that carries it is made and read inside Qt only.
    Q_INVOKABLE void runOne();

    std::mutex m_mutex;
    std::deque<std::function<void()>> m_calls;
};

} // namespace jobdeck
