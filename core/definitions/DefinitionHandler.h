#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

class HandlerRegistry;
class JobDefinitions;

// Runs the jobs of the jobs folder. A job's kind names its definition; the definition's entry script runs as a
// process (see ProcessLaunch) in the job's folder, with the job's payload as JOBDECK_PAYLOAD, JOBDECK_JOB_NAME
// and JOBDECK_JOB_TYPE set, and stopping_wait_time between SIGTERM and SIGKILL. The definition is looked up when
// the job starts, so a job runs the script as it is then. Registered as the registry's fallback.
class DefinitionHandler final : public JobHandler {
public:
    explicit DefinitionHandler(const JobDefinitions &definitions) : m_definitions(definitions) {}
    QString kind() const override { return QStringLiteral("job definition"); }
    void run(JobContext &ctx) override;

    // Makes `registry` run the jobs of the definitions `definitions` holds (as its fallback).
    static void addTo(HandlerRegistry &registry, const JobDefinitions &definitions);

private:
    const JobDefinitions &m_definitions;
};

} // namespace jobdeck
