#pragma once

#include "HelpText.h"

#include <QString>
#include <vector>

namespace jobdeck {

class HandlerRegistry;

// What `jobdeck [COMMAND [SUBCOMMAND]] --help` prints for one command, with the command's place in the table.
struct CommandHelp {
    QString name;           // empty for the runner, "enqueue", "schedule add"
    QString summary;        // one line: the table's for a command, the parser's description for a subcommand
    QStringList subcommands; // of a group such as schedule, which has no options of its own
    HelpText help;          // empty for a group
};

// Every command's --help, the runner's first, read from the parsers the commands check their arguments with.
// Returns an empty list, after printing why, if a command did not give its help.
std::vector<CommandHelp> collectCommandHelp(const HandlerRegistry &handlers);

// `jobdeck help --man` prints the manual page jobdeck(1); `jobdeck help --completion bash` the bash completion.
// Not listed among the commands: the package build runs it.
int runHelpDocuments(const QStringList &arguments, const HandlerRegistry &handlers);

} // namespace jobdeck
