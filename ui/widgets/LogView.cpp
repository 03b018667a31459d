#include "LogView.h"

#include "StateStyle.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace jobdeck {

LogView::LogView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setMaximumBlockCount(5000);
    setPlaceholderText(tr("No log lines yet"));
}

void LogView::clearLines()
{
    clear();
    m_lastId = 0;
    m_lines = 0;
}

void LogView::append(const std::vector<LogLine> &lines)
{
    if (lines.empty())
        return;
    QScrollBar *bar = verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2;
    QTextCharFormat quiet;
    quiet.setForeground(palette().color(QPalette::PlaceholderText));
    QTextCharFormat info;
    info.setForeground(StateStyle::color(JobState::Running, palette()));
    QTextCharFormat error;
    error.setForeground(StateStyle::color(JobState::Dead, palette()));
    QTextCharFormat text;
    text.setForeground(palette().color(QPalette::Text));
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    for (const LogLine &line : lines) {
        if (m_lines > 0)
            cursor.insertBlock();
        cursor.insertText(QDateTime::fromMSecsSinceEpoch(line.timeMs).toString(QStringLiteral("HH:mm:ss.zzz ")), quiet);
        const bool isError = line.level == LogLevel::Error;
        cursor.insertText(isError ? QStringLiteral("ERROR ") : QStringLiteral("INFO  "), isError ? error : info);
        cursor.insertText(line.text, isError ? error : text);
        m_lastId = std::max(m_lastId, line.id);
        ++m_lines;
    }
    cursor.endEditBlock();
    if (following)
        bar->setValue(bar->maximum());
}

} // namespace jobdeck
