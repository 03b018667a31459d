#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;

// `jobdeck schedule add|list|show|rm|pause|resume|run|next ...`.
int runSchedule(const QStringList &arguments, const HandlerRegistry &handlers);

} // namespace jobdeck
