// jobdeck-soak: kills a headless runner with SIGKILL at random moments while it works, restarts it each time,
// checks the database after every kill, drains, and reports what was lost or done twice. See --help.

#include "KillLoop.h"
#include "SoakJobs.h"
#include "SoakOptions.h"
#include "SoakRecord.h"
#include "SoakReport.h"
#include "SoakVerdict.h"
#include "StepScript.h"
#include "storage/StoreError.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <cstdio>

using namespace jobdeck;
using namespace jobdeck::soak;

namespace {

void progress(const QString &text)
{
    std::fprintf(stderr, "jobdeck-soak: %s\n", qPrintable(text));
    std::fflush(stderr);
}

int fail(const QString &message, int exitCode)
{
    std::fprintf(stderr, "jobdeck-soak: %s\n", qPrintable(message));
    return exitCode;
}

// `path` with whatever an earlier run in the same --dir left there removed.
QString fresh(const QString &path)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    return path;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jobdeck-soak"));

    QString message;
    int exitCode = 0;
    const auto parsed = parseSoakOptions(QCoreApplication::arguments(), message, exitCode);
    if (!parsed) {
        if (exitCode == 0) {
            std::fprintf(stdout, "%s", qPrintable(message));
            return 0;
        }
        return fail(message, exitCode);
    }
    const SoakOptions &options = *parsed;
    const QFileInfo binary(options.jobdeck);
    if (!binary.isFile() || !binary.isExecutable())
        return fail(QStringLiteral("no jobdeck binary at %1 (pass --jobdeck PATH)").arg(options.jobdeck), 2);

    QTemporaryDir temporary;
    if (options.dir.isEmpty() && !temporary.isValid())
        return fail(QStringLiteral("cannot create a temporary directory: %1").arg(temporary.errorString()), 1);
    const QDir dir(options.dir.isEmpty() ? temporary.path() : options.dir);

    SoakSetup setup;
    setup.jobdeck = options.jobdeck;
    setup.dir = dir.absolutePath();
    setup.db = fresh(dir.absoluteFilePath(QStringLiteral("soak.db")));
    setup.record = fresh(dir.absoluteFilePath(QStringLiteral("soak-record.log")));
    setup.jobs = options.jobs;
    setup.maxAttempts = options.kills + 10;
    if ((setup.python = StepScript::interpreter(message)).isEmpty()
        || (setup.script = StepScript::write(setup.dir, message)).isEmpty())
        return fail(message, 1);

    QElapsedTimer timer;
    timer.start();
    std::mt19937 random(options.seed);
    SoakResult result;
    progress(QStringLiteral("enqueuing %1 jobs (seed %2)").arg(options.jobs).arg(options.seed));
    const std::optional<SoakJobs> jobs = enqueueSoakJobs(setup, random, message);
    if (!jobs)
        return fail(message, 1);
    result.jobs = *jobs;

    KillLoop runners(options.jobdeck, setup.db, dir.absoluteFilePath(QStringLiteral("runner.stderr")), options.workers);
    runners.run(options.kills, random, progress);
    runners.drain(progress);
    result.runners = runners.figures();

    SoakRecord record;
    if (!record.read(setup.record, message))
        result.problems << message;
    try {
        result.verdict = judge(setup.db, result.jobs, record);
    } catch (const StoreError &e) {
        result.problems << QStringLiteral("cannot read the database after the drain: %1").arg(e.message());
    }
    result.seconds = double(timer.elapsed()) / 1000.0;

    for (const QString &line : toLines(options, result))
        std::fprintf(stdout, "%s\n", qPrintable(line));
    if (options.json)
        std::fprintf(stdout, "%s\n", QJsonDocument(toJson(options, result)).toJson(QJsonDocument::Compact).constData());
    return result.passed() ? 0 : 1;
}
