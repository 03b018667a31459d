#pragma once

#include "model/JobRecord.h"

#include <QByteArray>
#include <QStringList>

namespace jobdeck {

class JobContext;

// Splits a child's output into lines and hands them to the job: log lines, and on stdout the
// `##jobdeck[progress]` and `##jobdeck[checkpoint]` commands. Used by one worker thread.
class ProcessLineReader {
public:
    ProcessLineReader(JobContext &ctx, LogLevel level) : m_ctx(ctx), m_level(level) {}
    void feed(const QByteArray &data);
    void finish(); // a last line without a newline
    // The last few lines, for a failure message.
    QStringList tail() const { return m_tail; }

    static constexpr int kMaxLineBytes = 64 * 1024;

private:
    void line(const QByteArray &raw);

    JobContext &m_ctx;
    LogLevel m_level;
    QByteArray m_partial;
    QStringList m_tail;
};

} // namespace jobdeck
