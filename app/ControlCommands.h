#pragma once

#include <QStringList>

namespace jobdeck {

// Commands that change jobs or the runner: cancel, requeue, delete, queue, pause, resume, retention.
int runCancel(const QStringList &arguments);
int runRequeue(const QStringList &arguments);
int runDelete(const QStringList &arguments);
int runQueue(const QStringList &arguments);
int runPauseResume(const QStringList &arguments, bool pause);
int runRetention(const QStringList &arguments);

} // namespace jobdeck
