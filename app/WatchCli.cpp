#include "WatchCli.h"

#include "model/Clock.h"
#include "model/Duration.h"
#include "runner/HandlerRegistry.h"
#include "storage/StoreError.h"
#include "watch/WatchCommands.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace jobdeck::WatchCli {

namespace {

const char *const kAddUsage =
    "jobdeck watch add NAME DIR [--pattern GLOB]... [--recursive] (--kind K [--payload-template JSON] | "
    "--definition NAME) [--settle DUR] [--after leave|move-done|delete] [--max-size BYTES]";

// Fills the watch from the options; returns an error message or empty.
QString readSpec(const QCommandLineParser &parser, const HandlerRegistry &handlers, WatchSpec &spec)
{
    const bool kind = parser.isSet(QStringLiteral("kind"));
    const bool definition = parser.isSet(QStringLiteral("definition"));
    if (kind == definition)
        return QStringLiteral("give either --kind (with --payload-template) or --definition NAME");
    if (kind) {
        spec.job.kind = parser.value(QStringLiteral("kind"));
        if (!handlers.find(spec.job.kind))
            return QStringLiteral("unknown job kind \"%1\" (known: %2)").arg(spec.job.kind, handlers.kinds().join(QStringLiteral(", ")));
        if (parser.isSet(QStringLiteral("payload-template"))) {
            QJsonDocument doc;
            const QString error = CommandLine::parseJson(parser.value(QStringLiteral("payload-template")).toUtf8(), doc);
            if (!error.isEmpty())
                return QStringLiteral("bad --payload-template: %1").arg(error);
            if (!doc.isObject())
                return QStringLiteral("--payload-template must be a JSON object");
            spec.job.payload = doc.toJson(QJsonDocument::Compact);
        }
    } else {
        if (parser.isSet(QStringLiteral("payload-template")))
            return QStringLiteral("--payload-template goes with --kind; a job definition brings its own payload");
        spec.definition = parser.value(QStringLiteral("definition"));
    }
    for (const QString &list : parser.values(QStringLiteral("pattern"))) {
        for (const QString &p : list.split(u',', Qt::SkipEmptyParts))
            spec.patterns << p.trimmed();
    }
    spec.recursive = parser.isSet(QStringLiteral("recursive"));
    if (parser.isSet(QStringLiteral("settle"))) {
        const auto ms = parseDuration(parser.value(QStringLiteral("settle")));
        if (!ms)
            return QStringLiteral("bad --settle \"%1\": write a duration like 500ms, 2s or 1m").arg(parser.value(QStringLiteral("settle")));
        spec.settleMs = *ms;
    }
    if (parser.isSet(QStringLiteral("after"))) {
        const auto after = afterActionFromName(parser.value(QStringLiteral("after")));
        if (!after)
            return QStringLiteral("--after must be leave, move-done or delete, not \"%1\"").arg(parser.value(QStringLiteral("after")));
        spec.after = *after;
    }
    if (parser.isSet(QStringLiteral("max-size"))) {
        bool ok = false;
        spec.maxSize = parser.value(QStringLiteral("max-size")).toLongLong(&ok);
        if (!ok || spec.maxSize <= 0)
            return QStringLiteral("--max-size must be a positive number of bytes");
    }
    if (parser.isSet(QStringLiteral("queue")))
        spec.job.queue = parser.value(QStringLiteral("queue"));
    if (parser.isSet(QStringLiteral("priority"))) {
        bool ok = false;
        spec.job.priority = parser.value(QStringLiteral("priority")).toInt(&ok);
        if (!ok)
            return QStringLiteral("--priority must be a whole number");
    }
    if (parser.isSet(QStringLiteral("max-attempts"))) {
        bool ok = false;
        spec.job.maxAttempts = parser.value(QStringLiteral("max-attempts")).toInt(&ok);
        if (!ok || spec.job.maxAttempts < 1)
            return QStringLiteral("--max-attempts must be a number of at least 1");
    }
    return {};
}

} // namespace

bool parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords, Session &session)
{
    return CommandLine::parseCommand(parser, arguments, maxWords, session.globals);
}

bool open(Session &session)
{
    session.store = CommandLine::openStore(session.globals);
    if (!session.store)
        return false;
    try {
        session.reader = session.store->openWatchReader();
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
        return false;
    }
    return true;
}

std::optional<WatchRecord> find(Session &session, const QString &name)
{
    if (!session.reader && !open(session))
        return std::nullopt;
    try {
        if (auto record = session.reader->watch(name))
            return record;
        fail(ExitFailed, QStringLiteral("no watch named \"%1\" (see jobdeck watch list)").arg(name));
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
    }
    return std::nullopt;
}

int add(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Watch a folder: each complete file that arrives in it enqueues a job."));
    parser.addPositionalArgument(QStringLiteral("watch add"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The watch's name."));
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The folder to watch."));
    parser.addOptions({
        {QStringLiteral("pattern"), QStringLiteral("Only file names matching this glob (repeatable; default: all)."),
         QStringLiteral("GLOB")},
        {QStringLiteral("recursive"), QStringLiteral("Watch subfolders too (never done/ and failed/).")},
        {QStringLiteral("kind"), QStringLiteral("The kind of job each file enqueues."), QStringLiteral("K")},
        {QStringLiteral("payload-template"),
         QStringLiteral("The job's payload (a JSON object); \"path\", \"size\" and \"mtime\" of the file are filled in."),
         QStringLiteral("JSON")},
        {QStringLiteral("definition"), QStringLiteral("Enqueue this job definition of the jobs folder instead."),
         QStringLiteral("NAME")},
        {QStringLiteral("settle"), QStringLiteral("A file is complete once unchanged this long (default 2s)."),
         QStringLiteral("DUR")},
        {QStringLiteral("after"), QStringLiteral("After the job succeeded: leave (default), move-done or delete; "
                                                 "with move-done or delete a dead job's file goes to failed/."),
         QStringLiteral("ACTION")},
        {QStringLiteral("max-size"), QStringLiteral("Skip files bigger than this many bytes (default 16 GiB)."),
         QStringLiteral("BYTES")},
        {QStringLiteral("queue"), QStringLiteral("Queue of the jobs (default: default)."), QStringLiteral("QUEUE")},
        {QStringLiteral("priority"), QStringLiteral("Priority of the jobs (default 0)."), QStringLiteral("N")},
        {QStringLiteral("max-attempts"), QStringLiteral("Attempts of each job before it is dead (default 5)."),
         QStringLiteral("N")},
        {QStringLiteral("replace"), QStringLiteral("Replace the watch of that name.")},
    });
    Session session;
    if (!parse(parser, arguments, 4, session))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 4)
        return fail(ExitBadInput, QStringLiteral("usage: %1").arg(QString::fromLatin1(kAddUsage)));
    WatchSpec spec;
    spec.name = positional[2];
    const QFileInfo dir(positional[3]);
    if (!dir.isDir())
        return fail(ExitBadInput, QStringLiteral("%1 is not a folder").arg(positional[3]));
    spec.dir = QDir::cleanPath(dir.absoluteFilePath());
    if (const QString error = readSpec(parser, handlers, spec); !error.isEmpty())
        return fail(ExitBadInput, error);
    QString error;
    const auto save = WatchCommands::save(spec, SystemClock::instance().nowMs(), parser.isSet(QStringLiteral("replace")), &error);
    if (!save)
        return fail(ExitBadInput, error);
    if (!open(session))
        return ExitFailed;
    const BatchResult r = session.store->apply({*save});
    if (!r.ok)
        return fail(ExitFailed, r.error);
    if (!r.results.front().applied)
        return fail(ExitFailed, QStringLiteral("a watch named \"%1\" exists already (remove it, or add with --replace)").arg(spec.name));
    out() << QStringLiteral("watch %1: %2 -> %3").arg(spec.name, spec.dir, spec.target()) << Qt::endl;
    return ExitOk;
}

int remove(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove a watch and the record of its files (its jobs stay)."));
    parser.addPositionalArgument(QStringLiteral("watch rm"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The watch."));
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = CommandLine::nameArgument(parser, QStringLiteral("jobdeck watch rm NAME"));
    if (!name || !open(session))
        return name ? ExitFailed : ExitBadInput;
    const BatchResult r = session.store->apply({DeleteWatch{*name}});
    if (!r.ok)
        return fail(ExitFailed, r.error);
    if (!r.results.front().applied)
        return fail(ExitFailed, QStringLiteral("no watch named \"%1\" (see jobdeck watch list)").arg(*name));
    out() << QStringLiteral("watch %1 removed").arg(*name) << Qt::endl;
    return ExitOk;
}

int setPaused(const QStringList &arguments, bool paused)
{
    const QString verb = paused ? QStringLiteral("pause") : QStringLiteral("resume");
    QCommandLineParser parser;
    parser.setApplicationDescription(paused ? QStringLiteral("Stop watching a folder until the watch is resumed.")
                                            : QStringLiteral("Watch a paused folder again; files that arrived meanwhile are taken."));
    parser.addPositionalArgument(QStringLiteral("watch %1").arg(verb), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The watch."));
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = CommandLine::nameArgument(parser, QStringLiteral("jobdeck watch %1 NAME").arg(verb));
    if (!name || !open(session))
        return name ? ExitFailed : ExitBadInput;
    const BatchResult r = session.store->apply({WatchCommands::pause(*name, paused, SystemClock::instance().nowMs())});
    if (!r.ok)
        return fail(ExitFailed, r.error);
    if (!r.results.front().applied)
        return fail(ExitFailed, QStringLiteral("no watch named \"%1\" (see jobdeck watch list)").arg(*name));
    out() << QStringLiteral("watch %1 %2").arg(*name, paused ? QStringLiteral("paused") : QStringLiteral("resumed")) << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck::WatchCli
