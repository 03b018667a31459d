#pragma once

#include "JobHandler.h"

#include <QHash>
#include <QStringList>
#include <functional>
#include <memory>

namespace jobdeck {

// Handlers by kind. Filled before the engine starts, read-only afterwards (then thread-safe).
class HandlerRegistry {
public:
    void add(std::unique_ptr<JobHandler> handler);
    // The handler of `kind`: the one added for it, else the fallback if it accepts the kind, else null.
    JobHandler *find(const QString &kind) const;
    QStringList kinds() const; // of the handlers added

    // Kinds that come and go while the runner runs (the jobs folder's definitions) go to `handler` when
    // `accepts` says so and no handler was added for them. `accepts` must be thread-safe.
    void setFallback(std::shared_ptr<JobHandler> handler, std::function<bool(const QString &kind)> accepts);

    // The handlers every Jobdeck has: noop, sleep, fail, cpu, process, checksum.
    static void addBuiltIns(HandlerRegistry &registry);

private:
    QHash<QString, std::shared_ptr<JobHandler>> m_handlers;
    std::shared_ptr<JobHandler> m_fallback;
    std::function<bool(const QString &)> m_fallbackAccepts;
};

} // namespace jobdeck
