#include "SoakOptions.h"

#include "ParseArguments.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <random>

namespace jobdeck::soak {

namespace {

bool readCount(const QCommandLineParser &parser, const QString &name, int minimum, int maximum, int &target,
               QString &message)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum || value > maximum) {
        message = QStringLiteral("--%1 must be a whole number from %2 to %3").arg(name).arg(minimum).arg(maximum);
        return false;
    }
    target = value;
    return true;
}

} // namespace

std::optional<SoakOptions> parseSoakOptions(const QStringList &arguments, QString &message, int &exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Kills a headless Jobdeck runner with SIGKILL at random moments while it works through a mix of jobs, "
        "restarts it each time, checks the database after every kill, drains, and reports jobs lost, completed "
        "jobs run again, checkpointed jobs that started over, and integrity failures. Exit code 0 when all "
        "are zero."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("kills"), QStringLiteral("How many times the runner is killed (default 20)."), QStringLiteral("N")},
        {QStringLiteral("jobs"), QStringLiteral("Jobs enqueued before the first runner starts (default 2000)."),
         QStringLiteral("M")},
        {QStringLiteral("workers"), QStringLiteral("Worker threads of each runner (default 4)."), QStringLiteral("N")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the kill moments and the job mix (default: random; the "
                                                "report says which, so a run can be repeated)."),
         QStringLiteral("S")},
        {QStringLiteral("json"), QStringLiteral("End the report with one line of JSON.")},
        {QStringLiteral("dir"), QStringLiteral("Keep the database and the record in this existing directory "
                                               "(default: a temporary one, removed afterwards)."),
         QStringLiteral("PATH")},
        {QStringLiteral("jobdeck"), QStringLiteral("The jobdeck binary (default: <build>/app/jobdeck)."),
         QStringLiteral("PATH")},
    });
    if (!bench::parseArguments(parser, arguments, message, exitCode))
        return std::nullopt;
    SoakOptions o;
    if (!readCount(parser, QStringLiteral("kills"), 0, 100'000, o.kills, message)
        || !readCount(parser, QStringLiteral("jobs"), 1, 10'000'000, o.jobs, message)
        || !readCount(parser, QStringLiteral("workers"), 1, 256, o.workers, message))
        return std::nullopt;
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        o.seed = parser.value(QStringLiteral("seed")).toUInt(&ok);
        if (!ok) {
            message = QStringLiteral("--seed must be a whole number from 0 to 4294967295");
            return std::nullopt;
        }
    } else {
        o.seed = std::random_device{}();
    }
    o.json = parser.isSet(QStringLiteral("json"));
    o.dir = parser.value(QStringLiteral("dir"));
    if (!o.dir.isEmpty() && !QDir(o.dir).exists()) {
        message = QStringLiteral("--dir %1 does not exist").arg(o.dir);
        return std::nullopt;
    }
    o.jobdeck = parser.value(QStringLiteral("jobdeck"));
    if (o.jobdeck.isEmpty())
        o.jobdeck = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../../app/jobdeck"));
    o.jobdeck = QDir::cleanPath(QDir(o.jobdeck).absolutePath());
    exitCode = 0;
    return o;
}

} // namespace jobdeck::soak
