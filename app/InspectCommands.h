#pragma once

#include <QStringList>

namespace jobdeck {

// Read-only commands: list, show, stats, wait.
int runList(const QStringList &arguments);
int runShow(const QStringList &arguments);
int runStats(const QStringList &arguments);
int runWait(const QStringList &arguments);

} // namespace jobdeck
