#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;

// The jobs folder on the command line: `definitions` lists its jobs, `run NAME` enqueues one.
int runDefinitions(const QStringList &arguments, const HandlerRegistry &handlers);
int runDefinition(const QStringList &arguments, const HandlerRegistry &handlers);

} // namespace jobdeck
