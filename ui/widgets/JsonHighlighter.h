#pragma once

#include <QSyntaxHighlighter>

namespace jobdeck {

// Colours JSON: keys, strings, numbers, and true/false/null, in colours taken from the palette's state colours.
class JsonHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace jobdeck
