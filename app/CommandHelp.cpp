#include "CommandHelp.h"

#include "BashCompletion.h"
#include "CommandLine.h"
#include "CommandTable.h"
#include "ManualPage.h"
#include "RunnerCommand.h"

namespace jobdeck {

namespace {

// Runs `parse` with --help captured: the command stops at its parser and does nothing else.
template<typename Parse>
QString capturedHelp(Parse parse)
{
    QString text;
    CommandLine::captureHelp(&text);
    parse();
    CommandLine::captureHelp(nullptr);
    return text;
}

} // namespace

std::vector<CommandHelp> collectCommandHelp(const HandlerRegistry &handlers)
{
    const QString program = QStringLiteral("jobdeck");
    const QString helpOption = QStringLiteral("--help");
    std::vector<CommandHelp> all;
    const QString runner = capturedHelp([&] { parseRunnerArguments({program, helpOption}, false); });
    all.push_back({QString(), QString(), {}, HelpText::parse(runner)});
    for (const CommandEntry &command : commandTable()) {
        if (!command.subcommands.isEmpty()) {
            all.push_back({command.name, command.summary, command.subcommands, {}});
            for (const QString &sub : command.subcommands) {
                const QString text = capturedHelp([&] { command.run({program, command.name, sub, helpOption}, handlers); });
                const HelpText help = HelpText::parse(text);
                all.push_back({command.name + u' ' + sub, help.description, {}, help});
            }
        } else {
            const QString text = capturedHelp([&] { command.run({program, command.name, helpOption}, handlers); });
            all.push_back({command.name, command.summary, {}, HelpText::parse(text)});
        }
    }
    for (const CommandHelp &c : all) {
        if (c.subcommands.isEmpty() && c.help.options.empty()) {
            fail(ExitFailed, QStringLiteral("the command \"%1\" gave no --help").arg(c.name));
            return {};
        }
    }
    return all;
}

int runHelpDocuments(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QStringList words = arguments.mid(arguments.indexOf(QStringLiteral("help")) + 1);
    const bool man = words == QStringList{QStringLiteral("--man")};
    const bool bash = words == QStringList{QStringLiteral("--completion"), QStringLiteral("bash")};
    if (!man && !bash)
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck help --man | jobdeck help --completion bash"));
    const std::vector<CommandHelp> commands = collectCommandHelp(handlers);
    if (commands.empty())
        return ExitFailed;
    out() << (man ? manualPage(commands) : bashCompletion(commands));
    out().flush();
    return ExitOk;
}

} // namespace jobdeck
