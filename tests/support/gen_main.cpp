// jobdeck-gen-db: writes a database of finished jobs for trying the console at scale, screenshots and benchmarks.
//   jobdeck-gen-db PATH [JOBS [SPAN]]   SPAN: how far back the jobs finished (a duration, default 30d); with SPAN the
//   rate rises and falls, as on a real day.

#include "JobDatabaseGenerator.h"
#include "model/Duration.h"
#include "storage/StoreError.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args.size() > 4 || args[1].startsWith(u'-')) {
        std::fprintf(stderr, "usage: jobdeck-gen-db PATH [JOBS [SPAN]]   (default 1000000 jobs over 30d)\n");
        return 2;
    }
    jobdeck::testdata::GeneratorOptions options;
    if (args.size() == 4) {
        const auto span = jobdeck::parseDuration(args[3]);
        if (!span || *span <= 0) {
            std::fprintf(stderr, "jobdeck-gen-db: SPAN must be a duration such as 2h\n");
            return 2;
        }
        options.spanMs = *span;
        options.waves = true;
    }
    if (args.size() >= 3) {
        bool ok = false;
        options.jobs = args[2].toLongLong(&ok);
        if (!ok || options.jobs < 1) {
            std::fprintf(stderr, "jobdeck-gen-db: JOBS must be a positive number\n");
            return 2;
        }
    }
    QElapsedTimer timer;
    timer.start();
    try {
        jobdeck::testdata::generateJobDatabase(args[1], options);
    } catch (const jobdeck::StoreError &e) {
        std::fprintf(stderr, "jobdeck-gen-db: %s\n", qPrintable(e.message()));
        return 1;
    }
    std::printf("%lld jobs written to %s in %.1f s\n", static_cast<long long>(options.jobs), qPrintable(args[1]),
                double(timer.elapsed()) / 1000.0);
    return 0;
}
