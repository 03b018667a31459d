#include "PostgresDialect.h"

#include <QList>
#include <QStringView>

#include <optional>
#include <utility>

namespace jobdeck {

namespace {

enum class Kind { Space, LineComment, BlockComment, String, QuotedName, Word, Number, Placeholder, Punct };

struct Token {
    Kind kind;
    qsizetype begin;
    qsizetype length;
    // A placeholder's number as SQLite assigns it; for an opening or closing parenthesis, the index of its partner
    // (-1 when unbalanced).
    qsizetype number = -1;
};

bool isWordStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isWordPart(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

bool isTrivia(const Token &t)
{
    return t.kind == Kind::Space || t.kind == Kind::LineComment || t.kind == Kind::BlockComment;
}

// A half-open range of tokens: one argument of a call.
using Range = std::pair<qsizetype, qsizetype>;

struct Call {
    qsizetype open;
    qsizetype close;
    QList<Range> args;
};

class Translator {
public:
    explicit Translator(const QString &sql) : m_sql(sql) { m_out.reserve(sql.size() + 32); }

    QString run()
    {
        tokenize();
        render(0, m_tokens.size(), true);
        return m_out;
    }

private:
    QStringView text(qsizetype i) const { return QStringView(m_sql).mid(m_tokens[i].begin, m_tokens[i].length); }

    bool isWord(qsizetype i, QLatin1String word) const
    {
        return m_tokens[i].kind == Kind::Word && text(i).compare(word, Qt::CaseInsensitive) == 0;
    }

    bool isPunct(qsizetype i, char16_t c) const
    {
        return m_tokens[i].kind == Kind::Punct && m_sql[m_tokens[i].begin] == c;
    }

    void tokenize()
    {
        const qsizetype n = m_sql.size();
        m_tokens.reserve(n / 3 + 1);
        QList<qsizetype> open;
        // SQLite numbers a bare `?` one past the largest number assigned so far, left to right; callers bind by
        // those numbers.
        qsizetype largest = 0;
        qsizetype i = 0;
        while (i < n) {
            const QChar c = m_sql[i];
            const qsizetype start = i;
            Token t{Kind::Punct, start, 1};
            if (c.isSpace()) {
                while (i < n && m_sql[i].isSpace())
                    ++i;
                t.kind = Kind::Space;
            } else if (c == u'-' && i + 1 < n && m_sql[i + 1] == u'-') {
                // The newline stays a token of its own, so that nothing written after the comment joins it.
                while (i < n && m_sql[i] != u'\n')
                    ++i;
                t.kind = Kind::LineComment;
            } else if (c == u'/' && i + 1 < n && m_sql[i + 1] == u'*') {
                const qsizetype close = m_sql.indexOf(QLatin1String("*/"), i + 2);
                i = close < 0 ? n : close + 2;
                t.kind = Kind::BlockComment;
            } else if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
                const QChar quote = c == u'[' ? QChar(u']') : c;
                ++i;
                while (i < n) {
                    if (m_sql[i] == quote) {
                        // A doubled quote is one quote inside; brackets have no escape.
                        if (quote != u']' && i + 1 < n && m_sql[i + 1] == quote) {
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    ++i;
                }
                t.kind = c == u'\'' ? Kind::String : Kind::QuotedName;
            } else if (isWordStart(c)) {
                while (i < n && isWordPart(m_sql[i]))
                    ++i;
                t.kind = Kind::Word;
            } else if (c.isDigit() || (c == u'.' && i + 1 < n && m_sql[i + 1].isDigit())) {
                // Loose on purpose: 1e-5 splits at its sign, which leaves the text as it was all the same.
                while (i < n && (m_sql[i].isLetterOrNumber() || m_sql[i] == u'.' || m_sql[i] == u'_'))
                    ++i;
                t.kind = Kind::Number;
            } else if (c == u'?') {
                ++i;
                qsizetype number = 0;
                bool numbered = false;
                while (i < n && m_sql[i].isDigit()) {
                    numbered = true;
                    if (number < 1'000'000)
                        number = number * 10 + m_sql[i].digitValue();
                    ++i;
                }
                t.number = numbered ? number : ++largest;
                if (numbered && number > largest)
                    largest = number;
                t.kind = Kind::Placeholder;
            } else {
                ++i;
                if (c == u'(') {
                    open.append(m_tokens.size());
                } else if (c == u')' && !open.isEmpty()) {
                    const qsizetype partner = open.takeLast();
                    m_tokens[partner].number = m_tokens.size();
                    t.number = partner;
                }
            }
            t.length = i - start;
            m_tokens.append(t);
        }
    }

    // The index of the first token from `i` on that is not whitespace or a comment, or `end`.
    qsizetype skipTrivia(qsizetype i, qsizetype end) const
    {
        while (i < end && isTrivia(m_tokens[i]))
            ++i;
        return i;
    }

    // The argument without the whitespace around it; a line comment keeps the newline that ends it.
    Range trimmed(Range r) const
    {
        while (r.first < r.second && m_tokens[r.first].kind == Kind::Space)
            ++r.first;
        while (r.second > r.first && m_tokens[r.second - 1].kind == Kind::Space
               && !(r.second - 2 >= r.first && m_tokens[r.second - 2].kind == Kind::LineComment))
            --r.second;
        return r;
    }

    // The call whose name is token `i`: its parentheses and its arguments split at the commas outside nested
    // parentheses. Nothing for a word that is not followed by a balanced `(…)`.
    std::optional<Call> callAt(qsizetype i, qsizetype end) const
    {
        const qsizetype open = skipTrivia(i + 1, end);
        if (open >= end || !isPunct(open, u'('))
            return std::nullopt;
        const qsizetype close = m_tokens[open].number;
        if (close < 0 || close >= end)
            return std::nullopt;
        Call call{open, close, {}};
        qsizetype argStart = open + 1;
        for (qsizetype k = open + 1; k < close; ++k) {
            if (isPunct(k, u'(') && m_tokens[k].number > k) {
                k = m_tokens[k].number;
            } else if (isPunct(k, u',')) {
                call.args.append({argStart, k});
                argStart = k + 1;
            }
        }
        if (!call.args.isEmpty() || skipTrivia(argStart, close) < close)
            call.args.append({argStart, close});
        return call;
    }

    // The significant token before `i` within the range starting at `from`, or -1.
    qsizetype previousSignificant(qsizetype i, qsizetype from) const
    {
        for (qsizetype k = i - 1; k >= from; --k) {
            if (!isTrivia(m_tokens[k]))
                return k;
        }
        return -1;
    }

    // The token after `OR` and trivia following word `i`, when it is the word `what`, or -1.
    qsizetype orClause(qsizetype i, qsizetype end, QLatin1String what) const
    {
        const qsizetype orWord = skipTrivia(i + 1, end);
        if (orWord >= end || !isWord(orWord, QLatin1String("OR")))
            return -1;
        const qsizetype action = skipTrivia(orWord + 1, end);
        return action < end && isWord(action, what) ? action : -1;
    }

    void renderTrimmed(Range r)
    {
        r = trimmed(r);
        render(r.first, r.second, false);
    }

    // Handles word `i`; returns the index of the next token to render.
    qsizetype renderWord(qsizetype i, qsizetype from, qsizetype end, bool *conflictPending)
    {
        const QStringView word = text(i);
        auto is = [word](const char *name) { return word.compare(QLatin1String(name), Qt::CaseInsensitive) == 0; };

        if (is("INSERT")) {
            const qsizetype ignore = orClause(i, end, QLatin1String("IGNORE"));
            if (ignore >= 0) {
                m_out += word;
                *conflictPending = true;
                return ignore + 1;
            }
        } else if (is("UPDATE")) {
            const qsizetype ignore = orClause(i, end, QLatin1String("IGNORE"));
            if (ignore >= 0) {
                m_out += word;
                return ignore + 1;
            }
        } else if (is("INDEXED")) {
            const qsizetype by = skipTrivia(i + 1, end);
            const qsizetype name = by < end && isWord(by, QLatin1String("BY")) ? skipTrivia(by + 1, end) : end;
            if (name < end && (m_tokens[name].kind == Kind::Word || m_tokens[name].kind == Kind::QuotedName)) {
                // PostgreSQL picks its own indexes; the space before the clause goes with it, the one after stays.
                qsizetype space = i;
                while (space > from && m_tokens[space - 1].kind == Kind::Space)
                    --space;
                if (space < i && !(space > from && m_tokens[space - 1].kind == Kind::LineComment)) {
                    for (qsizetype k = space; k < i; ++k)
                        m_out.chop(m_tokens[k].length);
                }
                return name + 1;
            }
        }

        const qsizetype previous = previousSignificant(i, from);
        if (previous >= 0 && isPunct(previous, u'.'))
            return renderVerbatim(i);
        const bool maxCall = is("max");
        if (!maxCall && !is("min") && !is("json_each") && !is("json_extract") && !is("group_concat") && !is("char")
            && !is("ifnull") && !is("iif"))
            return renderVerbatim(i);
        const auto call = callAt(i, end);
        if (!call)
            return renderVerbatim(i);
        const qsizetype argc = call->args.size();

        // Two or more arguments make SQLite's max() and min() scalar. Unlike SQLite's, PostgreSQL's GREATEST and
        // LEAST skip NULL arguments instead of returning NULL.
        if ((maxCall || is("min")) && argc >= 2) {
            m_out += maxCall ? QLatin1String("GREATEST") : QLatin1String("LEAST");
            return i + 1;
        }
        if (is("ifnull")) {
            m_out += QLatin1String("coalesce");
            return i + 1;
        }
        if (is("group_concat") && (argc == 1 || argc == 2)) {
            // SQLite joins numbers as text; string_agg takes text only. With one argument, SQLite's default
            // separator, as string_agg has none.
            m_out += QLatin1String("string_agg(CAST(");
            renderTrimmed(call->args[0]);
            m_out += QLatin1String(" AS TEXT), ");
            if (argc == 2)
                renderTrimmed(call->args[1]);
            else
                m_out += QLatin1String("','");
            m_out += u')';
            return call->close + 1;
        }
        if (is("char") && argc >= 1) {
            // CAST(x AS CHAR(10)) names a type, not the function.
            if (previous >= 0 && isWord(previous, QLatin1String("AS")))
                return renderVerbatim(i);
            if (argc == 1) {
                m_out += QLatin1String("chr");
                return i + 1;
            }
            m_out += u'(';
            for (qsizetype a = 0; a < argc; ++a) {
                if (a > 0)
                    m_out += QLatin1String(" || ");
                m_out += QLatin1String("chr(");
                renderTrimmed(call->args[a]);
                m_out += u')';
            }
            m_out += u')';
            return call->close + 1;
        }
        if (is("json_each") && argc == 1) {
            // json_array_elements_text's column is `value`, text, like json_each's for an array of scalars.
            const Range arg = trimmed(call->args.front());
            const bool single = arg.second - arg.first == 1
                                || (isPunct(arg.first, u'(') && m_tokens[arg.first].number == arg.second - 1);
            m_out += QLatin1String("json_array_elements_text");
            render(i + 1, arg.first, false);
            if (!single)
                m_out += u'(';
            render(arg.first, arg.second, false);
            if (!single)
                m_out += u')';
            m_out += QLatin1String("::json");
            render(arg.second, call->close + 1, false);
            return call->close + 1;
        }
        if (is("json_extract") && argc == 2) {
            // A member of an object by a '$.name' path, as text (SQLite gives a string member as text too).
            const Range path = trimmed(call->args[1]);
            const QStringView literal = path.second - path.first == 1 ? text(path.first) : QStringView();
            if (literal.startsWith(QLatin1String("'$.")) && literal.endsWith(u'\'') && literal.size() > 4) {
                m_out += QLatin1String("((");
                renderTrimmed(call->args[0]);
                m_out += QLatin1String(")::json ->> '");
                m_out += literal.mid(3);
                m_out += u')';
                return call->close + 1;
            }
        }
        if (is("iif") && argc == 3) {
            m_out += QLatin1String("CASE WHEN ");
            renderTrimmed(call->args[0]);
            m_out += QLatin1String(" THEN ");
            renderTrimmed(call->args[1]);
            m_out += QLatin1String(" ELSE ");
            renderTrimmed(call->args[2]);
            m_out += QLatin1String(" END");
            return call->close + 1;
        }
        return renderVerbatim(i);
    }

    qsizetype renderVerbatim(qsizetype i)
    {
        m_out += text(i);
        return i + 1;
    }

    // Renders tokens [from, to). For a whole statement, an INSERT OR IGNORE gets its ON CONFLICT clause where the
    // INSERT ends: before its RETURNING, a `;`, or the statement's end, after the last token that is not trivia.
    void render(qsizetype from, qsizetype to, bool statement)
    {
        qsizetype end = to;
        if (statement) {
            while (end > from && (m_tokens[end - 1].kind == Kind::Space || isPunct(end - 1, u';')))
                --end;
        }
        int depth = 0;
        int conflictDepth = -1;
        qsizetype lastSignificant = m_out.size();
        auto addConflict = [&]() {
            m_out.insert(lastSignificant, QLatin1String(" ON CONFLICT DO NOTHING"));
            conflictDepth = -1;
        };
        for (qsizetype i = from; i < end;) {
            const Token &t = m_tokens[i];
            if (conflictDepth == depth
                && (isWord(i, QLatin1String("RETURNING")) || isPunct(i, u';') || isPunct(i, u')')))
                addConflict();
            switch (t.kind) {
            case Kind::Space:
            case Kind::LineComment:
            case Kind::BlockComment:
                m_out += text(i);
                ++i;
                continue;
            case Kind::Placeholder:
                m_out += u'$';
                m_out += QString::number(t.number);
                ++i;
                break;
            case Kind::Word: {
                bool conflict = false;
                i = renderWord(i, from, end, &conflict);
                if (conflict)
                    conflictDepth = depth;
                break;
            }
            case Kind::Punct:
                if (isPunct(i, u'('))
                    ++depth;
                else if (isPunct(i, u')'))
                    --depth;
                i = renderVerbatim(i);
                break;
            default:
                i = renderVerbatim(i);
                break;
            }
            lastSignificant = m_out.size();
        }
        if (conflictDepth >= 0) {
            // The trailing whitespace and semicolons go: the clause ends the statement.
            addConflict();
            return;
        }
        for (qsizetype i = end; i < to; ++i)
            m_out += text(i);
    }

    const QString &m_sql;
    QList<Token> m_tokens;
    QString m_out;
};

} // namespace

QString PostgresDialect::translate(const QString &sqliteSql)
{
    return Translator(sqliteSql).run();
}

} // namespace jobdeck
