#include "DbCommand.h"

#include "CommandLine.h"
#include "model/Clock.h"
#include "storage/StoreError.h"
#include "storage/postgres/SqliteToPostgres.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QLocale>

namespace jobdeck {

namespace {

const QStringList s_valueOptions = {QStringLiteral("--to")};

const char *const kHelp =
    "Usage: jobdeck db COMMAND [options]\n\n"
    "Commands:\n"
    "  migrate --to postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME [--db FILE] [--json]\n"
    "                      copy the SQLite database into an empty PostgreSQL database, table by table,\n"
    "                      in one transaction; refused while a runner serves the file\n\n"
    "jobdeck db COMMAND --help shows the options of each command.\n";

int migrate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Copy the SQLite database (--db, $JOBDECK_DB or the default) into an empty PostgreSQL database: jobs, "
        "attempts, log lines, history, checkpoints, schedules, calendars, settings, watches, batches and pipelines. "
        "All or nothing: a failure leaves the target as it was. The password may come from the URL, PGPASSWORD, "
        "PGPASSFILE or ~/.pgpass; it is never printed."));
    parser.addPositionalArgument(QStringLiteral("db migrate"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("to"), QStringLiteral("The PostgreSQL database to copy into."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the counts as a JSON object.")});
    GlobalOptions globals;
    if (!CommandLine::parseCommand(parser, arguments, 2, globals))
        return ExitBadInput;
    if (!parser.isSet(QStringLiteral("to")))
        return fail(ExitBadInput,
                    QStringLiteral("usage: jobdeck db migrate --to postgresql://USER@HOST[:PORT]/DBNAME"));
    QString error;
    const auto target = PostgresUrl::parse(parser.value(QStringLiteral("to")), &error);
    if (!target)
        return fail(ExitBadInput, QStringLiteral("--to: %1").arg(error));
    const QString source = globals.db.isEmpty() ? CommandLine::defaultDatabasePath() : globals.db;
    if (!QFileInfo(source).isFile())
        return fail(ExitFailed,
                    QStringLiteral("%1: no such database file").arg(QDir::toNativeSeparators(source)));

    const bool json = parser.isSet(QStringLiteral("json"));
    if (!json && !globals.quiet)
        out() << QStringLiteral("copying %1 to %2").arg(QDir::toNativeSeparators(source), target->display())
              << Qt::endl;
    SqliteToPostgres::Options options;
    options.nowMs = SystemClock::instance().nowMs();
    const QLocale locale = QLocale::system();
    if (!json && !globals.quiet) {
        options.copied = [&locale](const SqliteToPostgres::TableCount &count) {
            out() << QStringLiteral("  %1 %2").arg(count.table, -22).arg(locale.toString(count.rows), 12)
                  << Qt::endl;
        };
    }
    QElapsedTimer took;
    took.start();
    std::vector<SqliteToPostgres::TableCount> counts;
    try {
        counts = SqliteToPostgres::copy(source, *target, options);
    } catch (const StoreError &e) {
        return fail(ExitFailed, QStringLiteral("nothing was copied: %1").arg(e.message()));
    }
    qint64 rows = 0;
    QJsonObject tables;
    for (const auto &count : counts) {
        rows += count.rows;
        tables.insert(count.table, count.rows);
    }
    if (json) {
        printJson(QJsonObject{{QStringLiteral("source"), source},
                              {QStringLiteral("target"), target->display()},
                              {QStringLiteral("rows"), rows},
                              {QStringLiteral("tables"), tables}});
        return ExitOk;
    }
    out() << QStringLiteral("copied %1 rows of %2 tables to %4 in %3 s")
                 .arg(locale.toString(rows))
                 .arg(counts.size())
                 .arg(double(took.elapsed()) / 1000.0, 0, 'f', 1)
                 .arg(target->display())
          << Qt::endl;
    return ExitOk;
}

} // namespace

int runDb(const QStringList &arguments)
{
    const QString sub =
        CommandLine::subcommandWords(arguments, QStringLiteral("db"), s_valueOptions).value(0);
    if (sub == QLatin1String("migrate"))
        return migrate(arguments);
    if (sub.isEmpty() &&
        (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << kHelp;
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput,
                sub.isEmpty() ? QStringLiteral("usage: jobdeck db COMMAND (see jobdeck db --help)")
                              : QStringLiteral("unknown db command \"%1\" (see jobdeck db --help)").arg(sub));
}

} // namespace jobdeck
