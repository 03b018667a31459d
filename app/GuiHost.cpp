#include "GuiHost.h"

#include "AppSettings.h"
#include "Appearance.h"
#include "MainWindow.h"
#include "SignalWatcher.h"
#include "WindowApi.h"
#include "definitions/DefinitionHandler.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "desktop/TrayController.h"
#include "runner/Engine.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"

#include <QApplication>
#include <QMessageBox>
#include <QStatusBar>
#include <unistd.h>

namespace jobdeck {

namespace {

struct SessionEnd {
    int code = 0;
    QString nextDatabase; // empty: the user is done
    bool abandonedWorkers = false;
};

SessionEnd runSession(JobStore &store, const HandlerRegistry &handlers, const EngineOptions &options,
                      const std::optional<ApiOptions> &apiOptions, Appearance &appearance, SignalWatcher &signalWatcher)
{
    SessionEnd end;
    // Each database names its own jobs folder; jobs of its definitions have the definition's name as their kind.
    JobDefinitions definitions(handlers.kinds(), JobDefinitions::Watching::On);
    HandlerRegistry withDefinitions = handlers;
    DefinitionHandler::addTo(withDefinitions, definitions);
    Engine engine(store, withDefinitions, options);
    JobsFolder folder(engine, definitions);
    MainWindow window(engine);
    window.setJobsFolder(folder, definitions);
    QObject::connect(&folder, &JobsFolder::report, &window, [&window](const QString &line, bool problem) {
        if (problem)
            window.statusBar()->showMessage(QObject::tr("Jobs folder: %1").arg(line), 10'000);
    });
    TrayController tray(window, engine, window.console().counts, *window.healthMonitor());
    const auto applySettings = [&] {
        window.setHideOnClose(AppSettings::keepRunningInTray() && tray.isAvailable());
        appearance.apply(AppSettings::appearance());
    };
    QObject::connect(&window, &MainWindow::settingsChanged, &window, applySettings);
    window.setHideOnClose(AppSettings::keepRunningInTray() && tray.isAvailable());
    QObject::connect(&window, &MainWindow::openDatabaseRequested, &engine, [&](const QString &path) {
        end.nextDatabase = path;
        engine.stop();
    });
    QObject::connect(&tray, &TrayController::quitRequested, &window, [&] {
        window.setHideOnClose(false);
        window.close();
    });
    QObject::connect(qApp, &QGuiApplication::lastWindowClosed, &engine, &Engine::stop);
    QObject::connect(&engine, &Engine::stopped, qApp, &QCoreApplication::quit);
    // As the headless runner: a service manager or logout stops the window's runner without stranding its jobs.
    signalWatcher.stopOnSignal(engine, [&window, &end](const QString &message, bool atOnce) {
        end.nextDatabase.clear(); // stopped for good, even while switching databases
        if (atOnce) {
            err() << "jobdeck: " << message << Qt::endl;
            return;
        }
        out() << message << Qt::endl;
        // Then as Quit from the tray: the window keeps its layout and closes; the process ends once the runner stopped.
        window.setHideOnClose(false);
        window.close();
    });
    QObject::connect(&engine.scheduler(), &Scheduler::problem, &window, [&window](const QString &message) {
        window.statusBar()->showMessage(QObject::tr("Schedules: %1").arg(message), 10'000);
    });
    WindowApi api(engine, apiOptions);
    const auto applyApi = [&api, &window] {
        if (const QString line = api.apply(); !line.isEmpty())
            window.statusBar()->showMessage(line, 10'000);
    };
    QObject::connect(&window, &MainWindow::settingsChanged, &window, applyApi);
    applyApi();
    window.show();
    engine.start();
    end.code = QApplication::exec();
    end.abandonedWorkers = engine.abandonedWorkers() > 0;
    return end;
}

} // namespace

int runWindow(WindowOptions options, const HandlerRegistry &handlers)
{
    // From the start: a signal while the database opens is handled once the window runs, not fatal.
    SignalWatcher signalWatcher;
    QApplication::setQuitOnLastWindowClosed(false); // quit once the runner has stopped, not before
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/jobdeck.svg")));
    // The installed desktop file: how Wayland compositors and docks find the icon and name of the window.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.jobdeck.Jobdeck"));
    Appearance appearance;
    appearance.apply(AppSettings::appearance());
    if (!options.workersGiven && options.engine.runsJobs && AppSettings::workers() > 0)
        options.engine.workers = AppSettings::workers();
    if (!options.durabilityGiven)
        options.globals.durability = AppSettings::durability() == QLatin1String("normal") ? Durability::Normal : Durability::Full;

    auto store = CommandLine::openStore(options.globals);
    if (!store)
        return ExitFailed;
    if (!options.jobsDir.isEmpty() && !store->apply({JobsFolder::remember(options.jobsDir)}).ok)
        return fail(ExitFailed, QStringLiteral("cannot remember the jobs folder in %1").arg(store->location()));
    for (;;) {
        const SessionEnd end = runSession(*store, handlers, options.engine, options.api, appearance, signalWatcher);
        if (end.abandonedWorkers)
            ::_exit(end.code); // a handler that never returned holds a thread the process would wait on forever
        if (end.nextDatabase.isEmpty())
            return end.code;
        try {
            auto next = openJobStore(end.nextDatabase, SqliteStore::Options{options.globals.durability, 50});
            store = std::move(next);
        } catch (const StoreError &e) {
            QMessageBox::warning(nullptr, QObject::tr("Cannot open the database"), e.message());
            // Back to the database that was open.
        }
    }
}

} // namespace jobdeck
