#include "DefinitionHandler.h"

#include "JobDefinitions.h"
#include "handlers/ProcessLaunch.h"
#include "runner/HandlerRegistry.h"
#include "runner/JobContext.h"

namespace jobdeck {

void DefinitionHandler::addTo(HandlerRegistry &registry, const JobDefinitions &definitions)
{
    registry.setFallback(std::make_shared<DefinitionHandler>(definitions),
                         [&definitions](const QString &kind) { return definitions.contains(kind); });
}

void DefinitionHandler::run(JobContext &ctx)
{
    const auto definition = m_definitions.find(ctx.kind());
    if (!definition)
        ctx.fail(QStringLiteral("the job definition \"%1\" is no longer in the jobs folder").arg(ctx.kind()), false);
    if (!definition->isValid())
        ctx.fail(QStringLiteral("job definition \"%1\" cannot run: %2").arg(ctx.kind(), definition->error), false);
    ProcessLaunch launch;
    launch.program = definition->entryScript;
    launch.workingDirectory = definition->folder;
    launch.environment = {{QStringLiteral("JOBDECK_JOB_NAME"), definition->name},
                          {QStringLiteral("JOBDECK_JOB_TYPE"), JobDefinition::typeName(definition->type)}};
    launch.graceMs = definition->stoppingWaitMs;
    launch.payload = ctx.payload();
    ctx.setResult(launch.run(ctx));
}

} // namespace jobdeck
