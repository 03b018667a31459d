#include "HandlerRegistry.h"

#include "handlers/ChecksumHandler.h"
#include "handlers/CpuHandler.h"
#include "handlers/FailHandler.h"
#include "handlers/NoopHandler.h"
#include "handlers/ProcessHandler.h"
#include "handlers/SleepHandler.h"

#include <algorithm>

namespace jobdeck {

void HandlerRegistry::add(std::unique_ptr<JobHandler> handler)
{
    const QString kind = handler->kind();
    m_handlers.insert(kind, std::shared_ptr<JobHandler>(std::move(handler)));
}

JobHandler *HandlerRegistry::find(const QString &kind) const
{
    const auto it = m_handlers.constFind(kind);
    return it == m_handlers.constEnd() ? nullptr : it->get();
}

QStringList HandlerRegistry::kinds() const
{
    QStringList out = m_handlers.keys();
    std::sort(out.begin(), out.end());
    return out;
}

void HandlerRegistry::addBuiltIns(HandlerRegistry &registry)
{
    registry.add(std::make_unique<NoopHandler>());
    registry.add(std::make_unique<SleepHandler>());
    registry.add(std::make_unique<FailHandler>());
    registry.add(std::make_unique<CpuHandler>());
    registry.add(std::make_unique<ProcessHandler>());
    registry.add(std::make_unique<ChecksumHandler>());
}

} // namespace jobdeck
