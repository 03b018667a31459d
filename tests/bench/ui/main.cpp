// jobdeck-ui-bench: the window over a database of a million jobs — how soon it shows, History's first page,
// search, memory — and how long its event loop stalls while the runner works through 5,000 jobs a second.
// Prints a table, or with --json one JSON object. See --help.

#include "BenchSupport.h"
#include "ConsoleBench.h"
#include "JobDatabaseGenerator.h"
#include "LockStallBench.h"
#include "StallBench.h"
#include "storage/StoreError.h"
#include "storage/postgres/PostgresUrl.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>
#include <cstdio>

using namespace jobdeck;
using namespace jobdeck::bench;

namespace {

struct Targets {
    static constexpr double shownMs = 1000;
    static constexpr double historyMs = 50;
    static constexpr double searchMs = 200;
    static constexpr double rssMb = 150;
    static constexpr double stallMs = 16;
    static constexpr double lockStallMs = 50;
};

void progress(const QString &text)
{
    std::fprintf(stderr, "jobdeck-ui-bench: %s\n", qPrintable(text));
    std::fflush(stderr);
}

QString fixed(double v, int decimals = 1)
{
    return QLocale(QLocale::English).toString(v, 'f', decimals);
}

QString row(const QString &name, const QString &value, const QString &target, std::optional<bool> pass)
{
    return QStringLiteral("%1 %2 %3 %4\n")
        .arg(name, -52)
        .arg(value, 16)
        .arg(target, 10)
        .arg(pass ? (*pass ? QStringLiteral("PASS") : QStringLiteral("FAIL")) : QStringLiteral("-"));
}

} // namespace

int main(int argc, char **argv)
{
    // The other process of the write-lock measurement: no window, no options but its own.
    if (argc == 4 && qstrcmp(argv[1], "--hold-lock") == 0)
        return holdWriteLock(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt());
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("jobdeck-ui-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures the Jobdeck window over a large database: time to show, History's first page, search, memory,\n"
        "and event-loop stalls while the runner processes jobs, and while another process holds the write lock."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("db"), QStringLiteral("Use this database (copied first) instead of generating one; a PostgreSQL URL is\n"
                                              "used as it is, for the window's figures only."), QStringLiteral("PATH|URL")},
        {QStringLiteral("jobs"), QStringLiteral("Jobs in the generated database (default 1000000)."), QStringLiteral("N")},
        {QStringLiteral("rate"), QStringLiteral("Jobs per second the runner processes in the stall measurement (default 5000)."), QStringLiteral("N")},
        {QStringLiteral("seconds"), QStringLiteral("Length of the stall measurement (default 10)."), QStringLiteral("N")},
        {QStringLiteral("workers"), QStringLiteral("Worker threads (default 2)."), QStringLiteral("N")},
        {QStringLiteral("only"), QStringLiteral("console, stall or lock (default all three)."), QStringLiteral("WHICH")},
        {QStringLiteral("lock-seconds"), QStringLiteral("How long the other process holds the write lock (default 10)."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
        {QStringLiteral("generate-only"), QStringLiteral("Write the generated database to PATH and exit."), QStringLiteral("PATH")},
    });
    parser.process(app);
    const auto number = [&](const char *name, int fallback) {
        bool ok = false;
        const int v = parser.value(QLatin1String(name)).toInt(&ok);
        return parser.isSet(QLatin1String(name)) && ok && v > 0 ? v : fallback;
    };
    const int jobs = number("jobs", 1'000'000);
    const int rate = number("rate", 5000);
    const int seconds = number("seconds", 10);
    const int workers = number("workers", 2);
    const QString only = parser.value(QStringLiteral("only"));
    const int lockSeconds = number("lock-seconds", 10);
    // The stall and write-lock figures make databases of their own, which are SQLite files.
    const bool onServer = PostgresUrl::isPostgres(parser.value(QStringLiteral("db")));
    const bool runConsole = only.isEmpty() || only == QLatin1String("console");
    const bool runStall = !onServer && (only.isEmpty() || only == QLatin1String("stall"));
    const bool runLock = !onServer && (only.isEmpty() || only == QLatin1String("lock"));

    QTemporaryDir dir;
    const QString path = onServer ? parser.value(QStringLiteral("db")) : dir.filePath(QStringLiteral("million.db"));
    try {
        if (onServer) {
            // A server's database is measured where it is: its jobs are whatever it holds.
        } else if (parser.isSet(QStringLiteral("db"))) {
            if (!QFile::copy(parser.value(QStringLiteral("db")), path)) {
                std::fprintf(stderr, "jobdeck-ui-bench: cannot copy %s\n", qPrintable(parser.value(QStringLiteral("db"))));
                return 2;
            }
        } else if (parser.isSet(QStringLiteral("generate-only"))) {
            testdata::GeneratorOptions options;
            options.jobs = jobs;
            testdata::generateJobDatabase(parser.value(QStringLiteral("generate-only")), options);
            return 0;
        } else if (runConsole || runStall) {
            // In a process of its own: the generator's memory must not count in the window's peak RSS.
            progress(QStringLiteral("generating %1 jobs …").arg(jobs));
            const int generated = QProcess::execute(QCoreApplication::applicationFilePath(),
                                                    {QStringLiteral("--jobs"), QString::number(jobs),
                                                     QStringLiteral("--generate-only"), path});
            if (generated != 0) {
                std::fprintf(stderr, "jobdeck-ui-bench: generating the database failed\n");
                return 1;
            }
        }
    } catch (const StoreError &e) {
        std::fprintf(stderr, "jobdeck-ui-bench: %s\n", qPrintable(e.message()));
        return 1;
    }

    ConsoleResult console;
    StallResult stall;
    LockStallResult lock;
    if (runConsole) {
        progress(QStringLiteral("window, history and search …"));
        try {
            console = measureConsole(path);
        } catch (const StoreError &e) {
            console.problem = e.message();
        }
    }
    if (runStall) {
        progress(QStringLiteral("event-loop stalls at %1 jobs/s …").arg(rate));
        stall = measureStall(path, rate, seconds, workers);
    }
    if (runLock) {
        progress(QStringLiteral("another process holds the write lock for %1 s …").arg(lockSeconds));
        try {
            lock = measureLockStall(dir.path(), QCoreApplication::applicationFilePath(), lockSeconds);
        } catch (const StoreError &e) {
            lock.problem = e.message();
        }
    }

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o{{QStringLiteral("jobs"), jobs}};
        if (runConsole) {
            QJsonObject history;
            for (const auto &[name, ms] : console.historyMs)
                history.insert(name, ms);
            QJsonObject search;
            for (const auto &[name, ms] : console.searchMs)
                search.insert(name, ms);
            o.insert(QStringLiteral("console"), QJsonObject{{QStringLiteral("open_ms"), console.openMs},
                                                            {QStringLiteral("shown_ms"), console.shownMs},
                                                            {QStringLiteral("ready_ms"), console.readyMs},
                                                            {QStringLiteral("history_first_page_ms"), history},
                                                            {QStringLiteral("search_first_page_ms"), search},
                                                            {QStringLiteral("scroll_page_ms"), console.scrollPageMs},
                                                            {QStringLiteral("peak_rss_mb"), console.peakRssMb},
                                                            {QStringLiteral("problem"), console.problem}});
        }
        if (runStall) {
            o.insert(QStringLiteral("stall"), QJsonObject{{QStringLiteral("target_per_second"), stall.targetPerSecond},
                                                          {QStringLiteral("processed_per_second"), stall.processedPerSecond},
                                                          {QStringLiteral("probes"), stall.probes},
                                                          {QStringLiteral("p50_ms"), stall.p50Ms},
                                                          {QStringLiteral("p99_ms"), stall.p99Ms},
                                                          {QStringLiteral("max_ms"), stall.maxMs},
                                                          {QStringLiteral("cpu_p99_ms"), stall.cpuP99Ms},
                                                          {QStringLiteral("cpu_max_ms"), stall.cpuMaxMs},
                                                          {QStringLiteral("problem"), stall.problem}});
        }
        if (runLock) {
            o.insert(QStringLiteral("write_lock"), QJsonObject{{QStringLiteral("lock_held_ms"), lock.lockHeldMs},
                                                               {QStringLiteral("probes"), lock.probes},
                                                               {QStringLiteral("longest_pause_ms"), lock.longestMs},
                                                               {QStringLiteral("longest_own_work_ms"), lock.longestCpuMs},
                                                               {QStringLiteral("requeued"), double(lock.requeued)},
                                                               {QStringLiteral("problem"), lock.problem}});
        }
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    QString out = QStringLiteral("jobdeck-ui-bench: %1 jobs in the database\n\n").arg(QLocale(QLocale::English).toString(jobs));
    out += row(QStringLiteral("figure"), QStringLiteral("measured"), QStringLiteral("target"), std::nullopt);
    if (runConsole) {
        out += row(QStringLiteral("database opened, window made"), fixed(console.openMs) + QStringLiteral(" ms"), QString(), std::nullopt);
        out += row(QStringLiteral("window shown (first paint)"), fixed(console.shownMs) + QStringLiteral(" ms"),
                   QStringLiteral("< 1000 ms"), console.shownMs < Targets::shownMs);
        out += row(QStringLiteral("Overview filled"), fixed(console.readyMs) + QStringLiteral(" ms"), QString(), std::nullopt);
        for (const auto &[name, ms] : console.historyMs)
            out += row(QStringLiteral("history first page: ") + name, fixed(ms) + QStringLiteral(" ms"),
                       QStringLiteral("< 50 ms"), ms < Targets::historyMs);
        for (const auto &[name, ms] : console.searchMs)
            out += row(QStringLiteral("search first page: ") + name, fixed(ms) + QStringLiteral(" ms"),
                       QStringLiteral("< 200 ms"), ms < Targets::searchMs);
        out += row(QStringLiteral("next page when scrolling (median)"), fixed(console.scrollPageMs) + QStringLiteral(" ms"), QString(), std::nullopt);
        out += row(QStringLiteral("process peak RSS"), fixed(console.peakRssMb) + QStringLiteral(" MB"),
                   QStringLiteral("< 150 MB"), console.peakRssMb < Targets::rssMb);
    }
    if (runStall) {
        out += row(QStringLiteral("runner throughput while measuring"), fixed(stall.processedPerSecond, 0) + QStringLiteral(" jobs/s"),
                   QStringLiteral("~%1").arg(rate), stall.problem.isEmpty());
        out += row(QStringLiteral("event-loop stall p50"), fixed(stall.p50Ms, 2) + QStringLiteral(" ms"), QString(), std::nullopt);
        out += row(QStringLiteral("event-loop stall p99"), fixed(stall.p99Ms, 2) + QStringLiteral(" ms"), QString(), std::nullopt);
        out += row(QStringLiteral("event-loop stall, longest"), fixed(stall.maxMs, 1) + QStringLiteral(" ms"),
                   QStringLiteral("<= 16 ms"), stall.maxMs <= Targets::stallMs);
        out += row(QStringLiteral("window thread's own work between firings p99"), fixed(stall.cpuP99Ms, 2) + QStringLiteral(" ms"), QString(), std::nullopt);
        out += row(QStringLiteral("window thread's own work between firings, longest"), fixed(stall.cpuMaxMs, 1) + QStringLiteral(" ms"),
                   QStringLiteral("<= 16 ms"), stall.cpuMaxMs <= Targets::stallMs);
    }
    if (runLock) {
        out += row(QStringLiteral("write lock held by another process"), fixed(lock.lockHeldMs / 1000.0) + QStringLiteral(" s"),
                   QString(), std::nullopt);
        out += row(QStringLiteral("longest event-loop pause meanwhile (pause, details, requeue all)"),
                   fixed(lock.longestMs, 1) + QStringLiteral(" ms"), QStringLiteral("<= 50 ms"),
                   lock.problem.isEmpty() && lock.longestMs <= Targets::lockStallMs);
        out += row(QStringLiteral("window thread's own work between firings meanwhile, longest"),
                   fixed(lock.longestCpuMs, 1) + QStringLiteral(" ms"), QString(), std::nullopt);
    }
    for (const QString &p : {console.problem, stall.problem, lock.problem}) {
        if (!p.isEmpty())
            out += QStringLiteral("note: %1\n").arg(p);
    }
    std::printf("%s", qPrintable(out));
    return 0;
}
