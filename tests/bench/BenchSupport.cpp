#include "BenchSupport.h"

#include "model/Clock.h"
#include "storage/StoreError.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <sys/resource.h>

namespace jobdeck::bench {

JobSpec noopSpec()
{
    JobSpec spec;
    spec.kind = QStringLiteral("noop");
    return spec;
}

void enqueueNoopJobs(JobStore &store, int count, int batchSize)
{
    const JobSpec spec = noopSpec();
    for (int done = 0; done < count;) {
        const int n = std::min(batchSize, count - done);
        const qint64 now = SystemClock::instance().nowMs();
        WriteBatch batch;
        batch.reserve(size_t(n));
        for (int i = 0; i < n; ++i)
            batch.push_back(EnqueueJob{spec, now});
        const BatchResult result = store.apply(std::move(batch));
        if (!result.ok)
            throw StoreError(QStringLiteral("enqueue failed: %1").arg(result.error));
        done += n;
    }
}

QString freshDatabase(const QString &path)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    return path;
}

double selfPeakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

void runEventsFor(qint64 ms)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (elapsed.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

double perSecond(qint64 count, qint64 nanoseconds)
{
    return nanoseconds > 0 ? double(count) * 1e9 / double(nanoseconds) : 0.0;
}

std::optional<double> percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return std::nullopt;
    const auto rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

} // namespace jobdeck::bench
