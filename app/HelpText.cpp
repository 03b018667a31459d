#include "HelpText.h"

#include <QRegularExpression>

namespace jobdeck {

namespace {

// "  --db <PATH>            Database file ..." starts an entry; a line indented further continues its description.
bool startsEntry(const QString &line)
{
    return line.size() > 2 && line.startsWith(QLatin1String("  ")) && line.at(2) != u' ';
}

HelpText::Entry readEntry(const QString &line, bool isOption)
{
    static const QRegularExpression s_gap(QStringLiteral("\\s{2,}"));
    const QString body = line.mid(2);
    const QRegularExpressionMatch gap = s_gap.match(body);
    const QString names = gap.hasMatch() ? body.left(gap.capturedStart()) : body;
    HelpText::Entry entry;
    entry.description = gap.hasMatch() ? body.mid(gap.capturedEnd()) : QString();
    if (!isOption) {
        entry.names = {names};
        return entry;
    }
    QString list = names;
    if (const qsizetype open = list.indexOf(u'<'); open > 0) {
        entry.valueName = list.mid(open + 1).chopped(1);
        list = list.left(open).trimmed();
    }
    for (const QString &name : list.split(u',', Qt::SkipEmptyParts))
        entry.names << name.trimmed();
    return entry;
}

} // namespace

HelpText HelpText::parse(const QString &text)
{
    HelpText help;
    enum class Section { Usage, Description, Options, Arguments } section = Section::Usage;
    std::vector<Entry> *entries = nullptr;
    for (const QString &line : text.split(u'\n')) {
        if (section == Section::Usage) {
            const QString usage = line.section(u' ', 2); // after "Usage:" and the program's name
            help.usage = usage.trimmed();
            section = Section::Description;
        } else if (line == QLatin1String("Options:")) {
            section = Section::Options;
            entries = &help.options;
        } else if (line == QLatin1String("Arguments:")) {
            section = Section::Arguments;
            entries = &help.arguments;
        } else if (section == Section::Description) {
            if (!line.isEmpty())
                help.description += (help.description.isEmpty() ? QString() : QStringLiteral("\n")) + line;
        } else if (startsEntry(line)) {
            entries->push_back(readEntry(line, section == Section::Options));
        } else if (!line.trimmed().isEmpty() && !entries->empty()) {
            Entry &last = entries->back();
            last.description += (last.description.isEmpty() ? QString() : QStringLiteral(" ")) + line.trimmed();
        }
    }
    return help;
}

} // namespace jobdeck
