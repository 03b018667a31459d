#include "CpuHandler.h"

#include "runner/JobContext.h"

#include <QElapsedTimer>
#include <QJsonObject>

namespace jobdeck {

namespace {

bool isPrime(qint64 v)
{
    if (v < 2)
        return false;
    if (v % 2 == 0)
        return v == 2;
    for (qint64 d = 3; d * d <= v; d += 2) {
        if (v % d == 0)
            return false;
    }
    return true;
}

} // namespace

QString CpuHandler::validate(const QJsonObject &payload) const
{
    const QJsonValue n = payload.value(QLatin1String("n"));
    if (!n.isDouble() || n.toDouble() < 0)
        return QStringLiteral("cpu: \"n\" must be a non-negative number");
    return {};
}

void CpuHandler::run(JobContext &ctx)
{
    const QJsonObject p = ctx.payload();
    const qint64 n = qint64(p.value(QLatin1String("n")).toDouble(100000));
    // Checkpoint by time, not by count: cheap jobs should not spend their time syncing to disk.
    const qint64 checkpointMs = qint64(p.value(QLatin1String("checkpoint_ms")).toDouble(500));

    qint64 next = 0;
    qint64 count = 0;
    if (ctx.hasCheckpoint()) {
        const QJsonObject c = ctx.checkpoint().toObject();
        next = qint64(c.value(QLatin1String("next")).toDouble());
        count = qint64(c.value(QLatin1String("count")).toDouble());
        ctx.info(QStringLiteral("resuming at %1 with %2 primes counted").arg(next).arg(count));
    }
    auto save = [&] {
        ctx.saveCheckpoint(QJsonObject{{QStringLiteral("next"), double(next)}, {QStringLiteral("count"), double(count)}});
    };
    QElapsedTimer sinceCheckpoint;
    sinceCheckpoint.start();
    while (next < n) {
        const qint64 end = std::min(n, next + 2000);
        for (; next < end; ++next)
            count += isPrime(next) ? 1 : 0;
        if (ctx.isCancellationRequested()) {
            save(); // what was counted so far is not lost to a stop or a timeout
            throw JobCancelled();
        }
        ctx.setProgress(double(next) / double(n), QStringLiteral("%1 of %2").arg(next).arg(n));
        if (sinceCheckpoint.elapsed() >= checkpointMs) {
            save();
            sinceCheckpoint.restart();
        }
    }
    ctx.setResult(QJsonObject{{QStringLiteral("n"), double(n)}, {QStringLiteral("primes"), double(count)}});
}

} // namespace jobdeck
