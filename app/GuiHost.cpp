#include "GuiHost.h"

#include "MainWindow.h"
#include "runner/Engine.h"
#include "schedule/Scheduler.h"

#include <QApplication>
#include <QStatusBar>
#include <unistd.h>

namespace jobdeck {

int runWindow(Engine &engine)
{
    QApplication::setQuitOnLastWindowClosed(false); // quit once the runner has stopped, not before
    MainWindow window(engine);
    QObject::connect(&engine, &Engine::stopped, qApp, &QCoreApplication::quit);
    QObject::connect(qApp, &QGuiApplication::lastWindowClosed, &engine, &Engine::stop);
    QObject::connect(&engine, &Engine::storeFailed, &window, [&window](const QString &message) {
        window.statusBar()->showMessage(QObject::tr("Database error: %1").arg(message), 10'000);
    });
    QObject::connect(&engine.scheduler(), &Scheduler::problem, &window, [&window](const QString &message) {
        window.statusBar()->showMessage(QObject::tr("Schedules: %1").arg(message), 10'000);
    });
    window.show();
    engine.start();
    const int code = QApplication::exec();
    if (engine.abandonedWorkers() > 0)
        ::_exit(code); // a handler that never returned holds a thread the process would wait on forever
    return code;
}

} // namespace jobdeck
