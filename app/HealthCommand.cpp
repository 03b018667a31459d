#include "HealthCommand.h"

#include "CommandLine.h"
#include "health/HealthCheck.h"
#include "model/Clock.h"
#include "storage/StoreError.h"

#include <QJsonDocument>
#include <QLocale>

namespace jobdeck {

namespace {

int report(const HealthReport &r, bool json)
{
    if (json) {
        out() << QJsonDocument(r.toJson()).toJson(QJsonDocument::Indented);
        out().flush();
        return r.exitCode();
    }
    const QLocale c = QLocale::c();
    out() << healthStatusName(r.status) << '\n';
    for (const HealthReport::Reason &reason : r.reasons)
        out() << "  - " << reason.text << '\n';
    out() << QStringLiteral("jobs:      %1 queued, %2 running, %3 scheduled, %4 retrying, %5 dead\n")
                 .arg(r.queued).arg(r.running).arg(r.scheduled).arg(r.retrying).arg(r.dead);
    out() << QStringLiteral("runners:   %1 live, workers %2/%3 busy%4\n")
                 .arg(r.liveRunners).arg(r.workersBusy).arg(r.workersTotal)
                 .arg(r.paused ? QStringLiteral(", paused") : QString());
    out() << QStringLiteral("last hour: %1 succeeded, %2 failed attempts (failure rate %3%)\n")
                 .arg(r.succeededLastHour).arg(r.failedLastHour).arg(qRound(r.failureRate * 100));
    out() << QStringLiteral("database:  %1").arg(c.formattedDataSize(r.databaseBytes, 1, QLocale::DataSizeTraditionalFormat));
    if (r.diskAvailableBytes >= 0) {
        out() << QStringLiteral(", disk %1 free of %2")
                     .arg(c.formattedDataSize(r.diskAvailableBytes, 1, QLocale::DataSizeTraditionalFormat),
                          c.formattedDataSize(r.diskTotalBytes, 1, QLocale::DataSizeTraditionalFormat));
    }
    out() << Qt::endl;
    return r.exitCode();
}

} // namespace

int runHealth(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("health"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    CommandLine::addGlobalOptions(parser);
    GlobalOptions globals;
    if (!CommandLine::parse(parser, arguments, 1) || !CommandLine::readGlobals(parser, globals))
        return ExitBadInput;
    const bool json = parser.isSet(QStringLiteral("json"));
    HealthReport unusable;
    unusable.status = HealthStatus::Unhealthy;
    auto store = CommandLine::openStore(globals); // prints why it cannot be opened
    if (!store) {
        unusable.reasons.push_back({HealthStatus::Unhealthy, QStringLiteral("The database cannot be opened.")});
        return report(unusable, json);
    }
    try {
        auto reader = store->openReader();
        const HealthSnapshot snapshot = HealthSnapshot::read(*reader, store->location(), SystemClock::instance().nowMs());
        return report(HealthCheck().evaluate(snapshot), json);
    } catch (const StoreError &e) {
        unusable.reasons.push_back({HealthStatus::Unhealthy, QStringLiteral("The database cannot be read: %1").arg(e.message())});
        return report(unusable, json);
    }
}

} // namespace jobdeck
