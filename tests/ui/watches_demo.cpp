// jobdeck-watches-demo: the window on its Watched folders page over a database. With --seed it first fills an
// empty database with a dozen realistic watches, thousands of file versions with their jobs, files done and
// failed, and skipped files, through the same core mutations a runner writes, so the page can be looked at and
// screenshotted. The window is a console (it runs no jobs and watches nothing), so what it shows stays put.
//
//   jobdeck-watches-demo --db /tmp/watches.db --seed [--dark] [--details]

#include "Appearance.h"
#include "MainWindow.h"
#include "actions/JobActions.h"
#include "pages/WatchesPage.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"
#include "watch/WatchCommands.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>

using namespace jobdeck;

namespace {

struct Demo {
    const char *name;
    const char *dir;
    QStringList patterns;
    bool recursive;
    const char *kind;
    const char *payload;
    AfterAction after;
    bool paused;
    int files;
};

void seed(SqliteStore &store, qint64 now)
{
    const std::vector<Demo> demos = {
        {"camera uploads", "/srv/incoming/camera", {"*.jpg", "*.heic"}, true, "thumbnail", R"({"size":256,"out_dir":"/srv/thumbs"})", AfterAction::MoveDone, false, 1840},
        {"scanned invoices", "/srv/scans/invoices", {"*.pdf"}, false, "process", R"({"program":"/opt/ocr/bin/ocr","args":["{path}"]})", AfterAction::MoveDone, false, 412},
        {"partner feeds", "/data/feeds/partners", {"*.csv", "*.csv.gz"}, true, "process", R"({"program":"/usr/local/bin/import-feed"})", AfterAction::Delete, false, 2311},
        {"nightly backups", "/backup/dumps", {"*.sql.zst"}, false, "checksum", R"({})", AfterAction::Leave, false, 64},
        {"video masters", "/media/masters", {"*.mov", "*.mxf"}, true, "process", R"({"program":"/opt/transcode/run"})", AfterAction::MoveDone, true, 37},
        {"log archive", "/var/log/archive", {}, true, "checksum", R"({})", AfterAction::Leave, false, 905},
        {"design exports", "/home/shared/design/exports", {"*.png", "*.svg"}, false, "thumbnail", R"({"size":512})", AfterAction::Leave, false, 126},
        {"lab results", "/srv/lab/out", {"*.json"}, false, "process", R"({"program":"/opt/lab/ingest"})", AfterAction::MoveDone, false, 0},
    };
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    WriteBatch watches;
    for (const Demo &d : demos) {
        WatchSpec spec;
        spec.name = QString::fromUtf8(d.name);
        spec.dir = QString::fromUtf8(d.dir);
        spec.patterns = d.patterns;
        spec.recursive = d.recursive;
        spec.job.kind = QString::fromUtf8(d.kind);
        spec.job.payload = d.payload;
        spec.after = d.after;
        if (spec.name == QLatin1String("video masters"))
            spec.settleMs = 30'000;
        watches.push_back(*WatchCommands::save(spec, now - 40 * 86'400'000LL, false, nullptr));
    }
    store.apply(std::move(watches));
    const auto reader = store.openWatchReader();
    for (const Demo &d : demos) {
        const auto record = reader->watch(QString::fromUtf8(d.name));
        WriteBatch files;
        WriteBatch ends;
        for (int i = 0; i < d.files; ++i) {
            FileVersion f;
            const QString ext = d.patterns.isEmpty() ? QStringLiteral("*.log") : d.patterns[i % d.patterns.size()];
            f.path = QStringLiteral("%1/%2/file-%3%4")
                         .arg(record->spec.dir)
                         .arg(2026)
                         .arg(i, 5, 10, QLatin1Char('0'))
                         .arg(ext.mid(1));
            f.size = 4096 + qint64(i) * 7919 % 9'000'000;
            f.mtimeMs = now - qint64(d.files - i) * 60'000;
            f.fingerprint = QStringLiteral("%1").arg(qHash(f.path), 32, 16, QLatin1Char('0'));
            const JobSpec job = *WatchCommands::jobFor(record->spec, f, {}, nullptr);
            files.push_back(EnqueueWatchedFile{record->id, f.path, f.size, f.mtimeMs, f.fingerprint, job, f.mtimeMs + 2000});
        }
        const BatchResult r = store.apply(std::move(files));
        if (d.after == AfterAction::Leave)
            continue;
        int n = 0;
        const QString root = record->spec.dir;
        for (const MutationResult &m : r.results) {
            ++n;
            if (n > d.files - 12)
                break; // the newest are still queued
            const bool failed = n % 97 == 13;
            const QString path = reader->fileOfJob(m.jobId)->path;
            const QString sub = failed ? QStringLiteral("/failed") : QStringLiteral("/done");
            ends.push_back(SettleWatchedFile{m.jobId, failed ? QStringLiteral("failed")
                                                   : d.after == AfterAction::Delete ? QStringLiteral("deleted")
                                                                                    : QStringLiteral("done"),
                                             d.after == AfterAction::Delete && !failed ? QString() : root + sub + path.mid(root.size()),
                                             now});
        }
        store.apply(std::move(ends));
    }
    const qint64 camera = reader->watch(QStringLiteral("camera uploads"))->id;
    const qint64 logs = reader->watch(QStringLiteral("log archive"))->id;
    store.apply({
        RecordWatchSkip{{camera, QStringLiteral("/srv/incoming/camera/2026/DCIM/holiday-video.mov.jpg"), skipReasonName(SkipReason::TooLarge),
                         QStringLiteral("18.00 GiB, the limit is 16.00 GiB"), now - 3'600'000}},
        RecordWatchSkip{{camera, QStringLiteral("/srv/incoming/camera/shared-album.jpg"), skipReasonName(SkipReason::SymlinkOutside),
                         QStringLiteral("/home/ana/Pictures/shared-album.jpg"), now - 7'200'000}},
        RecordWatchSkip{{camera, QStringLiteral("/srv/incoming/camera/locked/IMG_2214.jpg"), skipReasonName(SkipReason::Unreadable),
                         QStringLiteral("permission denied"), now - 9'000'000}},
        RecordWatchSkip{{camera, QStringLiteral("/srv/incoming/camera/upload.sock.jpg"), skipReasonName(SkipReason::SpecialFile), QString(),
                         now - 86'400'000}},
        RecordWatchSkip{{logs, QStringLiteral("/var/log/archive/current"), skipReasonName(SkipReason::SymlinkOutside),
                         QStringLiteral("/var/log/syslog"), now - 600'000}},
    });
    store.apply({WatchCommands::pause(QStringLiteral("video masters"), true, now - 86'400'000)});
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), QStringLiteral("Database."), QStringLiteral("PATH")},
                       {QStringLiteral("seed"), QStringLiteral("Fill an empty database with demo watches.")},
                       {QStringLiteral("dark"), QStringLiteral("Dark appearance.")},
                       {QStringLiteral("details"), QStringLiteral("Open the details of a job a watched file started.")},
                       {QStringLiteral("new"), QStringLiteral("Open the New watched folder dialog.")}});
    parser.addHelpOption();
    parser.process(app);
    Appearance appearance;
    appearance.apply(parser.isSet(QStringLiteral("dark")) ? AppSettings::Appearance::Dark : AppSettings::Appearance::Light);
    std::unique_ptr<SqliteStore> store;
    try {
        store = SqliteStore::open(parser.value(QStringLiteral("db")));
    } catch (const StoreError &e) {
        std::fprintf(stderr, "jobdeck-watches-demo: %s\n", qPrintable(e.message()));
        return 1;
    }
    const qint64 now = SystemClock::instance().nowMs();
    if (parser.isSet(QStringLiteral("seed")) && store->openWatchReader()->watches().empty())
        seed(*store, now);

    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions options;
    options.runsJobs = false;
    Engine engine(*store, handlers, options);
    MainWindow window(engine);
    window.showPage(QStringLiteral("watches"));
    window.resize(1440, 900);
    window.show();
    engine.start();
    QTimer::singleShot(1500, &window, [&window] {
        if (auto *page = window.findChild<WatchesPage *>())
            page->selectWatch(QStringLiteral("camera uploads"));
    });
    if (parser.isSet(QStringLiteral("details"))) {
        QTimer::singleShot(2000, &window, [&window, &store] {
            const auto files = store->openWatchReader()->filesAt(QStringLiteral("/srv/incoming/camera/2026/file-00003.heic"), 1);
            if (!files.empty())
                window.findChild<JobActions *>()->showDetails(files.front().jobId);
        });
    }
    if (parser.isSet(QStringLiteral("new"))) {
        QTimer::singleShot(2000, &window, [&window] {
            if (auto *page = window.findChild<WatchesPage *>())
                page->openNewWatchDialog();
        });
    }
    QObject::connect(&app, &QApplication::lastWindowClosed, &engine, &Engine::stop);
    QObject::connect(&engine, &Engine::stopped, &app, &QApplication::quit);
    QApplication::setQuitOnLastWindowClosed(false);
    return QApplication::exec();
}
