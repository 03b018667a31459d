#include "SleepHandler.h"

#include "runner/JobContext.h"

#include <QJsonObject>
#include <algorithm>

namespace jobdeck {

QString SleepHandler::validate(const QJsonObject &payload) const
{
    if (payload.contains(QLatin1String("ms")) && (!payload.value(QLatin1String("ms")).isDouble()
                                                  || payload.value(QLatin1String("ms")).toDouble() < 0))
        return QStringLiteral("sleep: \"ms\" must be a non-negative number");
    return {};
}

void SleepHandler::run(JobContext &ctx)
{
    const qint64 total = qint64(ctx.payload().value(QLatin1String("ms")).toDouble(1000));
    constexpr qint64 kStep = 100;
    for (qint64 slept = 0; slept < total;) {
        const qint64 step = std::min(kStep, total - slept);
        if (!ctx.sleepFor(step))
            throw JobCancelled();
        slept += step;
        ctx.setProgress(double(slept) / double(total), QStringLiteral("%1 of %2 ms").arg(slept).arg(total));
    }
}

} // namespace jobdeck
