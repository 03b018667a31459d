#include "BenchOptions.h"

#include "storage/postgres/PostgresUrl.h"

#include "ParseArguments.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

namespace jobdeck::bench {

namespace {

bool readCount(const QCommandLineParser &parser, const QString &name, int minimum, int &target, QString &message)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum) {
        message = QStringLiteral("--%1 must be a whole number of at least %2").arg(name).arg(minimum);
        return false;
    }
    target = value;
    return true;
}

} // namespace

QString durabilityName(Durability durability)
{
    return durability == Durability::Full ? QStringLiteral("full") : QStringLiteral("normal");
}

std::optional<BenchOptions> parseBenchOptions(const QStringList &arguments, QString &message, int &exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures Jobdeck: enqueue rate, end-to-end rate of noop jobs, enqueue-to-start latency at a steady "
        "rate, a raw SQLite baseline doing the same row writes, and peak memory of the bench and of a "
        "headless runner."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("jobs"), QStringLiteral("Jobs per throughput run (default 20000)."), QStringLiteral("N")},
        {QStringLiteral("workers"), QStringLiteral("Worker threads (default 2)."), QStringLiteral("N")},
        {QStringLiteral("durability"), QStringLiteral("full (default) or normal."), QStringLiteral("MODE")},
        {QStringLiteral("latency-jobs"), QStringLiteral("Jobs in the latency run, one every 20 ms (default 500)."),
         QStringLiteral("N")},
        {QStringLiteral("batch"), QStringLiteral("Jobs per enqueue batch and per baseline transaction (default 500)."),
         QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of the table.")},
        {QStringLiteral("only"), QStringLiteral("Run only these measurements, comma-separated: enqueue, end-to-end, "
                                                "latency, baseline, runner, pickup, next, schedules, api, watch, multistep (default: all)."),
         QStringLiteral("LIST")},
        {QStringLiteral("dir"), QStringLiteral("Directory for the databases (default: a temporary one)."),
         QStringLiteral("PATH")},
        {QStringLiteral("db"), QStringLiteral("A PostgreSQL URL (postgresql://…): measure PostgreSQL instead: end-to-end with "
                                              "two runner processes, a raw libpq baseline, and other processes' "
                                              "enqueues to their start. Its Jobdeck schema is emptied: use a scratch "
                                              "database."),
         QStringLiteral("URL")},
        {QStringLiteral("jobdeck"), QStringLiteral("The jobdeck binary for the runner memory figure "
                                                   "(default: <build>/app/jobdeck)."),
         QStringLiteral("PATH")},
    });
    if (!bench::parseArguments(parser, arguments, message, exitCode))
        return std::nullopt;
    BenchOptions o;
    if (!readCount(parser, QStringLiteral("jobs"), 1, o.jobs, message)
        || !readCount(parser, QStringLiteral("workers"), 1, o.workers, message)
        || !readCount(parser, QStringLiteral("latency-jobs"), 1, o.latencyJobs, message)
        || !readCount(parser, QStringLiteral("batch"), 1, o.batch, message))
        return std::nullopt;
    const QString durability = parser.value(QStringLiteral("durability"));
    if (durability == QLatin1String("normal")) {
        o.durability = Durability::Normal;
    } else if (!durability.isEmpty() && durability != QLatin1String("full")) {
        message = QStringLiteral("--durability must be full or normal, not \"%1\"").arg(durability);
        return std::nullopt;
    }
    o.json = parser.isSet(QStringLiteral("json"));
    const QStringList known = {QStringLiteral("enqueue"), QStringLiteral("end-to-end"), QStringLiteral("latency"),
                               QStringLiteral("baseline"), QStringLiteral("runner"),
                               QStringLiteral("pickup"), QStringLiteral("next"), QStringLiteral("schedules"), QStringLiteral("api"),
                               QStringLiteral("watch"), QStringLiteral("multistep")};
    for (const QString &name : parser.values(QStringLiteral("only")).join(u',').split(u',', Qt::SkipEmptyParts)) {
        if (!known.contains(name.trimmed())) {
            message = QStringLiteral("--only: unknown measurement \"%1\" (known: %2)").arg(name, known.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        o.only << name.trimmed();
    }
    o.dir = parser.value(QStringLiteral("dir"));
    if (!o.dir.isEmpty() && !QDir(o.dir).exists()) {
        message = QStringLiteral("--dir %1 does not exist").arg(o.dir);
        return std::nullopt;
    }
    o.postgres = parser.value(QStringLiteral("db"));
    if (!o.postgres.isEmpty() && !PostgresUrl::isPostgres(o.postgres)) {
        message = QStringLiteral("--db takes a PostgreSQL URL (postgresql://…); SQLite is measured without it");
        return std::nullopt;
    }
    if (QString error; !o.postgres.isEmpty() && !PostgresUrl::parse(o.postgres, &error)) {
        message = QStringLiteral("--db: %1").arg(error);
        return std::nullopt;
    }
    o.jobdeck = parser.value(QStringLiteral("jobdeck"));
    if (o.jobdeck.isEmpty())
        o.jobdeck = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../../app/jobdeck"));
    o.jobdeck = QDir::cleanPath(o.jobdeck);
    exitCode = 0;
    return o;
}

} // namespace jobdeck::bench
