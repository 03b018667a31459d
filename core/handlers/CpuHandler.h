#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {n, checkpoint_every}: counts the primes below n. Reports progress and checkpoints as it goes, so an
// attempt that follows a crash resumes where the last one saved.
class CpuHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("cpu"); }
    void run(JobContext &ctx) override;
    QString validate(const QJsonObject &payload) const override;
};

} // namespace jobdeck
