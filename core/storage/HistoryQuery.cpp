#include "HistoryQuery.h"

#include <QRegularExpression>
#include <QStringList>
#include <algorithm>

namespace jobdeck {

HistoryQuery::Order HistoryQuery::effectiveOrder() const
{
    if (!searching())
        return order;
    return order == Order::FinishedOldest || order == Order::IdOldest ? Order::IdOldest : Order::IdNewest;
}

QString fullTextQuery(const QString &search)
{
    QStringList phrases;
    for (const QString &word : search.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        // A word without a letter or digit has no tokens, and an empty phrase is an error to the index.
        if (std::none_of(word.begin(), word.end(), [](QChar c) { return c.isLetterOrNumber(); }))
            continue;
        QString quoted = word;
        quoted.replace(u'"', QStringLiteral("\"\""));
        phrases << u'"' + quoted + QStringLiteral("\"*");
    }
    return phrases.join(u' ');
}

QString postgresTextQuery(const QString &search)
{
    QStringList words;
    for (const QString &word : search.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        // Tokens as the 'simple' configuration makes them: runs of letters and digits, in lower case.
        QStringList tokens;
        QString token;
        for (const QChar c : word + u' ') {
            if (c.isLetterOrNumber()) {
                token += c.toLower();
            } else if (!token.isEmpty()) {
                tokens << u'\'' + token + u'\'';
                token.clear();
            }
        }
        if (tokens.isEmpty())
            continue;
        tokens.last() += QStringLiteral(":*");
        words << tokens.join(QStringLiteral(" <-> "));
    }
    return words.join(QStringLiteral(" & "));
}

} // namespace jobdeck
