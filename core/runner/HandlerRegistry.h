#pragma once

#include "JobHandler.h"

#include <QHash>
#include <QStringList>
#include <memory>

namespace jobdeck {

// Handlers by kind. Filled before the engine starts, read-only afterwards (then thread-safe).
class HandlerRegistry {
public:
    void add(std::unique_ptr<JobHandler> handler);
    JobHandler *find(const QString &kind) const;
    QStringList kinds() const;

    // The handlers every Jobdeck has: noop, sleep, fail, cpu, process, checksum.
    static void addBuiltIns(HandlerRegistry &registry);

private:
    QHash<QString, std::shared_ptr<JobHandler>> m_handlers;
};

} // namespace jobdeck
