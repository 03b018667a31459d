#include "WatchCommand.h"

#include "WatchCli.h"

namespace jobdeck {

namespace {

const QStringList s_valueOptions = {
    QStringLiteral("--pattern"), QStringLiteral("--kind"),         QStringLiteral("--payload-template"),
    QStringLiteral("--definition"), QStringLiteral("--settle"),    QStringLiteral("--after"),
    QStringLiteral("--max-size"), QStringLiteral("--queue"),       QStringLiteral("--priority"),
    QStringLiteral("--max-attempts"),
};

const char *const kHelp =
    "Usage: jobdeck watch COMMAND [options]\n\n"
    "A watched folder enqueues a job for each complete file that arrives in it (complete: its size and mtime\n"
    "stayed the same for the settle time). Every runner on the database watches the active watches.\n\n"
    "Commands:\n"
    "  add NAME DIR [--pattern GLOB]... [--recursive] (--kind K [--payload-template JSON] | --definition NAME)\n"
    "      [--settle DUR] [--after leave|move-done|delete] [--max-size BYTES]\n"
    "                                        add a watch\n"
    "  list [--json]                         the watches and what they did\n"
    "  show NAME [--json]                    a watch with its skipped files and their reasons\n"
    "  rm NAME                               remove a watch (its jobs stay)\n"
    "  pause NAME                            stop watching until resumed\n"
    "  resume NAME                           watch again; files that arrived meanwhile are taken\n\n"
    "jobdeck watch COMMAND --help shows the options of each command.\n";

} // namespace

int runWatch(const QStringList &arguments, const HandlerRegistry &handlers)
{
    const QString sub = CommandLine::subcommandWords(arguments, QStringLiteral("watch"), s_valueOptions).value(0);
    if (sub == QLatin1String("add"))
        return WatchCli::add(arguments, handlers);
    if (sub == QLatin1String("list"))
        return WatchCli::list(arguments);
    if (sub == QLatin1String("show"))
        return WatchCli::show(arguments);
    if (sub == QLatin1String("rm"))
        return WatchCli::remove(arguments);
    if (sub == QLatin1String("pause"))
        return WatchCli::setPaused(arguments, true);
    if (sub == QLatin1String("resume"))
        return WatchCli::setPaused(arguments, false);
    if (sub.isEmpty() && (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")))) {
        out() << kHelp;
        out().flush();
        return ExitOk;
    }
    return fail(ExitBadInput, sub.isEmpty() ? QStringLiteral("usage: jobdeck watch COMMAND (see jobdeck watch --help)")
                                            : QStringLiteral("unknown watch command \"%1\" (see jobdeck watch --help)").arg(sub));
}

int runFiles(const QStringList &arguments)
{
    return WatchCli::files(arguments);
}

} // namespace jobdeck
