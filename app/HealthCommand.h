#pragma once

#include <QStringList>

namespace jobdeck {

// `jobdeck health [--json]`: the runner's health as the window's Health page shows it.
// Exit code 0 healthy, 1 degraded, 2 unhealthy (a database that cannot be opened is unhealthy).
int runHealth(const QStringList &arguments);

} // namespace jobdeck
