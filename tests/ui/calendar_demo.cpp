// jobdeck-calendar-demo: the window on its calendar page, over a database, with a running engine. With --seed it
// first fills an empty database with realistic schedules, calendars and six weeks of history (through the same
// core mutations a runner writes), so the calendar can be looked at and screenshotted with a past to show.
//
// With --dense the seed adds schedules that fire every minute, every five and every fifteen minutes (and their
// last two days of runs), for the day and week views at their busiest.
//
//   jobdeck-calendar-demo --db /tmp/demo.db --seed [--dense] [--zone Europe/Berlin] [--date 2026-11-25]
//                         [--mode month|week|day] [--expand HOUR] [--jobs-dir DIR] [--edit SCHEDULE] [--dark]

#include "Appearance.h"
#include "MainWindow.h"
#include "calendar/CalendarPage.h"
#include "calendar/TimeGridView.h"
#include "definitions/DefinitionHandler.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "model/Duration.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "schedule/CalendarProjection.h"
#include "schedule/ScheduleCommands.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace jobdeck;

namespace {

JobSpec job(const char *kind, const QJsonObject &payload = {}, const char *queue = "default")
{
    JobSpec spec;
    spec.kind = QLatin1String(kind);
    spec.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    spec.queue = QLatin1String(queue);
    spec.maxAttempts = 1;
    return spec;
}

ScheduleSpec cron(const char *name, const char *expression, const JobSpec &j, const QString &zone)
{
    ScheduleSpec s;
    s.name = QLatin1String(name);
    s.cron = QLatin1String(expression);
    s.zone = zone;
    s.job = j;
    return s;
}

// Schedules, calendars and the history a runner would have written over the last six weeks.
void seed(JobStore &store, const QString &zone, qint64 now, bool dense)
{
    const qint64 day = 86'400'000;
    const QDate today = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).date();
    const QDate freeze = today.addDays(-9);
    store.apply({SaveCalendar{QStringLiteral("holidays"),
                              {{QDate(today.year(), 12, 24), QDate(today.year(), 12, 26)},
                               {QDate(today.year(), 12, 31), QDate(today.year() + 1, 1, 1)}},
                              now},
                 SaveCalendar{QStringLiteral("release freeze"), {{freeze, freeze.addDays(1)}}, now}});
    std::vector<ScheduleSpec> specs = {
        cron("nightly backup", "30 2 * * *", job("sleep", {{QStringLiteral("ms"), 20}}, "maintenance"), zone),
        cron("invoice run", "0 9 * * 1-5", job("noop", {}, "billing"), zone),
        cron("thumbnail sweep", "0 */4 * * *", job("noop", {}, "media"), zone),
        cron("weekly report", "0 7 * * MON", job("cpu", {{QStringLiteral("n"), 20000}}, "reports"), zone),
        cron("month-end close", "0 18 L * *", job("noop", {}, "billing"), zone),
    };
    specs[1].exclusions = {QStringLiteral("holidays"), QStringLiteral("release freeze")};
    specs[3].overlap = OverlapPolicy::Skip;
    ScheduleSpec exportOnce = cron("year-end export", "", job("noop", {}, "billing"), zone);
    exportOnce.kind = ScheduleKind::Once;
    exportOnce.atMs = CalendarProjection::instantOf(QDate(today.year(), 12, 31), QTime(17, 0), *ZoneRules::forZone(zone));
    specs.push_back(exportOnce);
    if (dense) {
        specs.push_back(cron("heartbeat probe", "* * * * *", job("noop", {}, "monitoring"), zone));
        specs.push_back(cron("queue depth sample", "*/5 * * * *", job("noop", {}, "monitoring"), zone));
        specs.push_back(cron("cache warm-up", "*/15 * * * *", job("noop", {}, "media"), zone));
        specs.push_back(cron("hourly rollup", "0 * * * *", job("noop", {}, "reports"), zone));
        specs.push_back(cron("partner sync", "40 */2 * * *", job("noop", {}, "billing"), zone));
        specs.push_back(cron("report export", "*/10 8-18 * * 1-5", job("noop", {}, "reports"), zone));
        specs.push_back(cron("inventory sync", "*/20 * * * *", job("noop", {}, "default"), zone));
        specs.push_back(cron("feed import", "15,45 * * * *", job("noop", {}, "media"), zone));
    }
    WriteBatch batch;
    for (const ScheduleSpec &s : specs)
        batch.push_back(*ScheduleCommands::save(s, now, false, nullptr));
    const BatchResult saved = store.apply(std::move(batch));

    // History: what each occurrence of the past six weeks became.
    auto reader = store.openScheduleReader();
    const auto calendars = reader->calendars();
    const qint64 downtimeFrom = now - 12 * day, downtimeTo = now - 12 * day + 7 * 3'600'000;
    WriteBatch history;
    int n = 0;
    for (const ScheduleRecord &s : reader->schedules()) {
        const auto recurrence = s.spec.recurrence();
        // The frequent schedules' last two days only: six weeks of them would be tens of thousands of rows.
        const bool frequent = std::any_of(specs.begin() + 6, specs.end(), [&](const ScheduleSpec &d) { return d.name == s.spec.name; });
        for (qint64 t : recurrence->between(now - (frequent ? 2 : 42) * day, now, 5000)) {
            FireOccurrence f{s.id, t, OccurrenceOutcome::Fired, {}, s.spec.job, t, QStringLiteral("demo-runner"), {}};
            const QDate local = recurrence->zone().dateAt(t);
            const auto excluded = std::find_if(calendars.begin(), calendars.end(), [&](const ExclusionCalendar &c) {
                return s.spec.exclusions.contains(c.name) && c.excludes(local);
            });
            ++n;
            if (excluded != calendars.end()) {
                f.outcome = OccurrenceOutcome::Excluded;
                f.reason = QStringLiteral("excluded by calendar %1 (%2)").arg(excluded->name, local.toString(Qt::ISODate));
            } else if (t >= downtimeFrom && t < downtimeTo) {
                f.outcome = OccurrenceOutcome::Misfired;
                f.reason = QStringLiteral("missed while no runner was firing schedules; one run stands for all missed "
                                          "(misfire policy fire-once)");
            } else if (s.spec.name == QLatin1String("weekly report") && n % 3 == 0) {
                f.outcome = OccurrenceOutcome::Skipped;
                f.reason = QStringLiteral("the previous report is still running (overlap policy skip)");
            } else if (n % 43 == 0) {
                f.job = job("fail", {{QStringLiteral("message"), QStringLiteral("upstream API answered 503")},
                                     {QStringLiteral("retryable"), false}},
                            qPrintable(s.spec.job.queue));
            }
            if (f.outcome != OccurrenceOutcome::Fired)
                f.job.reset();
            history.push_back(std::move(f));
        }
    }
    store.apply(std::move(history));
    // Two one-off jobs waiting for their time.
    JobSpec later = job("sleep", {{QStringLiteral("ms"), 1000}}, "media");
    later.runAtMs = CalendarProjection::instantOf(today.addDays(2), QTime(15, 0), *ZoneRules::forZone(zone));
    JobSpec report = job("cpu", {{QStringLiteral("n"), 5000}}, "reports");
    report.runAtMs = CalendarProjection::instantOf(today, QTime(17, 5), *ZoneRules::forZone(zone));
    JobSpec migrate = job("process", {{QStringLiteral("program"), QStringLiteral("/srv/jobs/migrate.sh")}}, "maintenance");
    migrate.runAtMs = CalendarProjection::instantOf(today.addDays(4), QTime(21, 30), *ZoneRules::forZone(zone));
    store.apply({EnqueueJob{later, now}, EnqueueJob{migrate, now}});
    if (dense && report.runAtMs > now)
        store.apply({EnqueueJob{report, now}});
    std::fprintf(stderr, "seeded %zu schedules and %d occurrences\n", saved.results.size(), n);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), QStringLiteral("Database."), QStringLiteral("PATH")},
                       {QStringLiteral("seed"), QStringLiteral("Fill an empty database with demo schedules and history.")},
                       {QStringLiteral("zone"), QStringLiteral("Time zone to show."), QStringLiteral("ZONE")},
                       {QStringLiteral("date"), QStringLiteral("Date to show."), QStringLiteral("DATE")},
                       {QStringLiteral("mode"), QStringLiteral("month, week or day."), QStringLiteral("MODE")},
                       {QStringLiteral("jobs-dir"), QStringLiteral("Jobs folder for the palette."), QStringLiteral("DIR")},
                       {QStringLiteral("edit"), QStringLiteral("Open the editor on this schedule."), QStringLiteral("NAME")},
                       {QStringLiteral("dense"), QStringLiteral("Seed schedules firing every minute, 5 and 15 minutes too.")},
                       {QStringLiteral("expand"), QStringLiteral("In the day and week views, expand this hour."), QStringLiteral("HOUR")},
                       {QStringLiteral("dark"), QStringLiteral("Dark appearance.")}});
    parser.addHelpOption();
    parser.process(app);
    Appearance appearance;
    appearance.apply(parser.isSet(QStringLiteral("dark")) ? AppSettings::Appearance::Dark : AppSettings::Appearance::Light);
    const QString zone = parser.value(QStringLiteral("zone")).isEmpty() ? ZoneRules::systemZoneId() : parser.value(QStringLiteral("zone"));
    std::unique_ptr<SqliteStore> store;
    try {
        store = SqliteStore::open(parser.value(QStringLiteral("db")));
    } catch (const StoreError &e) {
        std::fprintf(stderr, "jobdeck-calendar-demo: %s\n", qPrintable(e.message()));
        return 1;
    }
    const qint64 now = SystemClock::instance().nowMs();
    if (parser.isSet(QStringLiteral("seed")) && store->openScheduleReader()->schedules().empty())
        seed(*store, zone, now, parser.isSet(QStringLiteral("dense")));

    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    JobDefinitions definitions(handlers.kinds());
    DefinitionHandler::addTo(handlers, definitions);
    if (parser.isSet(QStringLiteral("jobs-dir")))
        store->apply({JobsFolder::remember(parser.value(QStringLiteral("jobs-dir")))});
    Engine engine(*store, handlers, EngineOptions{});
    JobsFolder folder(engine, definitions);
    MainWindow window(engine);
    window.setJobsFolder(folder, definitions);
    auto *page = window.findChild<CalendarPage *>(QStringLiteral("calendarPage"));
    window.showPage(QStringLiteral("calendar"));
    page->setDisplayZone(zone);
    const QString mode = parser.value(QStringLiteral("mode"));
    page->setMode(mode == QLatin1String("week") ? CalendarPage::Mode::Week
                  : mode == QLatin1String("day") ? CalendarPage::Mode::Day
                                                 : CalendarPage::Mode::Month);
    if (parser.isSet(QStringLiteral("date")))
        page->showDate(QDate::fromString(parser.value(QStringLiteral("date")), Qt::ISODate));
    if (parser.isSet(QStringLiteral("expand"))) {
        if (auto *grid = qobject_cast<TimeGridView *>(page->currentView()))
            grid->setExpandedHour(parser.value(QStringLiteral("expand")).toInt());
    }
    window.resize(1440, 900);
    window.show();
    engine.start();
    if (parser.isSet(QStringLiteral("edit"))) {
        if (const auto s = store->openScheduleReader()->schedule(parser.value(QStringLiteral("edit"))))
            page->openScheduleEditor(s->spec, true);
    }
    QObject::connect(&app, &QApplication::lastWindowClosed, &engine, &Engine::stop);
    QObject::connect(&engine, &Engine::stopped, &app, &QApplication::quit);
    QApplication::setQuitOnLastWindowClosed(false);
    return QApplication::exec();
}
