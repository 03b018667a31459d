#pragma once

#include "CommandHelp.h"

#include <QString>
#include <vector>

namespace jobdeck {

// The bash completion of jobdeck (commands, subcommands, options, and file names for PATH and DIR values), from
// every command's --help (the runner's first).
QString bashCompletion(const std::vector<CommandHelp> &commands);

} // namespace jobdeck
