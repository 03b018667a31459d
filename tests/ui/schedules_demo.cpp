// jobdeck-schedules-demo: the window on its Schedules page over a database with a running engine. With --seed it
// first fills an empty database with two hundred realistic schedules (one firing every minute, some paused, some
// of the jobs folder, with exclusion calendars) and their last runs, through the same core mutations a runner
// writes, so the page can be looked at and screenshotted.
//
//   jobdeck-schedules-demo --db /tmp/schedules.db --seed [--dark] [--edit NAME]

#include "Appearance.h"
#include "MainWindow.h"
#include "actions/ScheduleActions.h"
#include "calendar/ScheduleEditorDialog.h"
#include "pages/SchedulesPage.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "schedule/ScheduleCommands.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <cstdio>

using namespace jobdeck;

namespace {

JobSpec job(const QString &kind, const QJsonObject &payload, const QString &queue)
{
    JobSpec spec;
    spec.kind = kind;
    spec.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    spec.queue = queue;
    spec.maxAttempts = 1;
    return spec;
}

struct Team {
    const char *name;
    const char *zone;
};

void seed(JobStore &store, qint64 now)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).date();
    store.apply({SaveCalendar{QStringLiteral("holidays"),
                              {{QDate(today.year(), 12, 24), QDate(today.year(), 12, 26)},
                               {QDate(today.year(), 12, 31), QDate(today.year() + 1, 1, 1)}},
                              now},
                 SaveCalendar{QStringLiteral("release freeze"), {{today.addDays(9), today.addDays(11)}}, now},
                 SaveCalendar{QStringLiteral("month-end close"), {{QDate(today.year(), today.month(), 1).addMonths(1).addDays(-2),
                                                                  QDate(today.year(), today.month(), 1).addMonths(1).addDays(-1)}},
                              now}});
    const Team teams[] = {{"billing", "Europe/Berlin"},  {"crm", "America/New_York"}, {"media", "UTC"},
                          {"search", "Europe/Berlin"},   {"warehouse", "Europe/Berlin"}, {"analytics", "UTC"},
                          {"mail", "America/New_York"},  {"backup", "UTC"},           {"ops", "UTC"},
                          {"reports", "Asia/Tokyo"}};
    const char *tasks[] = {"sync",        "export",        "cleanup",      "reindex",     "digest",
                           "snapshot",    "rollup",        "audit",        "thumbnails",  "invoice run",
                           "stock count", "price import",  "feed refresh", "sitemap",     "vacuum",
                           "log rotate",  "usage report",  "churn model",  "reminders",   "archive"};
    const char *crons[] = {"0 9 * * 1-5", "30 2 * * *", "*/15 * * * *", "0 */4 * * *", "0 7 * * 1",
                           "0 18 L * *",  "45 6 * * *", "0 * * * *",    "0 22 * * 0", "15 3 1 * *",
                           "0 8 * * 1,3,5", "*/30 8-18 * * 1-5", "0 12 LW * *", "20 1 * * *", "0 6 * * 6,0"};
    WriteBatch batch;
    ScheduleSpec heartbeat;
    heartbeat.name = QStringLiteral("heartbeat");
    heartbeat.cron = QStringLiteral("* * * * *");
    heartbeat.zone = QStringLiteral("UTC");
    heartbeat.job = job(QStringLiteral("noop"), {}, QStringLiteral("ops"));
    heartbeat.misfire = MisfirePolicy::Skip;
    heartbeat.overlap = OverlapPolicy::Skip;
    batch.push_back(*ScheduleCommands::save(heartbeat, now, false, nullptr));
    int i = 0;
    for (const Team &team : teams) {
        for (const char *task : tasks) {
            if (i >= 190)
                break;
            ScheduleSpec s;
            s.name = QStringLiteral("%1 %2").arg(QLatin1String(team.name), QLatin1String(task));
            s.cron = QLatin1String(crons[(i * 7 + 3) % std::size(crons)]);
            s.zone = QLatin1String(team.zone);
            const int k = (i + i / 4) % 5;
            s.job = k == 0   ? job(QStringLiteral("process"), {{QStringLiteral("program"), QStringLiteral("/srv/jobs/%1.sh").arg(QString(QLatin1String(task)).replace(u' ', u'-'))}},
                                   QLatin1String(team.name))
                  : k == 1 ? job(QStringLiteral("checksum"), {{QStringLiteral("path"), QStringLiteral("/srv/%1").arg(QLatin1String(team.name))}},
                                 QLatin1String(team.name))
                  : k == 2 ? job(QStringLiteral("cpu"), {{QStringLiteral("n"), 5000 * (1 + i % 7)}}, QLatin1String(team.name))
                           : job(QStringLiteral("noop"), {}, QLatin1String(team.name));
            if (i % 4 == 1)
                s.exclusions << QStringLiteral("holidays");
            if (i % 9 == 2)
                s.exclusions << QStringLiteral("release freeze");
            if (i % 17 == 5)
                s.exclusions << QStringLiteral("month-end close");
            if (i % 3 == 0)
                s.overlap = OverlapPolicy::Skip;
            if (i % 11 == 4)
                s.overlap = OverlapPolicy::QueueOne;
            if (i % 7 == 3) {
                s.misfire = MisfirePolicy::CatchUp;
                s.catchUpLimit = 5;
            } else if (i % 5 == 4) {
                s.misfire = MisfirePolicy::Skip;
            }
            batch.push_back(*ScheduleCommands::save(s, now, false, nullptr));
            ++i;
        }
    }
    // The jobs folder's: enqueue a definition, overlap skip for singletons.
    for (const char *name : {"nightly-report", "image-sweep", "db-maintenance", "sitemap-build", "cache-warmup",
                             "newsletter", "ledger-check", "geo-refresh", "s3-inventory"}) {
        ScheduleSpec s;
        s.name = QStringLiteral("jobs/%1").arg(QLatin1String(name));
        s.definition = QLatin1String(name);
        s.cron = QLatin1String(crons[(i++ * 5) % std::size(crons)]);
        s.zone = QStringLiteral("Europe/Berlin");
        s.overlap = OverlapPolicy::Skip;
        batch.push_back(*ScheduleCommands::save(s, now, false, nullptr));
    }
    store.apply(std::move(batch));

    // Their last runs, and a few paused.
    auto reader = store.openScheduleReader();
    WriteBatch history;
    int n = 0;
    for (const ScheduleRecord &s : reader->schedules()) {
        ++n;
        const auto recurrence = s.spec.recurrence();
        const auto past = recurrence->between(now - 35 * 86'400'000LL, now, 100'000);
        if (past.empty() || n % 13 == 7)
            continue; // never ran yet
        const qint64 t = past.back();
        FireOccurrence f{s.id, t, OccurrenceOutcome::Fired, {}, job(QStringLiteral("noop"), {}, s.spec.job.queue), t,
                         QStringLiteral("demo-runner"), {}};
        if (n % 19 == 3)
            f.job = job(QStringLiteral("fail"), {{QStringLiteral("message"), QStringLiteral("upstream API answered 503")},
                                                 {QStringLiteral("retryable"), false}}, s.spec.job.queue);
        else if (n % 23 == 6) {
            f.outcome = OccurrenceOutcome::Skipped;
            f.reason = QStringLiteral("the previous run is still running (overlap policy skip)");
            f.job.reset();
        } else if (n % 29 == 8) {
            f.outcome = OccurrenceOutcome::Misfired;
            f.reason = QStringLiteral("missed while no runner was firing schedules (misfire policy skip)");
            f.job.reset();
        } else if (n % 37 == 10) {
            f.outcome = OccurrenceOutcome::Excluded;
            f.reason = QStringLiteral("excluded by calendar holidays");
            f.job.reset();
        }
        history.push_back(std::move(f));
    }
    store.apply(std::move(history));
    WriteBatch paused;
    n = 0;
    for (const ScheduleRecord &s : reader->schedules()) {
        if (++n % 16 == 9)
            paused.push_back(ScheduleCommands::pause(s.spec.name, n % 32 == 25 ? now + 3 * 86'400'000LL : 0, now));
    }
    store.apply(std::move(paused));
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), QStringLiteral("Database."), QStringLiteral("PATH")},
                       {QStringLiteral("seed"), QStringLiteral("Fill an empty database with demo schedules.")},
                       {QStringLiteral("dark"), QStringLiteral("Dark appearance.")},
                       {QStringLiteral("edit"), QStringLiteral("Open the editor on this schedule, making a calendar."),
                        QStringLiteral("NAME")}});
    parser.addHelpOption();
    parser.process(app);
    Appearance appearance;
    appearance.apply(parser.isSet(QStringLiteral("dark")) ? AppSettings::Appearance::Dark : AppSettings::Appearance::Light);
    std::unique_ptr<SqliteStore> store;
    try {
        store = SqliteStore::open(parser.value(QStringLiteral("db")));
    } catch (const StoreError &e) {
        std::fprintf(stderr, "jobdeck-schedules-demo: %s\n", qPrintable(e.message()));
        return 1;
    }
    const qint64 now = SystemClock::instance().nowMs();
    if (parser.isSet(QStringLiteral("seed")) && store->openScheduleReader()->schedules().empty())
        seed(*store, now);

    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    Engine engine(*store, handlers, EngineOptions{});
    MainWindow window(engine);
    window.showPage(QStringLiteral("schedules"));
    window.resize(1440, 900);
    window.show();
    engine.start();
    // A selection, so the commands show as they are used.
    QTimer::singleShot(1500, &window, [&window] {
        if (auto *page = window.findChild<SchedulesPage *>())
            page->selectSchedule(QStringLiteral("billing cleanup"));
    });
    // After the window is up, so a window manager frames the dialog over it.
    const QString edit = parser.value(QStringLiteral("edit"));
    if (!edit.isEmpty()) {
        QTimer::singleShot(2000, &window, [&window, &store, edit] {
            const auto s = store->openScheduleReader()->schedule(edit);
            if (!s)
                return;
            ScheduleEditorDialog *editor = window.findChild<ScheduleActions *>()->edit(*s);
            editor->move(window.geometry().center() - editor->rect().center());
            editor->findChild<QPushButton *>(QStringLiteral("newCalendarButton"))->click();
            editor->findChild<QLineEdit *>(QStringLiteral("newCalendarName"))->setText(QStringLiteral("audit freeze"));
            editor->findChild<QLineEdit *>(QStringLiteral("newCalendarDates"))->setText(QStringLiteral("2026-12-14..2026-12-18"));
        });
    }
    QObject::connect(&app, &QApplication::lastWindowClosed, &engine, &Engine::stop);
    QObject::connect(&engine, &Engine::stopped, &app, &QApplication::quit);
    QApplication::setQuitOnLastWindowClosed(false);
    return QApplication::exec();
}
