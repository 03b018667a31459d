#pragma once

#include "runner/JobHandler.h"

namespace jobdeck {

// {ms}: waits that long, reporting progress; stops early when cancelled.
class SleepHandler final : public JobHandler {
public:
    QString kind() const override { return QStringLiteral("sleep"); }
    void run(JobContext &ctx) override;
    QString validate(const QJsonObject &payload) const override;
};

} // namespace jobdeck
