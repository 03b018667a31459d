#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;

// `jobdeck watch add|list|show|rm|pause|resume ...`.
int runWatch(const QStringList &arguments, const HandlerRegistry &handlers);
// `jobdeck files PATH`: the jobs a file started and what they produced.
int runFiles(const QStringList &arguments);

} // namespace jobdeck
