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
#include "models/BatchRowsModel.h"
#include "pages/BatchesPage.h"
#include "pages/PipelinesPage.h"
#include "models/PipelineRowsModel.h"
#include "widgets/CallbackDeliveriesView.h"
#include "pages/PoisonPage.h"
#include "pages/QueuePage.h"
#include "models/QueueSummaryModel.h"
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
#include <QTableView>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDialog>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>
#include <QScreen>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <cmath>
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

#ifdef JOBDECK_TOUR_THUMBNAILS
// A photo-like picture to make a thumbnail of: a sky, a sun and hills, in `dir`.
QString samplePhoto(const QString &dir)
{
    QImage image(1600, 1067, QImage::Format_RGB32);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QLinearGradient sky(0, 0, 0, image.height());
    sky.setColorAt(0, QColor(38, 84, 156));
    sky.setColorAt(0.6, QColor(244, 170, 110));
    p.fillRect(image.rect(), sky);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 226, 150));
    p.drawEllipse(QPointF(1100, 560), 110, 110);
    const QList<std::pair<QColor, int>> hills{{QColor(70, 96, 120), 640}, {QColor(46, 72, 86), 760}, {QColor(28, 46, 52), 880}};
    for (int i = 0; i < hills.size(); ++i) {
        QPainterPath path(QPointF(0, image.height()));
        for (int x = 0; x <= image.width(); x += 40)
            path.lineTo(x, hills[i].second - 90 * std::sin(x / (260.0 + 90 * i) + i * 1.7));
        path.lineTo(image.width(), image.height());
        p.setBrush(hills[i].first);
        p.drawPath(path);
    }
    p.end();
    const QString path = QDir(dir).filePath(QStringLiteral("IMG_2741.jpg"));
    image.save(path, "JPEG", 90);
    return path;
}
#endif

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
    options.callbacks.backoffMs = 400; // a few attempts of a callback whose receiver is down, within the tour
    options.callbacks.allowHosts = {QStringLiteral("hooks.example.com"), QStringLiteral("ci.example.org")};
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
            if (auto *batches = window.findChild<BatchesPage *>(); batches && id == QLatin1String("batches")) {
                pause(500); // a running batch, with its jobs moving below
                for (int row = 0; row < batches->model()->rowCount(); ++row) {
                    if (batches->model()->batchAt(row).state() == JobBatchState::Running) {
                        batches->selectBatch(batches->model()->batchAt(row).id);
                        break;
                    }
                }
            }
            if (auto *pipelines = window.findChild<PipelinesPage *>(); pipelines && id == QLatin1String("pipelines")) {
                pause(500); // the order that was undone: its chain shows each compensation under its step
                for (int row = 0; row < pipelines->model()->rowCount(); ++row) {
                    if (pipelines->model()->pipelineAt(row).state == PipelineState::Failed) {
                        pipelines->selectPipeline(pipelines->model()->pipelineAt(row).id);
                        break;
                    }
                }
            }
            if (id == QLatin1String("queue")) { // the payments held in order, and the rate-limited webhooks below them
                QTableView *queues = window.queuePage()->queueTable();
                for (int row = 0; row < queues->model()->rowCount(); ++row) {
                    if (queues->model()->index(row, 0).data(QueueSummaryModel::QueueNameRole).toString() == QLatin1String("payments"))
                        queues->selectRow(row);
                }
                pause(300);
                queues->scrollToBottom();
            }
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
        // A job whose callback receiver is down (nothing listens on port 9): its attempts and the next try.
        JobSpec called;
        called.kind = QStringLiteral("noop");
        called.queue = QStringLiteral("hooks"); // no limit, and first in line
        called.priority = 100;
        called.payload = QByteArrayLiteral(R"({"invoice": "2026-11-0412"})");
        called.callbackUrl = QStringLiteral("http://billing-bot:s3cret@127.0.0.1:9/jobs/done");
        qint64 calledId = 0;
        engine.submit({EnqueueJob{called, engine.clock().nowMs()}}, &window, [&](const BatchResult &r) {
            calledId = r.ok ? r.results.front().jobId : 0;
            engine.setWorkers(options.workers + 1); // the others are busy with long jobs: one more for it
        });
        for (int i = 0; i < 150; ++i) { // until a few attempts are recorded
            pause(100);
            const auto deliveries = calledId > 0 ? store->openReader()->callbackDeliveries(calledId) : std::vector<CallbackDelivery>{};
            if (!deliveries.empty() && deliveries.front().attempts >= 4)
                break;
        }
        engine.setWorkers(options.workers);
        if (calledId > 0) {
            JobDetailsDialog *details = window.openJobDetails(calledId);
            pause(500); // the job is read on the read thread; its Callback tab shows once it is in
            details->tabs()->setCurrentWidget(details->callback());
            pause(1500);
            snap(window, QDir(out).filePath(QStringLiteral("job-callback") + suffix));
            closeDialogs(window);
        }
#ifdef JOBDECK_TOUR_THUMBNAILS
        // A thumbnail job's details: its output previewed, its input and output linked.
        QTemporaryDir photos;
        JobSpec thumbnail;
        thumbnail.kind = QStringLiteral("thumbnail");
        thumbnail.queue = QStringLiteral("photos");
        thumbnail.priority = 10;
        thumbnail.payload = QJsonDocument(QJsonObject{{QStringLiteral("path"), samplePhoto(photos.path())},
                                                      {QStringLiteral("size"), 256},
                                                      {QStringLiteral("out_dir"), photos.filePath(QStringLiteral("thumbnails"))}})
                                .toJson(QJsonDocument::Compact);
        qint64 thumbnailId = 0;
        engine.submit({EnqueueJob{thumbnail, engine.clock().nowMs()}}, &window, [&](const BatchResult &r) {
            thumbnailId = r.ok ? r.results.front().jobId : 0;
            engine.setWorkers(options.workers + 1); // the others are busy with long jobs: one more for it
        });
        for (int i = 0; i < 100; ++i) {
            pause(100);
            if (thumbnailId > 0 && isFinal(store->openReader()->job(thumbnailId)->state))
                break;
        }
        if (thumbnailId > 0) {
            window.openJobDetails(thumbnailId);
            pause(1500);
            snap(window, QDir(out).filePath(QStringLiteral("job-thumbnail") + suffix));
            closeDialogs(window);
        }
        engine.setWorkers(options.workers);
#endif
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
