#pragma once

#include "model/JobRecord.h"
#include "runner/JobContext.h"

#include <QByteArray>
#include <QJsonValue>
#include <QStringList>

namespace jobdeck {

// Splits a child's output into lines and hands them to the job: log lines, and on stdout the
// `##jobdeck[progress]`, `##jobdeck[checkpoint]` and `##jobdeck[result]` commands. Lines are cut as the output arrives, so whatever
// the child writes, this holds at most one line of kMaxLineBytes. Used by one worker thread.
class ProcessLineReader {
public:
    ProcessLineReader(JobContext &ctx, LogLevel level) : m_ctx(ctx), m_level(level) {}
    void feed(const QByteArray &data);
    void finish(); // a last line without a newline
    // The last few lines, each cut like a log line, for a failure message.
    QStringList tail() const { return m_tail; }
    // The JSON of the last `##jobdeck[result]` line; undefined when there was none.
    const QJsonValue &result() const { return m_result; }

    // Long enough for a big checkpoint line. A log line is cut much shorter by JobContext::log, which marks
    // the cut; the longest line kept here always decodes to more than that cut, so every line cut here is
    // marked there too.
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;
    static_assert(kMaxLineBytes > 3 * JobContext::kLineLengthCap);

private:
    void line(const QByteArray &raw);

    JobContext &m_ctx;
    LogLevel m_level;
    QByteArray m_partial;
    bool m_discarding = false; // the rest of a line already cut, up to its newline
    QStringList m_tail;
    QJsonValue m_result = QJsonValue(QJsonValue::Undefined);
};

} // namespace jobdeck
