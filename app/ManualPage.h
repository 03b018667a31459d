#pragma once

#include "CommandHelp.h"

#include <QString>
#include <vector>

namespace jobdeck {

// The manual page jobdeck(1), in roff, from every command's --help (the runner's first).
QString manualPage(const std::vector<CommandHelp> &commands);

} // namespace jobdeck
