#pragma once

#include "model/JobRecord.h"

#include <QPlainTextEdit>

namespace jobdeck {

// A job's log as it grows: time, level and text per line, ERROR lines in the error colour, following the end
// while the view is scrolled to it.
class LogView final : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit LogView(QWidget *parent = nullptr);

    void append(const std::vector<LogLine> &lines);
    void clearLines();
    qint64 lastLineId() const { return m_lastId; }
    int lineCount() const { return m_lines; }

private:
    qint64 m_lastId = 0;
    int m_lines = 0;
};

} // namespace jobdeck
