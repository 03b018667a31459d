#include "ScheduleCommand.h"

#include "ScheduleCli.h"

namespace jobdeck {

namespace {

// Options of the schedule commands that take a value, so their values are not mistaken for a subcommand.
const QStringList s_valueOptions = {
    QStringLiteral("--tz"),    QStringLiteral("--from"),     QStringLiteral("--count"),   QStringLiteral("--cron"),
    QStringLiteral("--every"), QStringLiteral("--anchor"),   QStringLiteral("--at"),      QStringLiteral("--kind"),
    QStringLiteral("--job"),   QStringLiteral("--payload"),  QStringLiteral("--queue"),   QStringLiteral("--priority"),
    QStringLiteral("--max-attempts"), QStringLiteral("--timeout"), QStringLiteral("--backoff"), QStringLiteral("--misfire"),
    QStringLiteral("--catch-up-limit"), QStringLiteral("--overlap"), QStringLiteral("--exclude"), QStringLiteral("--until"),
};

const char *const kHelp =
    "Usage: jobdeck schedule COMMAND [options]\n\n"
    "Schedules enqueue a job at the times of a cron expression, every interval, or once.\n\n"
    "Commands:\n"
    "  add NAME (--cron EXPR | --every DUR | --at ISO8601) (--kind K [--payload JSON] | --job DEFINITION)\n"
    "      [--tz ZONE] [--misfire fire-once|skip|catch-up] [--overlap allow|skip|queue-one|replace]\n"
    "      [--exclude CALENDAR]              add a schedule\n"
    "  list [--json]                         the schedules and their next occurrence\n"
    "  show NAME [--json]                    a schedule, its next and its recent occurrences\n"
    "  rm NAME                               remove a schedule\n"
    "  pause NAME [--until ISO8601]          disable it, or pause it until a time\n"
    "  resume NAME                           enable it again, from its next occurrence\n"
    "  run NAME                              enqueue a run now\n"
    "  next EXPR [--tz ZONE] [--from ISO8601] [--count N]\n"
    "                                        print the next occurrences of a cron expression\n\n"
    "jobdeck schedule COMMAND --help shows the options of each command.\n";

} // namespace

int runSchedule(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QString sub = CommandLine::subcommandWords(arguments, QStringLiteral("schedule"), s_valueOptions).value(0);
    if (sub == QLatin1String("add"))
        return ScheduleCli::add(arguments, handlers);
    if (sub == QLatin1String("list"))
        return ScheduleCli::list(arguments);
    if (sub == QLatin1String("show"))
        return ScheduleCli::show(arguments);
    if (sub == QLatin1String("rm"))
        return ScheduleCli::remove(arguments);
    if (sub == QLatin1String("pause"))
        return ScheduleCli::pause(arguments);
    if (sub == QLatin1String("resume"))
        return ScheduleCli::resume(arguments);
    if (sub == QLatin1String("run"))
        return ScheduleCli::run(arguments, handlers);
    if (sub == QLatin1String("next"))
        return ScheduleCli::next(arguments);
    if (sub.isEmpty() && (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << kHelp;
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput, sub.isEmpty() ? QStringLiteral("usage: jobdeck schedule COMMAND (see jobdeck schedule --help)")
                                            : QStringLiteral("unknown schedule command \"%1\" (see jobdeck schedule --help)").arg(sub));
}

} // namespace jobdeck
