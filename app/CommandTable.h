#pragma once

#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

namespace jobdeck {

class HandlerRegistry;

// One command of `jobdeck COMMAND`. main() dispatches through the table, and the runner's --help, the manual page
// and the shell completion are made from it, so none of them can leave a command out.
struct CommandEntry {
    QString name;
    QString summary;
    QStringList subcommands; // each with its own options and --help: `jobdeck schedule add --help`
    std::function<int(const QStringList &arguments, const HandlerRegistry &handlers)> run;
};

const std::vector<CommandEntry> &commandTable();
const CommandEntry *findCommand(const QString &name);

} // namespace jobdeck
