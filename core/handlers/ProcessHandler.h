#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {program, args, cwd, env, stdin, grace_ms}: runs a program or script as a job (see ProcessLaunch).
class ProcessHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("process"); }
    void run(JobContext &ctx) override;
    QString validate(const QJsonObject &payload) const override;
};

} // namespace jobdeck
