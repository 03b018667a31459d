#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// Succeeds at once. For benchmarks and smoke tests.
class NoopHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("noop"); }
    void run(JobContext &) override {}
};

} // namespace jobdeck
