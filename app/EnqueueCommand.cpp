#include "EnqueueCommand.h"

#include "CommandLine.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "model/JobSpec.h"
#include "runner/HandlerRegistry.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace jobdeck {

namespace {

// The fields of one job, as given on the command line or in a JSON line. Strings, so both share checks.
struct SpecFields {
    QString kind;
    QJsonValue payload = QJsonObject();
    QString queue, priority, maxAttempts, timeout, key, backoff, in, at;
};

// Returns an error message, or empty and fills `spec`.
QString buildSpec(const SpecFields &f, const HandlerRegistry &handlers, qint64 nowMs, JobSpec &spec)
{
    if (f.kind.isEmpty())
        return QStringLiteral("a job kind is required");
    JobHandler *handler = handlers.find(f.kind);
    if (!handler)
        return QStringLiteral("unknown job kind \"%1\" (known: %2)").arg(f.kind, handlers.kinds().join(QStringLiteral(", ")));
    if (!f.payload.isObject())
        return QStringLiteral("the payload must be a JSON object");
    const QString invalid = handler->validate(f.payload.toObject());
    if (!invalid.isEmpty())
        return invalid;
    spec.kind = f.kind;
    spec.payload = QJsonDocument(f.payload.toObject()).toJson(QJsonDocument::Compact);
    if (!f.queue.isEmpty())
        spec.queue = f.queue;
    bool ok = true;
    if (!f.priority.isEmpty() && ((spec.priority = f.priority.toInt(&ok)), !ok))
        return QStringLiteral("priority must be a whole number, not \"%1\"").arg(f.priority);
    if (!f.maxAttempts.isEmpty() && (((spec.maxAttempts = f.maxAttempts.toInt(&ok)), !ok) || spec.maxAttempts < 1))
        return QStringLiteral("max attempts must be a number of at least 1, not \"%1\"").arg(f.maxAttempts);
    auto duration = [](const QString &text, const char *what, qint64 &target) -> QString {
        if (text.isEmpty())
            return {};
        const auto ms = parseDuration(text);
        if (!ms)
            return QStringLiteral("bad %1 \"%2\": write a duration like 250ms, 30s, 5m, 2h or 1d")
                .arg(QLatin1String(what), text);
        target = *ms;
        return {};
    };
    if (QString e = duration(f.timeout, "timeout", spec.timeoutMs); !e.isEmpty())
        return e;
    if (QString e = duration(f.backoff, "backoff", spec.backoffMs); !e.isEmpty())
        return e;
    if (!f.in.isEmpty() && !f.at.isEmpty())
        return QStringLiteral("give either --in or --at, not both");
    qint64 delay = 0;
    if (QString e = duration(f.in, "delay", delay); !e.isEmpty())
        return e;
    if (delay > 0)
        spec.runAtMs = nowMs + delay;
    if (!f.at.isEmpty()) {
        const auto at = parseIsoTime(f.at);
        if (!at)
            return QStringLiteral("bad time \"%1\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00")
                .arg(f.at);
        spec.runAtMs = *at;
    }
    spec.idempotencyKey = f.key;
    return {};
}

QString fieldText(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

int enqueueFile(const QString &path, const HandlerRegistry &handlers, const GlobalOptions &globals)
{
    QFile file;
    const bool ok = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                               : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok)
        return fail(ExitBadInput, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const qint64 now = SystemClock::instance().nowMs();
    WriteBatch batch;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (!doc.isObject())
            return fail(ExitBadInput, QStringLiteral("line %1: %2").arg(lineNumber).arg(
                parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not a JSON object")));
        const QJsonObject o = doc.object();
        SpecFields f;
        f.kind = o.value(QLatin1String("kind")).toString();
        f.payload = o.contains(QLatin1String("payload")) ? o.value(QLatin1String("payload")) : QJsonValue(QJsonObject());
        f.queue = fieldText(o, "queue");
        f.priority = fieldText(o, "priority");
        f.maxAttempts = fieldText(o, "max_attempts");
        f.timeout = fieldText(o, "timeout");
        f.key = fieldText(o, "key");
        f.backoff = fieldText(o, "backoff");
        f.in = fieldText(o, "in");
        f.at = fieldText(o, "at");
        JobSpec spec;
        const QString error = buildSpec(f, handlers, now, spec);
        if (!error.isEmpty())
            return fail(ExitBadInput, QStringLiteral("line %1: %2").arg(lineNumber).arg(error));
        batch.push_back(EnqueueJob{spec, now});
    }
    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    const BatchResult result = store->apply(std::move(batch));
    if (!result.ok)
        return fail(ExitFailed, QStringLiteral("nothing was enqueued: %1").arg(result.error));
    for (const MutationResult &r : result.results)
        out() << r.jobId << '\n';
    out().flush();
    return ExitOk;
}

} // namespace

int runEnqueue(const QStringList &arguments, const HandlerRegistry &handlers)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Enqueue a job and print its id."));
    CommandLine::addGlobalOptions(parser);
    parser.addPositionalArgument(QStringLiteral("enqueue"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("KIND"), QStringLiteral("The handler that runs the job."));
    parser.addOptions({
        {QStringLiteral("payload"), QStringLiteral("Payload, a JSON object."), QStringLiteral("JSON")},
        {QStringLiteral("queue"), QStringLiteral("Queue name (default: default)."), QStringLiteral("Q")},
        {QStringLiteral("priority"), QStringLiteral("Higher runs first (default 0)."), QStringLiteral("P")},
        {QStringLiteral("max-attempts"), QStringLiteral("Attempts before the job is dead (default 5)."), QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Cancel an attempt after this long."), QStringLiteral("DUR")},
        {QStringLiteral("key"), QStringLiteral("Idempotency key: a second enqueue returns the first job."), QStringLiteral("KEY")},
        {QStringLiteral("backoff"), QStringLiteral("First retry delay, doubling (default 5s)."), QStringLiteral("DUR")},
        {QStringLiteral("in"), QStringLiteral("Run after this delay."), QStringLiteral("DUR")},
        {QStringLiteral("at"), QStringLiteral("Run at this ISO 8601 time."), QStringLiteral("TIME")},
        {QStringLiteral("file"), QStringLiteral("Enqueue JSON lines from a file, or - for stdin."), QStringLiteral("PATH")},
    });
    if (!CommandLine::parse(parser, arguments))
        return ExitBadInput;
    GlobalOptions globals;
    if (!CommandLine::readGlobals(parser, globals))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("file"))) {
        if (positional.size() > 1)
            return fail(ExitBadInput, QStringLiteral("give either KIND or --file, not both"));
        return enqueueFile(parser.value(QStringLiteral("file")), handlers, globals);
    }
    if (positional.size() != 2)
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck enqueue KIND [--payload JSON] [options]"));

    SpecFields f;
    f.kind = positional[1];
    std::optional<QJsonObject> payload;
    if (!CommandLine::readPayload(parser, payload))
        return ExitBadInput;
    if (payload)
        f.payload = *payload;
    f.queue = parser.value(QStringLiteral("queue"));
    f.priority = parser.value(QStringLiteral("priority"));
    f.maxAttempts = parser.value(QStringLiteral("max-attempts"));
    f.timeout = parser.value(QStringLiteral("timeout"));
    f.key = parser.value(QStringLiteral("key"));
    f.backoff = parser.value(QStringLiteral("backoff"));
    f.in = parser.value(QStringLiteral("in"));
    f.at = parser.value(QStringLiteral("at"));
    const qint64 now = SystemClock::instance().nowMs();
    JobSpec spec;
    const QString error = buildSpec(f, handlers, now, spec);
    if (!error.isEmpty())
        return fail(ExitBadInput, error);

    auto store = CommandLine::openStore(globals);
    if (!store)
        return ExitFailed;
    const BatchResult result = store->apply({EnqueueJob{spec, now}});
    if (!result.ok)
        return fail(ExitFailed, QStringLiteral("the job was not enqueued: %1").arg(result.error));
    out() << result.results.front().jobId << Qt::endl;
    return ExitOk;
}

} // namespace jobdeck
