#include "JsonHighlighter.h"

#include "StateStyle.h"

#include <QGuiApplication>
#include <QRegularExpression>

namespace jobdeck {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) {}

void JsonHighlighter::highlightBlock(const QString &text)
{
    const QPalette palette = QGuiApplication::palette();
    QTextCharFormat key;
    key.setForeground(StateStyle::color(JobState::Running, palette));
    QTextCharFormat string;
    string.setForeground(StateStyle::color(JobState::Succeeded, palette));
    QTextCharFormat literal;
    literal.setForeground(StateStyle::color(JobState::Scheduled, palette));
    static const QRegularExpression s_string(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"(\\s*:)?"));
    static const QRegularExpression s_literal(QStringLiteral("-?\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b|\\btrue\\b|\\bfalse\\b|\\bnull\\b"));
    for (auto it = s_literal.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), literal);
    }
    // Strings last: digits inside a string are part of it.
    for (auto it = s_string.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const bool isKey = m.capturedLength(1) > 0;
        setFormat(int(m.capturedStart()), int(m.capturedLength(0) - m.capturedLength(1)), isKey ? key : string);
    }
}

} // namespace jobdeck
