#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;

// `jobdeck enqueue KIND [options]` and `jobdeck enqueue --file PATH|-`.
int runEnqueue(const QStringList &arguments, const HandlerRegistry &handlers);

} // namespace jobdeck
