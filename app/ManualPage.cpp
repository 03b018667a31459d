#include "ManualPage.h"

#include <QCoreApplication>
#include <algorithm>

namespace jobdeck {

namespace {

// Text as roff reads it: backslashes and minus signs escaped, and no line taken for a request.
QString roff(QString text)
{
    text.replace(u'\\', QLatin1String("\\e")).replace(u'-', QLatin1String("\\-"));
    QStringList lines = text.split(u'\n');
    for (QString &line : lines) {
        if (line.startsWith(u'.') || line.startsWith(u'\''))
            line.prepend(QLatin1String("\\&"));
    }
    return lines.join(u'\n');
}

QString optionEntry(const HelpText::Entry &option)
{
    QStringList names;
    for (const QString &name : option.names)
        names << QStringLiteral("\\fB%1\\fR").arg(roff(name));
    QString head = names.join(QLatin1String(", "));
    if (!option.valueName.isEmpty())
        head += QStringLiteral(" \\fI%1\\fR").arg(roff(option.valueName));
    return QStringLiteral(".TP\n%1\n%2\n").arg(head, roff(option.description));
}

bool sameOption(const HelpText::Entry &a, const HelpText::Entry &b)
{
    return a.names == b.names && a.valueName == b.valueName && a.description == b.description;
}

// A command's usage line without the "[options]" every command has: "schedule add NAME".
QString synopsis(const HelpText &help)
{
    QString usage = help.usage;
    usage.remove(QLatin1String("[options] "));
    return usage;
}

QString commandSection(const CommandHelp &command, const HelpText &runner)
{
    QString text;
    if (!command.subcommands.isEmpty()) {
        text += QStringLiteral(".SS \"jobdeck %1 %2\"\n%3\n").arg(roff(command.name), roff(command.subcommands.join(u'|')),
                                                                  roff(command.summary));
        text += QStringLiteral("See each of them below; \\fBjobdeck %1\\fR alone with \\fB\\-\\-help\\fR lists them.\n")
                    .arg(roff(command.name));
        return text;
    }
    // The parser's description says more than the table's one line, where a command has one.
    const QString description = command.help.description.isEmpty() ? command.summary : command.help.description;
    text += QStringLiteral(".SS \"jobdeck %1 [options]\"\n%2\n").arg(roff(synopsis(command.help)), roff(description));
    for (const HelpText::Entry &argument : command.help.arguments) {
        if (argument.description != QLatin1String("The command."))
            text += QStringLiteral(".TP\n\\fI%1\\fR\n%2\n").arg(roff(argument.names.join(u' ')), roff(argument.description));
    }
    for (const HelpText::Entry &option : command.help.options) {
        const bool common = std::any_of(runner.options.begin(), runner.options.end(),
                                        [&](const HelpText::Entry &r) { return sameOption(r, option); });
        if (!common)
            text += optionEntry(option);
    }
    return text;
}

const char *const kHeader = R"(.\" The manual page of jobdeck, made by `jobdeck help --man` from every command's --help.
.TH JOBDECK 1 "" "Jobdeck %1" "User Commands"
.SH NAME
jobdeck \- job console with an embedded job runner
.SH SYNOPSIS
.B jobdeck
[\fIoptions\fR]
.br
.B jobdeck \-\-no\-gui
[\fIoptions\fR]
.br
.B jobdeck
\fICOMMAND\fR [\fIarguments\fR] [\fIoptions\fR]
.SH DESCRIPTION
Jobdeck queues jobs, runs them on a pool of worker threads, and keeps every job, attempt, log line and
checkpoint in an SQLite database, so a crash loses nothing. Without a command it opens the window with the runner
inside it; with \fB\-\-no\-gui\fR it runs headless, for servers and systemd. The commands work against the same
database whether or not a runner is running.
)";

const char *const kFooter = R"(.SH ENVIRONMENT
.TP
.B JOBDECK_DB
The database file when \fB\-\-db\fR is not given.
.SH FILES
.TP
.I ~/.local/share/Jobdeck/jobdeck/jobdeck.db
The database when neither \fB\-\-db\fR nor \fBJOBDECK_DB\fR names one.
.TP
.I /var/lib/jobdeck/jobdeck.db
The database of the system service \fBjobdeck.service\fR, which runs as the user \fBjobdeck\fR.
.SH EXIT STATUS
.TP
.B 0
Success.
.TP
.B 1
The operation failed: the database is unusable, the job was not found or is in a state that does not allow it.
.TP
.B 2
Bad input: an unknown option, command, kind or state, malformed JSON, a bad duration, an empty value.
Nothing is written.
.TP
.B 3
\fBwait\fR timed out.
.SH SEE ALSO
.BR systemctl (1)
)";

// The runner's options that every command takes too, in bold: "\fB\-\-db\fR, \fB\-\-quiet\fR".
QString commonOptions(const std::vector<CommandHelp> &commands)
{
    QStringList common;
    for (const HelpText::Entry &option : commands.front().help.options) {
        const bool everywhere = std::all_of(commands.begin() + 1, commands.end(), [&](const CommandHelp &c) {
            return !c.subcommands.isEmpty()
                || std::any_of(c.help.options.begin(), c.help.options.end(),
                               [&](const HelpText::Entry &o) { return sameOption(o, option); });
        });
        if (everywhere)
            common << QStringLiteral("\\fB%1\\fR").arg(roff(option.names.last()));
    }
    return common.join(QLatin1String(", "));
}

} // namespace

QString manualPage(const std::vector<CommandHelp> &commands)
{
    const HelpText &runner = commands.front().help;
    QString page = QString::fromLatin1(kHeader).arg(QCoreApplication::applicationVersion());
    page += QStringLiteral(".SH OPTIONS\nThe options of the window and of the headless runner. Every command also takes "
                           "%1.\n").arg(commonOptions(commands));
    for (const HelpText::Entry &option : runner.options)
        page += optionEntry(option);
    page += QStringLiteral(".SH COMMANDS\n");
    for (auto c = commands.begin() + 1; c != commands.end(); ++c)
        page += commandSection(*c, runner);
    page += QString::fromLatin1(kFooter);
    return page;
}

} // namespace jobdeck
