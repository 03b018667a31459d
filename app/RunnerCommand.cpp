#include "RunnerCommand.h"

#include "CommandLine.h"
#include "CommandTable.h"
#include "HeadlessHost.h"
#include "definitions/DefinitionHandler.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"

#include <QFileInfo>

#ifdef JOBDECK_HAS_UI
#include "GuiHost.h"
#endif

namespace jobdeck {

std::variant<int, RunnerArguments> parseRunnerArguments(const QStringList &arguments, bool withWindow)
{
    QCommandLineParser parser;
    QStringList commands;
    for (const CommandEntry &command : commandTable())
        commands << command.name;
    parser.setApplicationDescription(QStringLiteral("Jobdeck: a job console with an embedded job runner.\n"
                                                    "Commands: %1 (jobdeck COMMAND --help).")
                                         .arg(commands.join(QLatin1String(", "))));
    CommandLine::addGlobalOptions(parser);
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("no-gui"), QStringLiteral("Run the runner without a window.")},
        {QStringLiteral("no-runner"), QStringLiteral("Open the window as a console over a database another Jobdeck "
                                                     "process serves: it runs no jobs itself.")},
        {QStringLiteral("drain"), QStringLiteral("Exit once nothing is queued, running or waiting for a retry "
                                                 "(continuous jobs are not waited for).")},
        {QStringLiteral("jobs-dir"), QStringLiteral("Jobs folder of triggered/NAME and continuous/NAME jobs; remembered "
                                                    "for the database, so later starts and commands use it too."),
         QStringLiteral("DIR")},
        {QStringLiteral("stopping-wait"), QStringLiteral("On stop, time running jobs get to finish (default 30s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("grow-after"), QStringLiteral("With --workers MIN..MAX: add workers once every worker is busy and "
                                                      "a job has waited this long (default 1s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("shrink-after"), QStringLiteral("With --workers MIN..MAX: remove workers once some have had "
                                                        "nothing to do for this long (default 30s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("retry-cap"), QStringLiteral("Longest delay between retries (default 1h)."), QStringLiteral("DUR")},
        {QStringLiteral("lease"), QStringLiteral("Lease of a claimed job without a heartbeat (default 30s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("http"), QStringLiteral("Serve the HTTP API on [HOST:]PORT (PORT alone: loopback; 0: any free "
                                                "port)."),
         QStringLiteral("ADDR")},
        {QStringLiteral("tls-cert"), QStringLiteral("Serve the HTTP API over TLS with this PEM certificate (chain)."),
         QStringLiteral("FILE")},
        {QStringLiteral("tls-key"), QStringLiteral("The PEM private key of --tls-cert."), QStringLiteral("FILE")},
        {QStringLiteral("insecure-http"), QStringLiteral("Allow plain HTTP on an address other machines can reach.")},
        {QStringLiteral("http-connections"), QStringLiteral("Most HTTP connections open at once (default 64)."),
         QStringLiteral("N")},
        {QStringLiteral("http-timeout"), QStringLiteral("Time a client gets to send a whole request (default 10s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("callback-allow"), QStringLiteral("Allow job callbacks to this host besides loopback ones "
                                                          "(repeatable; added to the database's list)."),
         QStringLiteral("HOST")},
        {QStringLiteral("callback-backoff"), QStringLiteral("First delay before a callback is sent again, doubling "
                                                            "(default 10s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("callback-timeout"), QStringLiteral("Time a callback's receiver gets to answer (default 30s)."),
         QStringLiteral("DUR")},
    });
    if (!CommandLine::parse(parser, arguments, 0))
        return ExitBadInput;
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out() << "jobdeck " << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }
    GlobalOptions globals;
    if (!CommandLine::readGlobals(parser, globals))
        return ExitBadInput;
    EngineOptions options;
    options.workers = globals.workers;
    options.maxWorkers = globals.maxWorkers;
    const auto duration = [&](const char *name, qint64 &target) {
        const QString value = parser.value(QLatin1String(name));
        if (value.isEmpty())
            return true;
        const auto ms = parseDuration(value);
        if (!ms) {
            fail(ExitBadInput, QStringLiteral("bad --%1 \"%2\": write a duration like 250ms, 30s or 5m")
                                   .arg(QLatin1String(name), value));
            return false;
        }
        target = *ms;
        return true;
    };
    if (!duration("stopping-wait", options.stoppingWaitMs) || !duration("retry-cap", options.retry.capMs)
        || !duration("lease", options.leaseMs) || !duration("callback-backoff", options.callbacks.backoffMs)
        || !duration("callback-timeout", options.callbacks.timeoutMs)
        || !duration("grow-after", options.autoscale.growAfterMs) || !duration("shrink-after", options.autoscale.shrinkAfterMs))
        return ExitBadInput;
    for (const char *name : {"grow-after", "shrink-after"}) {
        if (parser.isSet(QLatin1String(name)) && options.maxWorkers == 0)
            return fail(ExitBadInput, QStringLiteral("--%1 goes with --workers MIN..MAX").arg(QLatin1String(name)));
    }
    if (options.autoscale.shrinkAfterMs < 1000)
        return fail(ExitBadInput, QStringLiteral("--shrink-after must be at least 1s"));
    if (options.callbacks.timeoutMs < 1)
        return fail(ExitBadInput, QStringLiteral("--callback-timeout must be at least 1ms"));
    options.callbacks.allowHosts = parser.values(QStringLiteral("callback-allow"));
    if (options.leaseMs < 1000)
        return fail(ExitBadInput, QStringLiteral("--lease must be at least 1s"));

    const QString jobsDir = parser.value(QStringLiteral("jobs-dir"));
    if (parser.isSet(QStringLiteral("jobs-dir")) && !QFileInfo(jobsDir).isDir())
        return fail(ExitBadInput, QStringLiteral("--jobs-dir %1: no such folder").arg(jobsDir));
    if (parser.isSet(QStringLiteral("no-runner"))) {
        if (!withWindow)
            return fail(ExitBadInput, QStringLiteral("--no-runner opens the window without a runner; it cannot be "
                                                     "combined with --no-gui"));
        options.runsJobs = false;
    }
    std::optional<ApiOptions> api;
    if (parser.isSet(QStringLiteral("http"))) {
        QString error;
        const auto address = HttpAddress::parse(parser.value(QStringLiteral("http")), &error);
        if (!address)
            return fail(ExitBadInput, error);
        api = ApiOptions{};
        api->address = *address;
        api->tlsCertificate = parser.value(QStringLiteral("tls-cert"));
        api->tlsKey = parser.value(QStringLiteral("tls-key"));
        api->insecure = parser.isSet(QStringLiteral("insecure-http"));
        if (parser.isSet(QStringLiteral("http-connections"))) {
            bool ok = false;
            api->limits.maxConnections = parser.value(QStringLiteral("http-connections")).toInt(&ok);
            if (!ok || api->limits.maxConnections < 1)
                return fail(ExitBadInput, QStringLiteral("--http-connections must be a number of at least 1"));
        }
        if (parser.isSet(QStringLiteral("http-timeout"))) {
            const auto ms = parseDuration(parser.value(QStringLiteral("http-timeout")));
            if (!ms || *ms < 1 || *ms > 3'600'000)
                return fail(ExitBadInput, QStringLiteral("--http-timeout must be a duration from 1ms to 1h, like 10s"));
            api->limits.requestTimeoutMs = int(*ms);
        }
    } else {
        for (const char *name : {"tls-cert", "tls-key", "insecure-http", "http-connections", "http-timeout"}) {
            if (parser.isSet(QLatin1String(name)))
                return fail(ExitBadInput, QStringLiteral("--%1 goes with --http").arg(QLatin1String(name)));
        }
    }
    return RunnerArguments{globals, options, parser.isSet(QStringLiteral("workers")), parser.isSet(QStringLiteral("durability")),
                           jobsDir, parser.isSet(QStringLiteral("drain")), withWindow, api};
}

int runRunner(const QStringList &arguments, const HandlerRegistry &handlers, bool withWindow)
{
    auto parsed = parseRunnerArguments(arguments, withWindow);
    if (const int *code = std::get_if<int>(&parsed))
        return *code;
    const RunnerArguments &a = std::get<RunnerArguments>(parsed);
    if (a.withWindow) {
#ifdef JOBDECK_HAS_UI
        return runWindow(WindowOptions{a.globals, a.engine, a.workersGiven, a.durabilityGiven, a.jobsDir, a.api}, handlers);
#endif
    }
    const GlobalOptions &globals = a.globals;
    const QString &jobsDir = a.jobsDir;
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    if (!jobsDir.isEmpty()) {
        const BatchResult remembered = store->apply({JobsFolder::remember(jobsDir)});
        if (!remembered.ok)
            return fail(ExitFailed, remembered.error);
    }
    // Jobs of the jobs folder's definitions have the definition's name as their kind.
    JobDefinitions definitions(handlers.kinds(), JobDefinitions::Watching::On);
    HandlerRegistry withDefinitions = handlers;
    DefinitionHandler::addTo(withDefinitions, definitions);
    Engine engine(*store, withDefinitions, a.engine);
    JobsFolder folder(engine, definitions);
    QObject::connect(&folder, &JobsFolder::report, [quiet = globals.quiet](const QString &line, bool problem) {
        if (problem)
            err() << "jobdeck: " << line << Qt::endl;
        else if (!quiet)
            out() << formatIsoTime(SystemClock::instance().nowMs()) << ' ' << line << Qt::endl;
    });
    std::unique_ptr<ApiService> api;
    if (a.api) {
        api = std::make_unique<ApiService>(engine, *a.api);
        QString error;
        if (!api->start(&error))
            return fail(ExitBadInput, QStringLiteral("the HTTP API cannot start: %1").arg(error));
        // Always printed, even with --quiet: a script that asked for port 0 reads the port from here.
        out() << "HTTP API on " << api->url() << " (token: " << api->tokenSource() << ")" << Qt::endl;
    }
    HeadlessHost host(engine, {globals.quiet, a.drain});
    return host.exec();
}

} // namespace jobdeck
