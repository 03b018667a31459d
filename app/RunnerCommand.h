#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;

// `jobdeck [--no-gui] [options]`: the runner, with the window or headless.
int runRunner(const QStringList &arguments, const HandlerRegistry &handlers, bool withWindow);

} // namespace jobdeck
