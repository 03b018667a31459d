#pragma once

#include <QString>
#include <stdexcept>

namespace jobdeck {

// Thrown by a handler (or JobContext::fail) to fail the attempt with a message.
class JobFailure : public std::runtime_error {
public:
    explicit JobFailure(const QString &message, bool retryable = true)
        : std::runtime_error(message.toStdString()), m_retryable(retryable)
    {
    }
    bool isRetryable() const { return m_retryable; }

private:
    bool m_retryable;
};

// Thrown by JobContext::throwIfCancelled so a handler can stop in one line.
class JobCancelled : public std::runtime_error {
public:
    JobCancelled() : std::runtime_error("cancelled") {}
};

} // namespace jobdeck
