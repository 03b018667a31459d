#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;

// `jobdeck batch add|list|show|cancel ...`: jobs created together, with a completion job that runs once they
// have all ended.
int runBatch(const QStringList &arguments, const HandlerRegistry &handlers);

} // namespace jobdeck
