#include "FailHandler.h"

#include "runner/JobContext.h"

#include <QJsonObject>

namespace jobdeck {

void FailHandler::run(JobContext &ctx)
{
    const QJsonObject p = ctx.payload();
    const int times = p.value(QLatin1String("times")).toInt(-1);
    if (times >= 0 && ctx.attempt() > times) {
        ctx.info(QStringLiteral("attempt %1 succeeds after %2 failures").arg(ctx.attempt()).arg(times));
        return;
    }
    const QString message = p.value(QLatin1String("message")).toString(QStringLiteral("failed on purpose"));
    ctx.error(message);
    ctx.fail(message, p.value(QLatin1String("retryable")).toBool(true));
}

} // namespace jobdeck
