#include "BashCompletion.h"

#include <QSet>

namespace jobdeck {

namespace {

QStringList optionWords(const HelpText &help)
{
    QStringList words;
    for (const HelpText::Entry &option : help.options) {
        for (const QString &name : option.names) {
            if (name.startsWith(QLatin1String("--")))
                words << name;
        }
    }
    return words;
}

const char *const kBody = R"(    local cur prev words cword
    _init_completion || return

    case $prev in
        %1)
            _filedir
            return ;;
        %2)
            return ;;
    esac

    # The command and subcommand typed so far; values of options are not words.
    local i command= sub=
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            %3) ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $command ]]; then
                    command=${words[i]}
                elif [[ -z $sub ]]; then
                    sub=${words[i]}
                fi ;;
        esac
    done

    local options= choices=
    case "$command $sub" in
%4    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$choices" -- "$cur"))
    fi
)";

} // namespace

QString bashCompletion(const std::vector<CommandHelp> &commands)
{
    QSet<QString> pathOptions, valueOptions;
    QStringList topLevel;
    QString cases;
    for (const CommandHelp &c : commands) {
        for (const HelpText::Entry &option : c.help.options) {
            if (option.valueName.isEmpty())
                continue;
            const bool path = option.valueName == QLatin1String("PATH") || option.valueName == QLatin1String("DIR");
            for (const QString &name : option.names)
                (path ? pathOptions : valueOptions).insert(name);
        }
        const QString options = optionWords(c.help).join(u' ');
        if (c.name.isEmpty())
            continue;
        if (!c.name.contains(u' '))
            topLevel << c.name;
        if (!c.subcommands.isEmpty())
            cases += QStringLiteral("        \"%1 \")\n            choices=\"%2\" ;;\n").arg(c.name, c.subcommands.join(u' '));
        else if (c.name.contains(u' '))
            cases += QStringLiteral("        \"%1\")\n            options=\"%2\" ;;\n").arg(c.name, options);
        else
            cases += QStringLiteral("        \"%1 \"*)\n            options=\"%2\" ;;\n").arg(c.name, options);
    }
    cases += QStringLiteral("        \" \")\n            options=\"%1\"\n            choices=\"%2\" ;;\n")
                 .arg(optionWords(commands.front().help).join(u' '), topLevel.join(u' '));
    valueOptions -= pathOptions;
    QStringList paths = pathOptions.values(), values = valueOptions.values();
    paths.sort();
    values.sort();
    const QStringList all = paths + values;
    QString script = QStringLiteral("# bash completion for jobdeck, made by `jobdeck help --completion bash` from every "
                                    "command's --help.\n\n_jobdeck()\n{\n");
    script += QString::fromLatin1(kBody).arg(paths.join(u'|'), values.join(u'|'), all.join(u'|'), cases);
    script += QStringLiteral("} &&\n    complete -F _jobdeck jobdeck\n");
    return script;
}

} // namespace jobdeck
