#include "RunnerCommand.h"

#include "CommandLine.h"
#include "HeadlessHost.h"
#include "model/Duration.h"
#include "runner/Engine.h"

#ifdef JOBDECK_HAS_UI
#include "GuiHost.h"
#endif

namespace jobdeck {

int runRunner(const QStringList &arguments, const HandlerRegistry &handlers, bool withWindow)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Jobdeck: a job console with an embedded job runner.\n"
        "Commands: enqueue, list, show, cancel, requeue, delete, stats, health, wait, queue, pause, resume, retention, "
        "schedule, calendar "
        "(jobdeck COMMAND --help)."));
    CommandLine::addGlobalOptions(parser);
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("no-gui"), QStringLiteral("Run the runner without a window.")},
        {QStringLiteral("no-runner"), QStringLiteral("Open the window as a console over a database another Jobdeck "
                                                     "process serves: it runs no jobs itself.")},
        {QStringLiteral("drain"), QStringLiteral("Exit once nothing is queued, running or waiting for a retry.")},
        {QStringLiteral("stopping-wait"), QStringLiteral("On stop, time running jobs get to finish (default 30s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("retry-cap"), QStringLiteral("Longest delay between retries (default 1h)."), QStringLiteral("DUR")},
        {QStringLiteral("lease"), QStringLiteral("Lease of a claimed job without a heartbeat (default 30s)."),
         QStringLiteral("DUR")},
    });
    if (!CommandLine::parse(parser, arguments))
        return ExitBadInput;
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out() << "jobdeck " << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(ExitBadInput, QStringLiteral("unknown command \"%1\" (see jobdeck --help)")
                                      .arg(parser.positionalArguments().first()));
    GlobalOptions globals;
    if (!CommandLine::readGlobals(parser, globals))
        return ExitBadInput;
    EngineOptions options;
    options.workers = globals.workers;
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
        || !duration("lease", options.leaseMs))
        return ExitBadInput;
    if (options.leaseMs < 1000)
        return fail(ExitBadInput, QStringLiteral("--lease must be at least 1s"));

    if (parser.isSet(QStringLiteral("no-runner"))) {
        if (!withWindow)
            return fail(ExitBadInput, QStringLiteral("--no-runner opens the window without a runner; it cannot be "
                                                     "combined with --no-gui"));
        options.runsJobs = false;
    }
    if (withWindow) {
#ifdef JOBDECK_HAS_UI
        return runWindow(WindowOptions{globals, options, parser.isSet(QStringLiteral("workers")),
                                       parser.isSet(QStringLiteral("durability"))},
                         handlers);
#endif
    }
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    Engine engine(*store, handlers, options);
    HeadlessHost host(engine, {globals.quiet, parser.isSet(QStringLiteral("drain"))});
    return host.exec();
}

} // namespace jobdeck
