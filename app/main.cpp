#include "CommandHelp.h"
#include "CommandLine.h"
#include "CommandTable.h"
#include "RunnerCommand.h"
#include "runner/HandlerRegistry.h"

#include <QCoreApplication>
#include <memory>

#ifdef JOBDECK_HAS_UI
#include <QApplication>
#endif
#ifdef JOBDECK_HAS_IMAGING
#include "imaging/ThumbnailHandler.h"
#endif

using namespace jobdeck;

namespace {

bool wantsWindow(const CommandLine &cl)
{
#ifdef JOBDECK_HAS_UI
    const QStringList &a = cl.arguments();
    return cl.command().isEmpty() && !a.contains(QStringLiteral("--no-gui")) && !a.contains(QStringLiteral("--help"))
        && !a.contains(QStringLiteral("-h")) && !a.contains(QStringLiteral("--version"));
#else
    Q_UNUSED(cl);
    return false;
#endif
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char **argv)
{
    const std::optional<QStringList> decoded = CommandLine::decodeArguments(argc, argv);
    if (!decoded)
        return ExitBadInput;
    const QStringList &arguments = *decoded;
    const CommandLine cl(arguments);
    const bool window = wantsWindow(cl);
    if (window) {
        // A wrong option is reported as such (exit 2) before anything of the window starts, and not hidden behind
        // a missing display.
        const auto parsed = parseRunnerArguments(arguments, window);
        if (const int *code = std::get_if<int>(&parsed))
            return *code;
        if (!hasDisplay())
            return fail(ExitFailed, QStringLiteral("no display to open the window on; run headless with --no-gui"));
    }

    std::unique_ptr<QCoreApplication> app;
#ifdef JOBDECK_HAS_UI
    if (window)
        app = std::make_unique<QApplication>(argc, argv);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jobdeck"));
    QCoreApplication::setOrganizationName(QStringLiteral("Jobdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(JOBDECK_VERSION));

    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
#ifdef JOBDECK_HAS_IMAGING
    handlers.add(std::make_unique<ThumbnailHandler>());
#endif

    const QString command = cl.command();
    if (command.isEmpty())
        return runRunner(arguments, handlers, window);
    if (const CommandEntry *entry = findCommand(command))
        return entry->run(arguments, handlers);
    if (command == QLatin1String("help"))
        return runHelpDocuments(arguments, handlers);
    return fail(ExitBadInput, QStringLiteral("unknown command \"%1\" (see jobdeck --help)").arg(command));
}
