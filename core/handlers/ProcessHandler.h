#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {program, args, cwd, env, stdin, grace_ms}: runs a program or script without a shell. Scripts run by
// extension (.sh with /bin/sh, .py with python3, .js with node). Every stdout line becomes an INFO log line,
// every stderr line an ERROR one; `##jobdeck[progress] 0.42 text` and `##jobdeck[checkpoint] {json}` on
// stdout report progress and save a checkpoint. On timeout or cancel the whole process group gets SIGTERM,
// then SIGKILL after the grace period, so no child is left behind.
class ProcessHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("process"); }
    void run(JobContext &ctx) override;
    QString validate(const QJsonObject &payload) const override;

    static constexpr int kErrorTailLines = 10; // stderr lines quoted in a failure
};

} // namespace jobdeck
