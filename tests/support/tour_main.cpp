// jobdeck-tour: opens the window over a database, with its runner working, and saves a picture of every page and
// dialog (Overview, Running, Queue, History, Poison, Health and any other page; job details, New job, Settings, the
// drop chooser) — the README's screenshots. Run it under Xvfb (xvfb-run) so the pictures are what a desktop shows:
//   jobdeck-tour --db PATH --out DIR [--dark] [--wait SECONDS] [--size WxH]

#include "AppSettings.h"
#include "Appearance.h"
#include "MainWindow.h"
#include "NewJobDialog.h"
#include "definitions/DefinitionHandler.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "JobTableView.h"
#include "desktop/DropController.h"
#include "dialogs/JobDetailsDialog.h"
#include "pages/PoisonPage.h"
#include "dialogs/SettingsDialog.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "shell/Navigator.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"
#ifdef JOBDECK_TOUR_THUMBNAILS
#include "imaging/ThumbnailHandler.h"
#endif

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDialog>
#include <QEventLoop>
#include <QFile>
#include <QScreen>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <cstdio>

using namespace jobdeck;

namespace {

void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The window's part of the screen (without the window manager's frame), with whatever dialog is open over it.
void snap(const QWidget &window, const QString &path)
{
    const QRect g = window.geometry();
    if (!QGuiApplication::primaryScreen()->grabWindow(0, g.x(), g.y(), g.width(), g.height()).save(path))
        std::fprintf(stderr, "jobdeck-tour: cannot write %s\n", qPrintable(path));
    else
        std::printf("%s\n", qPrintable(path));
}

void closeDialogs(const QWidget &window)
{
    for (QDialog *dialog : window.findChildren<QDialog *>()) {
        if (dialog->isVisible())
            dialog->reject();
    }
    pause(300);
}

qint64 interestingJob(SqliteStore &store)
{
    // A running job shows the most (progress, live log); else the newest finished one.
    for (const JobState state : {JobState::Running, JobState::Dead, JobState::Succeeded}) {
        JobFilter filter;
        filter.states = {state};
        filter.limit = 20;
        for (const JobRecord &job : store.openReader()->jobs(filter)) {
            if (!job.continuous)
                return job.id;
        }
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), QStringLiteral("The database."), QStringLiteral("PATH")},
                       {QStringLiteral("out"), QStringLiteral("Where the pictures go."), QStringLiteral("DIR")},
                       {QStringLiteral("dark"), QStringLiteral("Dark appearance (pictures named *-dark.png).")},
                       {QStringLiteral("wait"), QStringLiteral("Seconds before the first picture."), QStringLiteral("S"), QStringLiteral("6")},
                       {QStringLiteral("size"), QStringLiteral("Window size."), QStringLiteral("WxH"), QStringLiteral("1360x840")}});
    parser.process(app);
    const QString out = parser.value(QStringLiteral("out"));
    const QStringList size = parser.value(QStringLiteral("size")).split(u'x');
    if (!parser.isSet(QStringLiteral("db")) || out.isEmpty() || size.size() != 2) {
        std::fprintf(stderr, "usage: jobdeck-tour --db PATH --out DIR [--dark] [--wait SECONDS] [--size WxH]\n");
        return 2;
    }
    QDir().mkpath(out);
    const bool dark = parser.isSet(QStringLiteral("dark"));
    const QString suffix = dark ? QStringLiteral("-dark.png") : QStringLiteral(".png");
    Appearance appearance;
    appearance.apply(dark ? AppSettings::Appearance::Dark : AppSettings::Appearance::Light);

    std::unique_ptr<SqliteStore> store;
    try {
        store = SqliteStore::open(parser.value(QStringLiteral("db")));
    } catch (const StoreError &e) {
        std::fprintf(stderr, "jobdeck-tour: %s\n", qPrintable(e.message()));
        return 1;
    }
    // The session the window's host makes: the built-in kinds, the database's jobs folder, the runner.
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
#ifdef JOBDECK_TOUR_THUMBNAILS
    handlers.add(std::make_unique<ThumbnailHandler>());
#endif
    JobDefinitions definitions(handlers.kinds(), JobDefinitions::Watching::On);
    DefinitionHandler::addTo(handlers, definitions);
    EngineOptions options;
    options.workers = 4;
    Engine engine(*store, handlers, options);
    JobsFolder folder(engine, definitions);
    {
        MainWindow window(engine);
        window.setJobsFolder(folder, definitions);
        window.setGeometry(0, 0, size[0].toInt(), size[1].toInt());
        window.show();
        engine.start();
        pause(parser.value(QStringLiteral("wait")).toInt() * 1000);

        for (const QString &id : window.navigator()->pageIds()) {
            window.showPage(id);
            if (id == QLatin1String("poison")) // the inspector with a job in it
                window.poisonPage()->table()->selectRow(0);
            pause(1500);
            snap(window, QDir(out).filePath(QStringLiteral("page-%1%2").arg(id, suffix)));
        }
        window.showPage(QStringLiteral("running"));
        if (const qint64 id = interestingJob(*store)) {
            window.openJobDetails(id);
            pause(2000);
            snap(window, QDir(out).filePath(QStringLiteral("job-details") + suffix));
            closeDialogs(window);
        }
        // A poison job's attempts on their time line.
        JobFilter dead;
        dead.states = {JobState::Dead};
        dead.limit = 1;
        if (const auto jobs = store->openReader()->jobs(dead); !jobs.empty()) {
            JobDetailsDialog *details = window.openJobDetails(jobs.front().id);
            if (auto *tabs = details->findChild<QTabWidget *>())
                tabs->setCurrentIndex(1);
            pause(1500);
            snap(window, QDir(out).filePath(QStringLiteral("job-attempts") + suffix));
            closeDialogs(window);
        }
        window.showPage(QStringLiteral("overview"));
        NewJobDialog *newJob = window.openNewJobDialog();
        for (const JobDefinition &d : definitions.definitions()) { // a job of the jobs folder, filled in from settings.job
            if (!d.isContinuous() && d.isValid() && !d.schedule.isEmpty()) {
                newJob->setKind(d.name);
                newJob->setPayload(QStringLiteral("{\"day\": \"2026-11-24\", \"format\": \"pdf\"}"));
                break;
            }
        }
        pause(800);
        snap(window, QDir(out).filePath(QStringLiteral("new-job") + suffix));
        closeDialogs(window);
        window.findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
        pause(800);
        snap(window, QDir(out).filePath(QStringLiteral("settings") + suffix));
        closeDialogs(window);

        // A drop of some photos, a script and a file that has gone.
        QTemporaryDir drop;
        QList<QUrl> urls;
        for (const QString &name : {QStringLiteral("IMG_0412.jpg"), QStringLiteral("IMG_0413.jpg"), QStringLiteral("IMG_0415.png"),
                                    QStringLiteral("notes.txt")}) {
            QFile file(drop.filePath(name));
            if (file.open(QIODevice::WriteOnly))
                file.write("x");
            urls << QUrl::fromLocalFile(file.fileName());
        }
        urls << QUrl::fromLocalFile(drop.filePath(QStringLiteral("moved-away.jpg")));
        AppSettings::forgetDropChoices();
        window.drops()->drop(urls);
        pause(1500);
        snap(window, QDir(out).filePath(QStringLiteral("drop-chooser") + suffix));
        closeDialogs(window);
    }
    engine.stopAndWait();
    return 0;
}
