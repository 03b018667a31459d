// jobdeck-bench: measures enqueue rate, end-to-end rate, enqueue-to-start latency, a raw SQLite baseline,
// peak memory and schedule computations, then prints a table (or, with --json, one JSON object). See --help.

#include "BenchOptions.h"
#include "BenchReport.h"
#include "BenchSupport.h"
#include "PostgresBench.h"
#include "storage/StoreError.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace jobdeck;
using namespace jobdeck::bench;

namespace {

void progress(const QString &text)
{
    std::fprintf(stderr, "jobdeck-bench: %s\n", qPrintable(text));
    std::fflush(stderr);
}

// Runs one measurement (unless --only leaves it out); a failure becomes a note instead of ending the run.
bool step(const BenchOptions &options, const QString &id, const QString &name, QStringList &notes,
          const std::function<void()> &run)
{
    if (!options.runs(id))
        return true;
    progress(name + QStringLiteral(" ..."));
    // The previous step's dirty pages are written out now rather than during this step's fsyncs.
    ::sync();
    try {
        run();
        return true;
    } catch (const std::exception &e) {
        notes << QStringLiteral("%1 failed: %2").arg(name, QString::fromStdString(e.what()));
        return false;
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jobdeck-bench"));

    QString message;
    int exitCode = 0;
    const auto parsed = parseBenchOptions(QCoreApplication::arguments(), message, exitCode);
    if (!parsed) {
        std::fprintf(exitCode == 0 ? stdout : stderr, "%s%s", qPrintable(message), message.endsWith(u'\n') ? "" : "\n");
        return exitCode;
    }
    const BenchOptions &options = *parsed;
    if (!options.postgres.isEmpty()) {
        progress(QStringLiteral("PostgreSQL ..."));
        const PostgresBenchResult r = measurePostgres(options.postgres, options);
        if (options.json)
            std::fprintf(stdout, "%s\n", QJsonDocument(postgresJson(options, r)).toJson(QJsonDocument::Compact).constData());
        else
            std::fprintf(stdout, "%s", qPrintable(postgresTable(options, r)));
        return r.notes.isEmpty() && r.pickup.note.isEmpty() ? 0 : 1;
    }

    QTemporaryDir temporary;
    const QString dirPath = options.dir.isEmpty() ? temporary.path() : options.dir;
    if (options.dir.isEmpty() && !temporary.isValid()) {
        std::fprintf(stderr, "jobdeck-bench: cannot create a temporary directory: %s\n",
                     qPrintable(temporary.errorString()));
        return 1;
    }
    const QDir dir(dirPath);

    BenchResults results;
    bool ok = true;
    ok &= step(options, QStringLiteral("enqueue"), QStringLiteral("enqueue"), results.notes, [&] {
        results.enqueue = measureEnqueue(dir.filePath(QStringLiteral("bench-enqueue.db")), options);
    });
    ok &= step(options, QStringLiteral("end-to-end"), QStringLiteral("end-to-end"), results.notes, [&] {
        results.endToEnd = measureEndToEnd(dir.filePath(QStringLiteral("bench-end-to-end.db")), options);
        if (!results.endToEnd.problem.isEmpty())
            results.notes << QStringLiteral("end-to-end: %1").arg(results.endToEnd.problem);
    });
    ok &= step(options, QStringLiteral("latency"), QStringLiteral("latency"), results.notes, [&] {
        results.latency = measureLatency(dir.filePath(QStringLiteral("bench-latency.db")), options);
        if (!results.latency.problem.isEmpty())
            results.notes << QStringLiteral("latency: %1").arg(results.latency.problem);
    });
    ok &= step(options, QStringLiteral("baseline"), QStringLiteral("raw SQLite baseline"), results.notes, [&] {
        results.baseline = measureBaseline(dir.filePath(QStringLiteral("bench-baseline.db")), options);
    });
    results.peakRssMb = selfPeakRssMb();
    step(options, QStringLiteral("runner"), QStringLiteral("headless runner"), results.notes, [&] {
        results.runner = measureRunner(dir.filePath(QStringLiteral("bench-runner.db")), options);
        if (!results.runner.note.isEmpty())
            results.notes << QStringLiteral("runner: %1").arg(results.runner.note);
    });
    step(options, QStringLiteral("pickup"), QStringLiteral("pickup of other processes' jobs"), results.notes, [&] {
        results.pickup = measurePickup(dir.filePath(QStringLiteral("bench-pickup.db")), options, true);
        if (!results.pickup.note.isEmpty())
            results.notes << QStringLiteral("pickup: %1").arg(results.pickup.note);
        results.pickupPollOnly = measurePickup(dir.filePath(QStringLiteral("bench-pickup-poll.db")), options, false);
        if (!results.pickupPollOnly.note.isEmpty())
            results.notes << QStringLiteral("pickup by the poll alone: %1").arg(results.pickupPollOnly.note);
    });

    step(options, QStringLiteral("next"), QStringLiteral("next-occurrence computations"), results.notes, [&] {
        results.nextOccurrence = measureNextOccurrence(options);
        if (!results.nextOccurrence.problem.isEmpty())
            results.notes << QStringLiteral("next occurrence: %1").arg(results.nextOccurrence.problem);
    });

    step(options, QStringLiteral("schedules"), QStringLiteral("10,000 schedules firing"), results.notes, [&] {
        results.firing = measureScheduleFiring(dir.filePath(QStringLiteral("bench-schedules.db")), options);
        if (!results.firing.problem.isEmpty())
            results.notes << QStringLiteral("schedules: %1").arg(results.firing.problem);
    });

    step(options, QStringLiteral("api"), QStringLiteral("HTTP API"), results.notes, [&] {
        results.api = measureApi(dirPath, options);
        if (!results.api.problem.isEmpty())
            results.notes << QStringLiteral("HTTP API: %1").arg(results.api.problem);
    });

    step(options, QStringLiteral("watch"), QStringLiteral("watched folder"), results.notes, [&] {
        results.watch = measureWatchedFolder(dir.filePath(QStringLiteral("bench-watch.db")), options);
        if (!results.watch.problem.isEmpty())
            results.notes << QStringLiteral("watched folder: %1").arg(results.watch.problem);
    });
    step(options, QStringLiteral("multistep"), QStringLiteral("batches and continuations"), results.notes, [&] {
        results.multistep = measureMultistep(dir, options);
        if (!results.multistep.problem.isEmpty())
            results.notes << QStringLiteral("batches and continuations: %1").arg(results.multistep.problem);
    });

    if (options.json) {
        const QByteArray json = QJsonDocument(toJson(options, results)).toJson(QJsonDocument::Compact);
        std::fprintf(stdout, "%s\n", json.constData());
    } else {
        std::fprintf(stdout, "%s", qPrintable(toTable(options, results)));
    }
    return ok ? 0 : 1;
}
