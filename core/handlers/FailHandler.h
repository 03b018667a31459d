#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {message, times, retryable}: fails the first `times` attempts (all of them if absent), then succeeds.
class FailHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("fail"); }
    void run(JobContext &ctx) override;
};

} // namespace jobdeck
